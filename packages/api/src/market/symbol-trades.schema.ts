// Input of market.symbolTrades: the member's own trades on one symbol, for the chart's markers.
import { z } from "zod";
import { MarketSymbolSchema } from "../validation/market.ts";
import { MarketTimeSchema } from "./bars.schema.ts";

/** At most this many trades come back (the newest): more markers than this would hide the candles. */
export const MAX_SYMBOL_TRADES = 500;

const optionalTime = z.preprocess((v) => (v === "" || v === null ? undefined : v), MarketTimeSchema.optional());

/** A symbol and, optionally, a period the trades must overlap (entry before `to`, exit after `from`). */
export const SymbolTradesInputSchema = z
  .object({ symbol: MarketSymbolSchema, from: optionalTime, to: optionalTime })
  .refine((input) => input.from === undefined || input.to === undefined || input.to > input.from, {
    path: ["to"],
    message: "The end must be after the start",
  });
export type SymbolTradesInput = z.output<typeof SymbolTradesInputSchema>;
