// What the service accepts from a provider before caching or serving it: finite numbers (zod 4's
// number() refuses NaN and ±Infinity), bounded strings and lists. HTTP providers parse their raw
// responses themselves; this is the second line, so a bug there never reaches a page as NaN.
import { z } from "zod";

const price = z.number().nonnegative();
const maybe = z.number().nullable();
const epochMs = z.number().int().min(0).max(8.64e15);

export const QuoteSchema = z.object({
  symbol: z.string().min(1).max(64),
  price,
  change: maybe,
  changePercent: maybe,
  open: price.nullable(),
  dayHigh: price.nullable(),
  dayLow: price.nullable(),
  previousClose: price.nullable(),
  volume: z.number().nonnegative().nullable(),
  at: epochMs,
});

export const BarSchema = z.object({
  t: epochMs,
  o: price,
  h: price,
  l: price,
  c: price,
  v: z.number().nonnegative(),
  vw: price.nullable(),
  n: z.number().nonnegative().nullable(),
});
/** Ten years of day bars, a few days of minute bars: no legitimate answer is longer. */
export const BarsSchema = z.array(BarSchema).max(20_000);

export const SymbolMatchSchema = z.object({
  symbol: z.string().min(1).max(64),
  name: z.string().max(200),
  assetClass: z.enum(["stock", "etf", "crypto", "future", "option", "index", "fx"]),
  exchange: z.string().max(32).nullable(),
});
export const SymbolMatchesSchema = z.array(SymbolMatchSchema).max(100);

export const CryptoMarketsSchema = z
  .array(
    z.object({
      id: z.string().min(1).max(100),
      symbol: z.string().min(1).max(64),
      name: z.string().max(200),
      price,
      change24h: maybe,
      changePercent24h: maybe,
      high24h: price.nullable(),
      low24h: price.nullable(),
      volume24h: z.number().nonnegative().nullable(),
      marketCap: z.number().nonnegative().nullable(),
      at: epochMs,
    }),
  )
  .max(250);

export const OptionsChainSchema = z.object({
  underlying: z.string().min(1).max(64),
  underlyingPrice: price.nullable(),
  at: epochMs,
  contracts: z
    .array(
      z.object({
        ticker: z.string().min(1).max(64),
        type: z.enum(["call", "put"]),
        strike: z.number().positive(),
        expiration: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        bid: price.nullable(),
        ask: price.nullable(),
        last: price.nullable(),
        impliedVolatility: z.number().nonnegative().nullable(),
        delta: maybe,
        gamma: maybe,
        theta: maybe,
        vega: maybe,
        openInterest: z.number().nonnegative().nullable(),
        volume: z.number().nonnegative().nullable(),
      }),
    )
    .max(10_000),
});

export const EarningsSchema = z
  .array(
    z.object({
      symbol: z.string().min(1).max(64),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      time: z.enum(["bmo", "amc"]).nullable(),
      epsEstimate: maybe,
      epsActual: maybe,
      revenueEstimate: maybe,
      revenueActual: maybe,
    }),
  )
  .max(100);
