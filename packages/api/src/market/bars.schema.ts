// Inputs of market.bars and market.symbolTrades: a symbol, a bar size and an optional period.
// Times come from URLs (a chart link from a trade, a hand-edited address) as ISO text, or from
// code as epoch ms; a time without a zone is read as UTC, so one address shows one period for
// everyone. Without a period the chart shows a default one per bar size (defaultBarRange).
import { z } from "zod";
import { readIsoDateTime, WallClock } from "../validation/dates.ts";
import { barRangeProblem, MarketSymbolSchema, TimespanSchema, type TimespanInput } from "../validation/market.ts";

const TIME_MESSAGE = "Enter a date like 2026-03-02 or a time like 2026-03-02T14:30Z";
const EARLIEST_MS = Date.UTC(1970, 0, 1);
const LATEST_MS = Date.UTC(2100, 11, 31);
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** An instant as ISO text (zoneless = UTC) or epoch ms, within 1970..2100, as epoch ms. */
export const MarketTimeSchema = z
  .union([z.number(TIME_MESSAGE), z.string(TIME_MESSAGE).trim().max(40, TIME_MESSAGE)], TIME_MESSAGE)
  .transform((value, ctx) => {
    let ms: number | null = typeof value === "number" ? value : null;
    if (typeof value === "string") {
      const read = readIsoDateTime(value);
      ms = read instanceof WallClock ? read.in("UTC").getTime() : read ? read.getTime() : null;
    }
    if (ms === null || !Number.isFinite(ms) || ms < EARLIEST_MS || ms > LATEST_MS) {
      ctx.addIssue({ code: "custom", message: TIME_MESSAGE });
      return z.NEVER;
    }
    return ms;
  });

/** An empty field of a GET form ("?from=") means "not given", not "a bad time". */
const optionalTime = z.preprocess((v) => (v === "" || v === null ? undefined : v), MarketTimeSchema.optional());

/** New York's UTC offset in ms at `at` (−4 h in summer, −5 h in winter). */
function newYorkOffsetMs(at: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: "America/New_York",
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  return wall - Math.floor(at / 60_000) * 60_000;
}

/** The US stock session (09:30–16:00 New York) running at `now`, or else the last one that ran. */
export function lastSession(now: number): { from: number; to: number } {
  for (let daysBack = 0; daysBack < 7; daysBack++) {
    const probe = now - daysBack * DAY_MS;
    const offset = newYorkOffsetMs(probe);
    const local = new Date(probe + offset);
    if (local.getUTCDay() === 0 || local.getUTCDay() === 6) continue;
    const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - offset;
    const open = midnight + 9.5 * HOUR_MS;
    if (open > now) continue;
    return { from: open, to: Math.min(midnight + 16 * HOUR_MS, now) };
  }
  return { from: now - DAY_MS, to: now };
}

/** The period a chart shows when none is asked for: the last session of minutes, a month of hours, a year of days. */
export function defaultBarRange(timespan: TimespanInput, now = Date.now()): { from: number; to: number } {
  if (timespan === "minute") return lastSession(now);
  // Rounded up (day bars to 5 minutes, hour bars to the minute: the cache's freshness for each) so
  // that requests in the same window ask for the same period and share one cache entry.
  const step = timespan === "day" ? 300_000 : 60_000;
  const to = Math.ceil(now / step) * step;
  return { from: timespan === "hour" ? to - 30 * DAY_MS : to - 365 * DAY_MS, to };
}

/** market.bars: the period defaults per bar size; a period given whole or in part is checked against its limit. */
export const BarsInputSchema = z
  .object({
    symbol: MarketSymbolSchema,
    timespan: TimespanSchema.default("day"),
    from: optionalTime,
    to: optionalTime,
  })
  .transform((input, ctx) => {
    const fallback = defaultBarRange(input.timespan);
    // Only an end given: the default length before it; only a start: its default length after, up to now.
    const length = fallback.to - fallback.from;
    const to =
      input.to ??
      (input.from !== undefined ? Math.min(input.from + length, Math.max(Date.now(), input.from + 1)) : fallback.to);
    // Never before 1970: an end given near it (epoch ms from code) starts there, not at a negative time.
    const from = input.from ?? (input.to !== undefined ? Math.max(EARLIEST_MS, input.to - length) : fallback.from);
    const problem = barRangeProblem(input.timespan, from, to);
    if (problem) {
      ctx.addIssue({ code: "custom", path: [to <= from ? "to" : "from"], message: problem });
      return z.NEVER;
    }
    return { symbol: input.symbol, timespan: input.timespan, from, to };
  });
export type BarsInput = z.output<typeof BarsInputSchema>;
