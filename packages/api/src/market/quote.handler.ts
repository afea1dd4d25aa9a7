// market.quote: the last price of one symbol, with where it came from and how fresh it is.
import type { MarketData, MarketResult, Quote } from "./types.ts";
import type { QuoteInput } from "./quote.schema.ts";

/** The symbol's quote from its provider (cached by the service); throws SymbolNotFoundError or MarketUnavailableError. */
export function quote(market: MarketData, input: QuoteInput): Promise<MarketResult<Quote>> {
  return market.quote(input.symbol);
}
