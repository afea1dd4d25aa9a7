// The P&L calendar: each of the member's days (in their zone) with the net P&L of the trades
// that closed on it. A trade counts on its exit day: that is when its P&L became real.
import type { Weekday } from "./time-zone.ts";
import { wallClockOf, type ZoneClock } from "./zone-clock.ts";

/** The longest range one calendar request may cover. */
export const MAX_CALENDAR_DAYS = 370;

const DAY_MS = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** True for a real YYYY-MM-DD date (not 2026-02-30). */
export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && new Date(dayMs(day)).toISOString().slice(0, 10) === day;
}

/** Days from `start` to `end` inclusive (YYYY-MM-DD), counted on the calendar, not in hours. */
export function daySpan(start: string, end: string): number {
  return Math.round((dayMs(end) - dayMs(start)) / DAY_MS) + 1;
}

/** The first and last day of a YYYY-MM month. */
export function monthBounds(month: string): { start: string; end: string } {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(last).padStart(2, "0")}` };
}

/** The month `delta` months from a YYYY-MM month. */
export function addMonths(month: string, delta: number): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(year, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

export interface CalendarDay {
  /** YYYY-MM-DD in the member's zone. */
  day: string;
  weekday: Weekday;
  netPnl: number;
  tradeCount: number;
}

export interface CalendarTrade {
  netPnl: number;
  /** Epoch milliseconds. */
  exitAt: number;
}

/**
 * Every day from `start` to `end` (inclusive, at most MAX_CALENDAR_DAYS), with the count and
 * exact net P&L (summed in cents) of the trades whose exit fell on it in the clock's zone.
 * Trades outside the range are ignored.
 */
export function calendarDays(
  trades: readonly CalendarTrade[],
  start: string,
  end: string,
  clock: ZoneClock,
): CalendarDay[] {
  const span = daySpan(start, end);
  if (!(span >= 1 && span <= MAX_CALENDAR_DAYS))
    throw new RangeError(`A calendar covers 1 to ${MAX_CALENDAR_DAYS} days, not ${span}`);
  const days = new Map<string, { cents: number; count: number }>();
  for (const t of trades) {
    const { day } = clock.local(t.exitAt);
    if (day < start || day > end) continue;
    const d = days.get(day) ?? { cents: 0, count: 0 };
    d.cents += Math.round(t.netPnl * 100);
    d.count += 1;
    days.set(day, d);
  }
  const first = dayMs(start);
  return Array.from({ length: span }, (_, i) => {
    const { day, weekday } = wallClockOf(first + i * DAY_MS);
    const d = days.get(day);
    return { day, weekday, netPnl: d ? d.cents / 100 : 0, tradeCount: d?.count ?? 0 };
  });
}

export interface CalendarWeek {
  /** The first and last day of the week inside the range (YYYY-MM-DD); weeks run Monday to Sunday. */
  start: string;
  end: string;
  netPnl: number;
  tradeCount: number;
}

/**
 * The days grouped into Monday-to-Sunday weeks, each with its net P&L (summed in cents) and trade
 * count; the first and last week are cut at the range's ends, as the calendar shows them.
 */
export function calendarWeekTotals(days: readonly CalendarDay[]): CalendarWeek[] {
  const weeks: (CalendarWeek & { cents: number })[] = [];
  for (const d of days) {
    const current = weeks.at(-1);
    if (!current || d.weekday === "Mon") weeks.push({ start: d.day, end: d.day, netPnl: 0, tradeCount: 0, cents: 0 });
    const week = weeks.at(-1)!;
    week.end = d.day;
    week.cents += Math.round(d.netPnl * 100);
    week.tradeCount += d.tradeCount;
  }
  return weeks.map(({ cents, ...week }) => ({ ...week, netPnl: cents / 100 }));
}
