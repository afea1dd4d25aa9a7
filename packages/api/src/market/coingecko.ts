// CoinGecko for crypto: simple/price quotes, 24 h markets, chart-derived bars and search. A thin
// client like massive.ts (schemas in coingecko.schemas.ts, resilience in resilience.ts). The key
// travels in a header: x-cg-pro-api-key for the Pro host, x-cg-demo-api-key otherwise; without
// one the public API answers with lower rate limits.
import type { z } from "zod";
import {
  CoinGeckoMarketChartSchema,
  CoinGeckoMarketsSchema,
  CoinGeckoSearchSchema,
  CoinGeckoSimplePriceSchema,
  type CoinGeckoMarket,
} from "./coingecko.schemas.ts";
import { epochMs } from "./massive.ts";
import { createResilience, fetchJson, type ProviderOptions } from "./resilience.ts";
import { coinGeckoId, tickerOfCoinGeckoId } from "./symbols.ts";
import type { Bar, CryptoMarket, MarketDataProvider, Quote, SymbolMatch, Timespan } from "./types.ts";

const STEP_MS: Record<Timespan, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const SYMBOL = /^[A-Z0-9./:-]{1,16}$/;
/** Coins in the summary when no ids are asked for: the top of the market by capitalisation. */
const TOP_COINS = 10;

/** The ticker members type for a CoinGecko coin ("bitcoin" → "BTC"), else its own symbol upper-cased. */
function tickerOf(id: string, symbol: string): string | null {
  const ticker = tickerOfCoinGeckoId(id) ?? symbol.toUpperCase();
  return SYMBOL.test(ticker) ? ticker : null;
}

/**
 * Bars of `timespan` from CoinGecko chart points in [from, to). CoinGecko picks the points'
 * granularity itself from the range's length (5-minute up to a day, hourly up to 90 days, daily
 * beyond) and sends prices, not trades: each bar's open/high/low/close are the first/max/min/last
 * SAMPLED prices, so the true intrabar extremes may lie outside them. A bar finer than the points
 * exists only where a point falls (no invented bars in between). Its volumes are rolling 24 h
 * totals, not per-bar amounts, so `v` is 0 (unknown) rather than a made-up number.
 */
export function barsFromPoints(points: [number, number | null][], timespan: Timespan, from: number, to: number): Bar[] {
  const step = STEP_MS[timespan];
  const bars = new Map<number, Bar>();
  for (const [t, price] of [...points].sort((a, b) => a[0] - b[0])) {
    if (price === null || t < from || t >= to) continue;
    const start = Math.floor(t / step) * step;
    if (start < from) continue;
    const bar = bars.get(start);
    if (!bar) bars.set(start, { t: start, o: price, h: price, l: price, c: price, v: 0, vw: null, n: null });
    else Object.assign(bar, { h: Math.max(bar.h, price), l: Math.min(bar.l, price), c: price });
  }
  return [...bars.values()];
}

/** Creates the CoinGecko provider (crypto only). */
export function createCoinGeckoProvider(options: ProviderOptions): MarketDataProvider {
  const { apiKey, logger, now = () => Date.now(), fetch: doFetch } = options;
  const base = new URL(options.baseUrl.replace(/\/+$/, "") + "/");
  const policy = createResilience({ provider: "coingecko", ...options, now });
  const keyHeader = base.hostname === "pro-api.coingecko.com" ? "x-cg-pro-api-key" : "x-cg-demo-api-key";
  const headers: Record<string, string> = apiKey ? { [keyHeader]: apiKey } : {};

  const get = <S extends z.ZodType>(
    path: string,
    query: Record<string, string | number>,
    schema: S,
    signal?: AbortSignal,
  ) => {
    const url = new URL(path.replace(/^\//, ""), base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    return policy.execute(
      (attemptSignal) =>
        fetchJson(url.toString(), schema, {
          provider: "coingecko",
          logger,
          signal: attemptSignal,
          headers,
          fetch: doFetch,
          now,
        }),
      signal,
    );
  };

  const toMarket = (row: CoinGeckoMarket): CryptoMarket | null => {
    const symbol = tickerOf(row.id, row.symbol);
    if (row.current_price === null || row.current_price === undefined || !symbol) return null;
    const at = row.last_updated ? Date.parse(row.last_updated) : Number.NaN;
    return {
      id: row.id,
      symbol,
      name: row.name,
      price: row.current_price,
      change24h: row.price_change_24h ?? null,
      changePercent24h: row.price_change_percentage_24h ?? null,
      high24h: row.high_24h ?? null,
      low24h: row.low_24h ?? null,
      volume24h: row.total_volume ?? null,
      marketCap: row.market_cap ?? null,
      at: Number.isNaN(at) ? now() : at,
    };
  };

  return {
    name: "coingecko",
    simulated: false,
    handles: (_symbol, assetClass) => assetClass === "crypto",
    async quotes(symbols, signal): Promise<Quote[]> {
      const ids = new Map<string, string>();
      for (const symbol of symbols) {
        const id = coinGeckoId(symbol);
        if (id && !ids.has(id)) ids.set(id, symbol);
      }
      if (ids.size === 0) return [];
      const answer = await get(
        "/simple/price",
        {
          ids: [...ids.keys()].join(","),
          vs_currencies: "usd",
          include_24hr_change: "true",
          include_24hr_vol: "true",
          include_last_updated_at: "true",
        },
        CoinGeckoSimplePriceSchema,
        signal,
      );
      const quotes: Quote[] = [];
      for (const [id, symbol] of ids) {
        const row = answer[id];
        if (!row || row.usd === null || row.usd === undefined) continue;
        const pct = row.usd_24h_change ?? null;
        // The price 24 h ago, from the percentage: CoinGecko's "previous close" for a market that never closes.
        const before = pct !== null && pct > -100 ? row.usd / (1 + pct / 100) : null;
        quotes.push({
          symbol,
          price: row.usd,
          change: before !== null ? row.usd - before : null,
          changePercent: pct,
          open: null,
          dayHigh: null,
          dayLow: null,
          previousClose: before,
          // In US dollars, not coins: CoinGecko reports 24 h volume as traded value.
          volume: row.usd_24h_vol ?? null,
          at: row.last_updated_at ? epochMs(row.last_updated_at) : now(),
        });
      }
      return quotes;
    },
    async bars(symbol, timespan, from, to, signal) {
      const id = coinGeckoId(symbol);
      if (!id || to <= from) return [];
      const chart = await get(
        `/coins/${encodeURIComponent(id)}/market_chart/range`,
        { vs_currency: "usd", from: Math.floor(from / 1000), to: Math.ceil(to / 1000) },
        CoinGeckoMarketChartSchema,
        signal,
      );
      return barsFromPoints(chart.prices, timespan, from, to);
    },
    async search(query, signal): Promise<SymbolMatch[]> {
      const q = query.trim().slice(0, 64);
      if (!q) return [];
      const answer = await get("/search", { query: q }, CoinGeckoSearchSchema, signal);
      const matches: SymbolMatch[] = [];
      for (const coin of answer.coins.slice(0, 10)) {
        const symbol = tickerOf(coin.id, coin.symbol);
        if (symbol) matches.push({ symbol, name: coin.name, assetClass: "crypto", exchange: null });
      }
      return matches;
    },
    async cryptoMarkets(ids, signal) {
      const query: Record<string, string | number> =
        ids.length > 0
          ? { vs_currency: "usd", ids: ids.slice(0, 250).join(","), per_page: Math.min(250, ids.length) }
          : { vs_currency: "usd", order: "market_cap_desc", per_page: TOP_COINS, page: 1 };
      const rows = await get("/coins/markets", query, CoinGeckoMarketsSchema, signal);
      return rows.map(toMarket).filter((m): m is CryptoMarket => m !== null);
    },
    health: () => policy.health(),
  };
}
