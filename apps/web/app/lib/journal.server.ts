import {
  httpStatusOf,
  readIsoDateTime,
  refusalMessageOf,
  TradeFiltersSchema,
  TRPCError,
  WallClock,
} from "@tradecraft/api";

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

type FilterValues = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/**
 * The URL's filters read with the journal's filter schema: `filters` holds the valid ones (the
 * query runs with those), `values` everything as typed (the form shows it again) and `errors`
 * why each bad one was left out, so a hand-edited URL shows the page with field errors (issue 13).
 */
export function readFilters(url: URL): {
  filters: FilterValues;
  values: FilterValues;
  errors: Record<string, string[]>;
} {
  const values = filtersFromUrl(url) as FilterValues;
  const filters: FilterValues = { ...values };
  const errors: Record<string, string[]> = {};
  // Each round drops the fields named by an issue; a rule across fields (from after to) names `to`.
  for (let round = 0; round <= FILTER_KEYS.length; round++) {
    const result = TradeFiltersSchema.safeParse(filters);
    if (result.success) break;
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "") as keyof FilterValues;
      (errors[key] ??= []).push(issue.message);
      delete filters[key];
    }
    if (result.error.issues.every((issue) => issue.path.length === 0)) return { filters: {}, values, errors };
  }
  return { filters, values, errors };
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
