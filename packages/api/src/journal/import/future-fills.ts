// A fill dated after today cannot have happened: a wrong year or a day/month swap in the file.
import { dayRangeToUtc, localTime } from "../domain/time-zone.ts";
import type { ParsedFill, RowError } from "./types.ts";

/**
 * Splits `fills` into those dated today or earlier in the member's zone and a row error for each
 * dated after today. Later today is allowed: brokers that give dates alone are placed at noon,
 * and clocks drift.
 */
export function refuseFutureFills<F extends Pick<ParsedFill, "line" | "executedAt">>(
  fills: F[],
  now: Date,
  timeZone: string,
): { fills: F[]; errors: RowError[] } {
  const today = localTime(now, timeZone).day;
  const tomorrow = dayRangeToUtc(undefined, today, timeZone).lt!.getTime();
  const kept: F[] = [];
  const errors: RowError[] = [];
  for (const fill of fills) {
    if (fill.executedAt.getTime() < tomorrow) {
      kept.push(fill);
      continue;
    }
    const day = localTime(fill.executedAt, timeZone).day;
    errors.push({
      line: fill.line,
      message: `Dated ${day}, after today (${today}, ${timeZone}): a fill cannot be in the future. Check the file's dates.`,
    });
  }
  return { fills: kept, errors };
}
