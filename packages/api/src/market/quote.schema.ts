// Input of market.quote: one symbol, as members type it.
import { z } from "zod";
import { MarketSymbolSchema } from "../validation/market.ts";

/** `{ symbol }`: trimmed, upper-cased, refused beside its field when it cannot be a symbol. */
export const QuoteInputSchema = z.object({ symbol: MarketSymbolSchema });
export type QuoteInput = z.output<typeof QuoteInputSchema>;
