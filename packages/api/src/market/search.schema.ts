// Input of market.search: what a member typed in the header's symbol search.
import { z } from "zod";
import { safeText } from "../validation/text.ts";

const QUERY_MESSAGE = "Type 1 to 40 characters: a symbol or a company name";

/** `{ query }`: 1–40 characters after trimming, no control characters. */
export const SearchInputSchema = z.object({
  query: safeText().trim().min(1, QUERY_MESSAGE).max(40, QUERY_MESSAGE),
});
export type SearchInput = z.output<typeof SearchInputSchema>;
