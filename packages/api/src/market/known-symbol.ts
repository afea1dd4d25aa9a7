// The check a member's typed symbol passes before it is stored (a watchlist item, an alert): the
// market service must know it. Shared by watchlists and alerts, so both refuse alike.
import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";
import { fieldError } from "../trpc.ts";
import { notFoundMessage } from "./router.ts";
import { futuresRoot } from "./symbols.ts";
import { MarketUnavailableError, SymbolNotFoundError } from "./types.ts";

type MarketContext = Pick<Context, "market">;

/**
 * The market service knows `symbol`, else a field error naming suggestions. A real provider's
 * quote answers only for symbols it lists; the simulated one prices any well-formed text, so
 * there the symbol (or its futures root) must also be in its catalog, as search finds it.
 */
export async function requireKnownSymbol(ctx: MarketContext, symbol: string) {
  try {
    const quote = await ctx.market.quote(symbol);
    if (!quote.simulated) return;
    const root = futuresRoot(symbol);
    const listed = await ctx.market.search(root ?? symbol);
    if (listed.data.some((m) => m.symbol === (root ?? symbol))) return;
    throw new SymbolNotFoundError(symbol, await suggestionsFor(ctx, symbol));
  } catch (error) {
    if (error instanceof SymbolNotFoundError) throw fieldError("symbol", notFoundMessage(error));
    if (error instanceof MarketUnavailableError)
      // Not the member's mistake and not ours to guess: nothing is stored, and they may retry.
      throw new TRPCError({
        code: "SERVICE_UNAVAILABLE",
        message: `Prices are unavailable right now, so ${symbol} cannot be checked. Please try again in a minute.`,
        cause: error,
      });
    throw error;
  }
}

/** Matches for the longest start of `symbol` that matches anything ("AAPX" → AAP → AAPL). */
async function suggestionsFor(ctx: MarketContext, symbol: string) {
  for (let length = symbol.length; length > 0; length--) {
    const found = await ctx.market.search(symbol.slice(0, length));
    if (found.data.length) return found.data.slice(0, 5);
  }
  return [];
}
