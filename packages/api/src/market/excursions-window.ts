// Which bars a trade's excursions need and where its chart opens: the time window (real times, or
// 10:00-15:00 New York for trades known by their dates only), the bar size, and the calls to make.
// Pure: no I/O.
import { zonedToUtc, zoneOffsetMinutes } from "../journal/domain/time-zone.ts";
import type { Timespan } from "./types.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One market data call asks for at most 5 days of minute bars (about 7,200 for a 24-hour market). */
export const MAX_MINUTE_CALL_MS = 5 * DAY;
/** Hour bars in calls of 30 days (720 bars), day bars in calls of a year. */
const CHUNK_MS: Record<Timespan, number> = { minute: MAX_MINUTE_CALL_MS, hour: 30 * DAY, day: 365 * DAY };
export const BAR_MS: Record<Timespan, number> = { minute: MINUTE, hour: HOUR, day: DAY };

/** Where New York's regular session is assumed to hold a trade known by its dates only. */
export const ASSUMED_ZONE = "America/New_York";
export const ASSUMED_OPEN_HOUR = 10;
export const ASSUMED_CLOSE_HOUR = 15;

/** Brokers whose files give dates without times (their importer places each execution at noon). */
const DATE_ONLY_BROKERS = new Set(["robinhood"]);

/** True when `instant` is exactly 00:00:00.000 on the wall clock of `timeZone`. */
export function isLocalMidnight(instant: Date, timeZone: string): boolean {
  const local = instant.getTime() + zoneOffsetMinutes(instant, timeZone) * MINUTE;
  return ((local % DAY) + DAY) % DAY === 0;
}

export interface WindowInput {
  entryAt: Date;
  exitAt: Date;
  /** The broker of the import the trade came from; null for a hand-entered trade. */
  importBroker: string | null;
}

export interface ExcursionWindow {
  from: number;
  to: number;
  /** The times are assumed (10:00 on the entry day to 15:00 on the exit day, New York). */
  timeAssumed: boolean;
}

/** The member's calendar day of an instant, as numbers. */
function dayOf(instant: Date, timeZone: string) {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(instant, timeZone) * MINUTE);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/**
 * The window to measure: the trade's own times, or, for a trade whose times are dates only (an
 * import from a broker that gives none, or entry and exit both at 00:00:00.000 in the member's
 * zone), 10:00 New York on the entry day to 15:00 New York on the exit day.
 */
export function excursionWindow(trade: WindowInput, memberTimeZone: string): ExcursionWindow {
  const fromBroker = trade.importBroker !== null && DATE_ONLY_BROKERS.has(trade.importBroker);
  const atMidnight = isLocalMidnight(trade.entryAt, memberTimeZone) && isLocalMidnight(trade.exitAt, memberTimeZone);
  if (!fromBroker && !atMidnight)
    return { from: trade.entryAt.getTime(), to: trade.exitAt.getTime(), timeAssumed: false };
  const from = zonedToUtc({ ...dayOf(trade.entryAt, memberTimeZone), hour: ASSUMED_OPEN_HOUR }, ASSUMED_ZONE).getTime();
  const to = zonedToUtc({ ...dayOf(trade.exitAt, memberTimeZone), hour: ASSUMED_CLOSE_HOUR }, ASSUMED_ZONE).getTime();
  return { from, to: Math.max(from, to), timeAssumed: true };
}

/** The bar size for a window: minutes up to 5 days, hours up to 90 days, days beyond. */
export function timespanFor(from: number, to: number): Timespan {
  const length = to - from;
  if (length <= MAX_MINUTE_CALL_MS) return "minute";
  return length <= 90 * DAY ? "hour" : "day";
}

export interface BarPlan {
  timespan: Timespan;
  barMs: number;
  /** Provider calls, `[from, to)` each, oldest first, together covering every bar that overlaps the window. */
  calls: Array<[number, number]>;
}

/**
 * The calls that fetch the bars overlapping [from, to]: minute bars in one call for a window of
 * up to 5 days; longer windows use hour (or day) bars, whose first bar may begin before the entry
 * and so can count a little of the price before it.
 */
export function barPlan(from: number, to: number): BarPlan {
  const timespan = timespanFor(from, to);
  const barMs = BAR_MS[timespan];
  // Providers answer bars with from <= t < to: start at the bar holding the entry, end just after the exit.
  const start = Math.floor(from / barMs) * barMs;
  const end = to + 1;
  const calls: Array<[number, number]> = [];
  for (let t = start; t < end; t += CHUNK_MS[timespan]) calls.push([t, Math.min(end, t + CHUNK_MS[timespan])]);
  return { timespan, barMs, calls };
}

/** Margin shown on the chart around a trade: a quarter of its length, at least 30 minutes. */
function chartMargin(length: number): number {
  return Math.max(30 * MINUTE, Math.round(length / 4));
}

/** The market page showing a trade: `/app/market/<SYMBOL>?from=…&to=…&timespan=…` with a margin either side. */
export function chartHref(symbol: string, window: { from: number; to: number }): string {
  const margin = chartMargin(window.to - window.from);
  const from = new Date(window.from - margin);
  const to = new Date(window.to + margin);
  const params = new URLSearchParams({
    from: from.toISOString(),
    to: to.toISOString(),
    // The bar size for the period shown, margins included (a 4.5-day trade shows 5.6 days: hours).
    timespan: timespanFor(from.getTime(), to.getTime()),
  });
  return `/app/market/${encodeURIComponent(symbol.toUpperCase())}?${params.toString()}`;
}
