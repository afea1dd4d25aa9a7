// The market router: quotes, bars, symbol search and the member's own trades on a symbol, through
// ctx.market (issue 14). The service's failures become refusals a page can act on: an outage is
// 503 ("unavailable", the page still renders), an unknown symbol 404 with suggestions to offer.
import { TRPCError } from "@trpc/server";
import { memberProcedure, router } from "../trpc.ts";
import { bars } from "./bars.handler.ts";
import { BarsInputSchema } from "./bars.schema.ts";
import { newsProcedures } from "./news.procedures.ts";
import { quote } from "./quote.handler.ts";
import { QuoteInputSchema } from "./quote.schema.ts";
import { search } from "./search.handler.ts";
import { SearchInputSchema } from "./search.schema.ts";
import { symbolTrades } from "./symbol-trades.handler.ts";
import { SymbolTradesInputSchema } from "./symbol-trades.schema.ts";
import { MarketDataNotAvailableError, MarketUnavailableError, SymbolNotFoundError } from "./types.ts";

/** "No market data for XYZZ. Did you mean XYZ, XYL?": the suggestions in words, for any HTTP client. */
export function notFoundMessage(error: SymbolNotFoundError): string {
  const names = error.suggestions.slice(0, 5).map((s) => s.symbol);
  return names.length ? `${error.message} Did you mean ${names.join(", ")}?` : error.message;
}

/**
 * The market service's errors as tRPC refusals. The original error stays the cause, so a loader
 * reads the suggestions (`cause.suggestions`) without parsing the message.
 */
export function marketRefusal(error: unknown): TRPCError | null {
  if (error instanceof MarketUnavailableError)
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: error.message, cause: error });
  if (error instanceof SymbolNotFoundError)
    return new TRPCError({ code: "NOT_FOUND", message: notFoundMessage(error), cause: error });
  if (error instanceof MarketDataNotAvailableError)
    return new TRPCError({ code: "FORBIDDEN", message: error.message, cause: error });
  return null;
}

/** A member's call into the market service, its failures refused as marketRefusal says. */
export const marketProcedure = memberProcedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const refusal = marketRefusal(result.error.cause);
    if (refusal) throw refusal;
  }
  return result;
});

export const marketRouter = router({
  /** The last price of a symbol, with its source, freshness and day figures. */
  quote: marketProcedure.input(QuoteInputSchema).query(({ ctx, input }) => quote(ctx.market, input)),
  /** Candles over a period (a default one per bar size when none is given), at most the bar size's range limit. */
  bars: marketProcedure.input(BarsInputSchema).query(({ ctx, input }) => bars(ctx.market, input)),
  /** Symbols and names matching 1–40 typed characters. */
  search: marketProcedure.input(SearchInputSchema).query(({ ctx, input }) => search(ctx.market, input)),
  /** The member's own trades on a symbol (and its option legs), newest first, at most 500. */
  symbolTrades: memberProcedure.input(SymbolTradesInputSchema).query(({ ctx, input }) => symbolTrades(ctx, input)),
  ...newsProcedures,
});
