// What CoinGecko answers, as far as we read it. CoinGecko leaves many market fields null (new or
// thinly traded coins have no 24 h range, no market cap), so only the id and name are required;
// a row without a price is dropped by the client, not refused. Units: simple/price's
// last_updated_at is in SECONDS, chart points in milliseconds, markets' last_updated an ISO string.
import { z } from "zod";

const maybe = z.number().nullish();

/** /simple/price?ids=…&vs_currencies=usd&include_…: an object keyed by coin id; unknown ids are absent. */
export const CoinGeckoSimplePriceSchema = z.record(
  z.string().max(100),
  z.object({ usd: maybe, usd_24h_change: maybe, usd_24h_vol: maybe, last_updated_at: maybe }),
);

/** One row of /coins/markets?vs_currency=usd. */
export const CoinGeckoMarketSchema = z.object({
  id: z.string().min(1).max(100),
  symbol: z.string().max(40),
  name: z.string().max(200),
  current_price: maybe,
  high_24h: maybe,
  low_24h: maybe,
  price_change_24h: maybe,
  price_change_percentage_24h: maybe,
  total_volume: maybe,
  market_cap: maybe,
  last_updated: z.string().max(40).nullish(),
});

export const CoinGeckoMarketsSchema = z.array(CoinGeckoMarketSchema).max(250);

// [epoch ms, value]; CoinGecko sends null values for gaps in some ranges.
const Point = z.tuple([z.number(), z.number().nullable()]);

/** /coins/{id}/market_chart/range: points at a granularity CoinGecko picks from the range's length. */
export const CoinGeckoMarketChartSchema = z.object({
  prices: z.array(Point).max(100_000),
  total_volumes: z.array(Point).max(100_000).optional(),
});

/** /search?query=…: only `coins` is read (exchanges, categories and NFTs are ignored). */
export const CoinGeckoSearchSchema = z.object({
  coins: z
    .array(
      z.object({
        id: z.string().min(1).max(100),
        name: z.string().max(200),
        symbol: z.string().max(40),
        market_cap_rank: maybe,
      }),
    )
    .max(1000),
});

export type CoinGeckoMarket = z.infer<typeof CoinGeckoMarketSchema>;
