// What Massive (Polygon-compatible REST) answers, as far as we read it. Every number must be finite
// (zod 4's z.number() refuses NaN and ±Infinity); fields Massive leaves out or sends as null
// outside market hours are nullish. Units are Massive's: trade and snapshot times are in
// NANOseconds, bar and minute times in milliseconds (massive.ts converts with epochMs).
import { z } from "zod";

const price = z.number();
const maybe = z.number().nullish();
const MAX_ROWS = 50_000;

/** One aggregate bar of /v2/aggs: `t` is the bar's start in epoch ms. */
export const MassiveBarSchema = z.object({
  t: z.number().int(),
  o: price,
  h: price,
  l: price,
  c: price,
  v: z.number().nonnegative(),
  vw: maybe,
  n: maybe,
});

/** /v2/aggs/ticker/{T}/range/…: `results` absent when there are none; `next_url` pages long ranges. */
export const MassiveAggsResponseSchema = z.object({
  status: z.string().max(40).optional(),
  ticker: z.string().max(64).optional(),
  resultsCount: z.number().int().nonnegative().optional(),
  results: z.array(MassiveBarSchema).max(MAX_ROWS).nullish(),
  next_url: z.url().max(2000).nullish(),
});

// Snapshot day/prevDay/min bars: all fields may be missing, and zeros mean "no trade yet".
const SnapshotBarSchema = z
  .object({ o: maybe, h: maybe, l: maybe, c: maybe, v: maybe, vw: maybe, t: maybe })
  .partial()
  .nullish();

const MassiveTickerSnapshotSchema = z.object({
  ticker: z.string().min(1).max(64),
  todaysChange: maybe,
  todaysChangePerc: maybe,
  /** Nanoseconds. */
  updated: maybe,
  day: SnapshotBarSchema,
  prevDay: SnapshotBarSchema,
  /** The last minute bar; `t` in milliseconds. */
  min: SnapshotBarSchema,
  /** `t` in nanoseconds. */
  lastTrade: z.object({ p: price, s: maybe, t: maybe }).nullish(),
});

/** /v2/snapshot/locale/us/markets/stocks/tickers?tickers=…: unknown tickers are simply absent. */
export const MassiveSnapshotResponseSchema = z.object({
  status: z.string().max(40).optional(),
  tickers: z.array(MassiveTickerSnapshotSchema).max(MAX_ROWS).nullish(),
});

/** /v2/last/trade/{T}: `t` in nanoseconds. */
export const MassiveLastTradeResponseSchema = z.object({
  status: z.string().max(40).optional(),
  results: z.object({ T: z.string().max(64).optional(), p: price, s: maybe, t: z.number() }),
});

/** /v3/reference/tickers?search=…: market is stocks/crypto/fx/otc/indices, type CS/ETF/ADRC/…. */
export const MassiveTickersResponseSchema = z.object({
  status: z.string().max(40).optional(),
  results: z
    .array(
      z.object({
        ticker: z.string().min(1).max(64),
        name: z.string().max(300).nullish(),
        market: z.string().max(40).nullish(),
        type: z.string().max(40).nullish(),
        primary_exchange: z.string().max(40).nullish(),
      }),
    )
    .max(1000)
    .nullish(),
});

const MassiveOptionContractSchema = z.object({
  details: z.object({
    // "call", "put", or rarely "other" (exotics); open-ended so a new value skips a row, not the chain.
    contract_type: z.string().max(20),
    strike_price: price,
    expiration_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    ticker: z.string().min(1).max(64),
  }),
  greeks: z.object({ delta: maybe, gamma: maybe, theta: maybe, vega: maybe }).partial().nullish(),
  implied_volatility: maybe,
  open_interest: maybe,
  day: z.object({ volume: maybe, close: maybe }).partial().nullish(),
  last_quote: z.object({ bid: maybe, ask: maybe }).partial().nullish(),
  underlying_asset: z.object({ price: maybe }).partial().nullish(),
});

/** /v3/snapshot/options/{underlying}: one page of contracts, `next_url` for the rest. */
export const MassiveOptionsSnapshotSchema = z.object({
  status: z.string().max(40).optional(),
  results: z.array(MassiveOptionContractSchema).max(MAX_ROWS).nullish(),
  next_url: z.url().max(2000).nullish(),
});

export type MassiveBar = z.infer<typeof MassiveBarSchema>;
export type MassiveTickerSnapshot = z.infer<typeof MassiveTickerSnapshotSchema>;
export type MassiveOptionContract = z.infer<typeof MassiveOptionContractSchema>;
