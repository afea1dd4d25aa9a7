import { httpStatusOf, readIsoDateTime, refusalMessageOf, TRPCError, WallClock } from "@tradecraft/api";

/**
 * A <input type="datetime-local"> value, read in the member's time zone; null when empty,
 * undefined when unreadable (another format, or a day not on the calendar: 2026-02-30 is not March 2).
 */
export function localDateTime(value: FormDataEntryValue | null, timeZone: string): Date | null | undefined {
  const text = String(value ?? "").trim();
  if (!text) return null;
  const read = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text) ? readIsoDateTime(text) : null;
  return read instanceof WallClock ? read.in(timeZone) : undefined;
}

/** The value of an <input type="datetime-local"> showing `instant` in the member's time zone, to the second. */
export function dateTimeLocalValue(instant: Date | string | null, timeZone: string): string {
  if (instant === null) return "";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The filters a journal URL carries (?from=&to=&symbol=…). */
export const FILTER_KEYS = [
  "from",
  "to",
  "accountId",
  "symbol",
  "side",
  "outcome",
  "status",
  "tag",
  "setupId",
  "assetClass",
  "grade",
] as const;
export function filtersFromUrl(url: URL) {
  return Object.fromEntries(
    FILTER_KEYS.map((k) => [k, url.searchParams.get(k)?.slice(0, 64) || undefined]).filter(([, v]) => v),
  ) as Record<(typeof FILTER_KEYS)[number], string | undefined>;
}

/** A refused query (bad filters in a hand-edited URL) becomes a 4xx page with the reason, not a 500. */
export async function orRefusal<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (!(error instanceof TRPCError) || httpStatusOf(error) >= 500) throw error;
    throw new Response(refusalMessageOf(error), { status: httpStatusOf(error) });
  }
}
