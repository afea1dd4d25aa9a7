// market.search: symbols and names matching what a member typed.
import type { MarketData, MarketResult, SymbolMatch } from "./types.ts";
import type { SearchInput } from "./search.schema.ts";

/** At most this many matches: a results page, not a directory. */
export const MAX_SEARCH_RESULTS = 25;

/** Matches for the query, exact symbol first, then as the provider ranked them; throws MarketUnavailableError. */
export async function search(market: MarketData, input: SearchInput): Promise<MarketResult<SymbolMatch[]>> {
  const result = await market.search(input.query);
  const exact = input.query.toUpperCase();
  // A member who typed a whole ticker wants that ticker first, whatever the provider's ranking.
  const ranked = [...result.data].sort((a, b) => Number(b.symbol === exact) - Number(a.symbol === exact));
  return { ...result, data: ranked.slice(0, MAX_SEARCH_RESULTS) };
}
