// Market inputs: the symbol a member types and how many bars one call may ask for. The range
// limits keep one request's work bounded (a 10-year request of minute bars would be 1.3 million
// bars from a provider that bills per call, or seconds of CPU from the simulated one).
import { z } from "zod";

export const SYMBOL_MESSAGE = "Enter a symbol such as AAPL, BTC or ES";
const SYMBOL = /^[A-Z0-9./:-]{1,16}$/;

/** A market symbol as members type it: trimmed, upper-cased, letters/digits and . / : - only. */
export const MarketSymbolSchema = z
  .string(SYMBOL_MESSAGE)
  .max(64, SYMBOL_MESSAGE)
  .transform((text) => text.trim().toUpperCase())
  .pipe(z.string().regex(SYMBOL, SYMBOL_MESSAGE));

export const TimespanSchema = z.enum(["minute", "hour", "day"], "Choose minute, hour or day bars");
export type TimespanInput = z.infer<typeof TimespanSchema>;

const DAY_MS = 86_400_000;

/** The longest span one call may cover per bar size, in ms, and how members read it. */
export const BAR_RANGE_LIMITS = {
  minute: { ms: 5 * DAY_MS, label: "5 days" },
  hour: { ms: 90 * DAY_MS, label: "90 days" },
  day: { ms: 3653 * DAY_MS, label: "10 years" },
} as const;

/** Null when `from`..`to` is a valid range for `timespan` bars, else the message naming the limit. */
export function barRangeProblem(timespan: TimespanInput, from: number, to: number): string | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return "Give a start and an end time";
  if (to <= from) return "The end must be after the start";
  const limit = BAR_RANGE_LIMITS[timespan];
  if (to - from > limit.ms)
    return `${timespan[0]!.toUpperCase()}${timespan.slice(1)} bars cover at most ${limit.label} per request`;
  return null;
}
