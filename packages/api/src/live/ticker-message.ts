// What the ticker sends: one message per poll with every watched symbol's price. It crosses Redis
// between instances, so every instance parses what it receives instead of trusting it.
import { z } from "zod";

export const TICKER_CHANNEL = "ws:ticker";

export const TickerPriceSchema = z.strictObject({
  symbol: z.string().regex(/^[A-Z0-9./:-]{1,16}$/),
  price: z.number().finite().positive(),
  /** Percent change over 24 hours (crypto) or since the previous close (stocks); null when unknown. */
  change24h: z.number().finite().nullable(),
  /** When the price was made, epoch ms. */
  at: z.number().int().nonnegative(),
});
export type TickerPrice = z.infer<typeof TickerPriceSchema>;

export const TickerMessageSchema = z.strictObject({
  type: z.literal("ticker_update"),
  /** Increasing across every producer (a Redis counter): clients resume after the last id they saw. */
  id: z.string().regex(/^\d{1,20}$/),
  data: z.array(TickerPriceSchema).max(5_000),
  timestamp: z.number().int().nonnegative(),
  /** The producer could not reach the providers: these are the last prices it had. */
  stale: z.boolean(),
});
export type TickerMessage = z.infer<typeof TickerMessageSchema>;

/** Orders two message ids (numeric strings of any length). */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
