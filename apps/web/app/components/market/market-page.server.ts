// The symbol page's reading of the router's answers: which refusals are the member's to fix
// (a bad symbol, a bad period: 400 beside the field), which mean "no such symbol" (404 with
// suggestions) and which are an outage (the market parts say "unavailable", the page is 200).
import { type Api, formErrorsOf, httpStatusOf, TRPCError } from "@tradecraft/api";
import type { CompactBar } from "./chart-markers";

/** A symbol the providers offered instead of an unknown one. */
export interface Suggestion {
  symbol: string;
  name: string;
}

/** The suggestions a NOT_FOUND refusal of market.* carries (its cause is the service's SymbolNotFoundError). */
export function suggestionsOf(error: unknown): Suggestion[] | null {
  if (!(error instanceof TRPCError) || error.code !== "NOT_FOUND") return null;
  const cause = error.cause as { suggestions?: unknown } | undefined;
  const list = Array.isArray(cause?.suggestions) ? (cause.suggestions as Suggestion[]) : [];
  return list.slice(0, 8).map((s) => ({ symbol: String(s.symbol), name: String(s.name ?? "") }));
}

/** True for an outage of the market service (503): shown as "unavailable", never as an error page. */
export function isMarketOutage(error: unknown): boolean {
  return error instanceof TRPCError && httpStatusOf(error) === 503;
}

/** The per-field messages of a BAD_REQUEST, or null for any other error. */
export function fieldErrorsOf(error: unknown): Record<string, string[] | undefined> | null {
  return formErrorsOf(error)?.fieldErrors ?? null;
}

/** Bars as arrays (a sixth of the JSON of objects): the page serialises them once for hydration. */
export function compactBars(
  bars: { t: number; o: number; h: number; l: number; c: number; v: number }[],
): CompactBar[] {
  return bars.map((b) => [b.t, b.o, b.h, b.l, b.c, b.v]);
}

/** The span of one bar in ms, to find which bar an entry or exit falls in. */
export const BAR_SPAN_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

type BarsAnswer = Awaited<ReturnType<Api["market"]["bars"]>>;

/**
 * The bars the page asked for; when its period or bar size was refused, the default period
 * instead (so the page still shows a chart beside the field errors), and the errors.
 */
export async function barsOrDefault(
  api: Api,
  symbol: string,
  asked: { timespan?: string; from?: string; to?: string },
): Promise<{ bars: BarsAnswer | null; errors: Record<string, string[] | undefined>; outage: boolean }> {
  try {
    return { bars: await api.market.bars({ symbol, ...asked } as never), errors: {}, outage: false };
  } catch (error) {
    if (isMarketOutage(error)) return { bars: null, errors: {}, outage: true };
    const errors = fieldErrorsOf(error);
    if (!errors || errors.symbol) throw error;
    const timespan = errors.timespan ? "day" : (asked.timespan as "minute" | "hour" | "day" | undefined);
    try {
      return { bars: await api.market.bars({ symbol, timespan }), errors, outage: false };
    } catch (again) {
      if (isMarketOutage(again)) return { bars: null, errors, outage: true };
      throw again;
    }
  }
}
