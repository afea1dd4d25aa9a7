// Massive (Polygon-compatible REST) for stocks and ETFs: snapshots, aggregates, ticker search and
// options chains. A thin client: responses are parsed by massive.schemas.ts and mapped to the
// contract's shapes; retries, timeouts and the breaker come from resilience.ts. The key goes in the
// Authorization header, never the query, so no URL we build or follow carries it. Massive has no
// stable earnings endpoint, so `earnings` is absent and the service falls back.
import type { z } from "zod";
import {
  MassiveAggsResponseSchema,
  MassiveLastTradeResponseSchema,
  MassiveOptionsSnapshotSchema,
  MassiveSnapshotResponseSchema,
  MassiveTickersResponseSchema,
  type MassiveOptionContract,
  type MassiveTickerSnapshot,
} from "./massive.schemas.ts";
import { createResilience, fetchJson, type ProviderOptions } from "./resilience.ts";

export type { ProviderOptions } from "./resilience.ts";
import { normalizeSymbol } from "./symbols.ts";
import {
  type AssetClass,
  type Bar,
  type MarketDataProvider,
  type OptionContract,
  type OptionsChain,
  ProviderError,
  type Quote,
  type SymbolMatch,
  type Timespan,
} from "./types.ts";

/** Pages of one paged answer we follow at most (20 × 50,000 bars is far beyond any range we allow). */
export const MAX_PAGES = 20;
/** Tickers per snapshot request (Massive accepts a long list; a short one keeps URLs small). */
const SNAPSHOT_BATCH = 50;

/** Epoch ms from a Massive time in s, ms, µs or ns (the size says which; ns overflow 2^53 but keep ms precision). */
export function epochMs(value: number): number {
  if (value >= 1e17) return Math.floor(value / 1e6);
  if (value >= 1e14) return Math.floor(value / 1e3);
  if (value >= 1e11) return Math.floor(value);
  return Math.floor(value * 1000);
}

const positive = (n: number | null | undefined) => (n !== null && n !== undefined && n > 0 ? n : null);
const assetClassOf = (market: string | null | undefined, type: string | null | undefined): AssetClass =>
  market === "crypto"
    ? "crypto"
    : market === "fx"
      ? "fx"
      : market === "indices"
        ? "index"
        : type && /^ET[FNV]$/.test(type)
          ? "etf"
          : "stock";

/** Creates the Massive provider (stocks and ETFs). */
export function createMassiveProvider(options: ProviderOptions): MarketDataProvider {
  const { apiKey, logger, now = () => Date.now(), fetch: doFetch } = options;
  const base = new URL(options.baseUrl.replace(/\/+$/, "") + "/");
  const policy = createResilience({ provider: "massive", ...options, now });
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};

  const get = <S extends z.ZodType>(url: string, schema: S, signal?: AbortSignal) =>
    policy.execute(
      (attemptSignal) =>
        fetchJson(url, schema, { provider: "massive", logger, signal: attemptSignal, headers, fetch: doFetch, now }),
      signal,
    );
  const urlOf = (path: string, query: Record<string, string | number> = {}) => {
    const url = new URL(path.replace(/^\//, ""), base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    return url.toString();
  };

  // next_url is followed only on the same origin: the Authorization header must never leave it.
  async function allPages<T>(
    first: string,
    schema: z.ZodType<{ results?: T[] | null; next_url?: string | null }>,
    signal?: AbortSignal,
  ): Promise<T[]> {
    const rows: T[] = [];
    let url: string | null = first;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const answer: { results?: T[] | null; next_url?: string | null } = await get(url, schema, signal);
      rows.push(...(answer.results ?? []));
      url = answer.next_url ?? null;
      if (url && new URL(url).origin !== base.origin) {
        throw new ProviderError(
          "massive",
          "malformed",
          `massive: next_url points to another host (${new URL(url).host})`,
        );
      }
    }
    if (url) logger.warn({ provider: "massive", pages: MAX_PAGES }, "market provider answer truncated at the page cap");
    return rows;
  }

  async function lastTradeOf(ticker: string, signal?: AbortSignal) {
    try {
      const { results } = await get(
        urlOf(`/v2/last/trade/${encodeURIComponent(ticker)}`),
        MassiveLastTradeResponseSchema,
        signal,
      );
      return { p: results.p, t: epochMs(results.t) };
    } catch (error) {
      // The snapshot still has the day's and previous close: a quote from those beats no quote.
      if (!(error instanceof ProviderError)) throw error;
      logger.warn({ provider: "massive", ticker, kind: error.kind }, "last trade unavailable; snapshot prices used");
      return null;
    }
  }

  async function toQuote(snap: MassiveTickerSnapshot, signal?: AbortSignal): Promise<Quote | null> {
    let trade =
      snap.lastTrade && snap.lastTrade.p > 0 && snap.lastTrade.t
        ? { p: snap.lastTrade.p, t: epochMs(snap.lastTrade.t) }
        : null;
    trade ??= await lastTradeOf(snap.ticker, signal);
    const previousClose = positive(snap.prevDay?.c);
    const price = trade?.p ?? positive(snap.min?.c) ?? positive(snap.day?.c) ?? previousClose;
    if (price === null) return null;
    const at = trade?.t ?? (snap.updated ? epochMs(snap.updated) : snap.min?.t ? epochMs(snap.min.t) : now());
    const change = previousClose !== null ? price - previousClose : (snap.todaysChange ?? null);
    return {
      symbol: snap.ticker,
      price,
      change,
      changePercent: previousClose !== null ? (change! / previousClose) * 100 : (snap.todaysChangePerc ?? null),
      open: positive(snap.day?.o),
      dayHigh: positive(snap.day?.h),
      dayLow: positive(snap.day?.l),
      previousClose,
      volume: snap.day?.v ?? null,
      at,
    };
  }

  function toContract(row: MassiveOptionContract): OptionContract | null {
    const type = row.details.contract_type;
    if (type !== "call" && type !== "put") return null;
    return {
      ticker: row.details.ticker,
      type,
      strike: row.details.strike_price,
      expiration: row.details.expiration_date,
      bid: row.last_quote?.bid ?? null,
      ask: row.last_quote?.ask ?? null,
      last: row.day?.close ?? null,
      impliedVolatility: row.implied_volatility ?? null,
      delta: row.greeks?.delta ?? null,
      gamma: row.greeks?.gamma ?? null,
      theta: row.greeks?.theta ?? null,
      vega: row.greeks?.vega ?? null,
      openInterest: row.open_interest ?? null,
      volume: row.day?.volume ?? null,
    };
  }

  return {
    name: "massive",
    simulated: false,
    handles: (_symbol, assetClass) => assetClass === "stock" || assetClass === "etf",
    async quotes(symbols, signal) {
      const quotes: Quote[] = [];
      for (let i = 0; i < symbols.length; i += SNAPSHOT_BATCH) {
        const batch = symbols.slice(i, i + SNAPSHOT_BATCH);
        const answer = await get(
          urlOf("/v2/snapshot/locale/us/markets/stocks/tickers", { tickers: batch.join(",") }),
          MassiveSnapshotResponseSchema,
          signal,
        );
        const wanted = new Set(batch);
        const snaps = (answer.tickers ?? []).filter((s) => wanted.has(s.ticker));
        for (const quote of await Promise.all(snaps.map((s) => toQuote(s, signal)))) if (quote) quotes.push(quote);
      }
      return quotes;
    },
    async bars(symbol: string, timespan: Timespan, from: number, to: number, signal?: AbortSignal): Promise<Bar[]> {
      if (to <= from) return [];
      // Massive's range is inclusive at both ends; the contract's `to` is exclusive.
      const path = `/v2/aggs/ticker/${encodeURIComponent(symbol)}/range/1/${timespan}/${Math.floor(from)}/${Math.ceil(to) - 1}`;
      const rows = await allPages(
        urlOf(path, { adjusted: "true", sort: "asc", limit: 50_000 }),
        MassiveAggsResponseSchema,
        signal,
      );
      return rows
        .filter((r) => r.t >= from && r.t < to)
        .sort((a, b) => a.t - b.t)
        .map((r) => ({ t: r.t, o: r.o, h: r.h, l: r.l, c: r.c, v: r.v, vw: r.vw ?? null, n: r.n ?? null }));
    },
    async search(query, signal): Promise<SymbolMatch[]> {
      const q = query.trim().slice(0, 64);
      if (!q) return [];
      const answer = await get(
        urlOf("/v3/reference/tickers", { search: q, active: "true", limit: 10 }),
        MassiveTickersResponseSchema,
        signal,
      );
      return (answer.results ?? []).map((r) => ({
        symbol: normalizeSymbol(r.ticker),
        name: r.name ?? r.ticker,
        assetClass: assetClassOf(r.market, r.type),
        exchange: r.primary_exchange ?? null,
      }));
    },
    async optionsChain(underlying, signal): Promise<OptionsChain> {
      const rows = await allPages(
        urlOf(`/v3/snapshot/options/${encodeURIComponent(underlying)}`, { limit: 250 }),
        MassiveOptionsSnapshotSchema,
        signal,
      );
      const contracts = rows.map(toContract).filter((c): c is OptionContract => c !== null);
      contracts.sort(
        (a, b) => a.expiration.localeCompare(b.expiration) || a.strike - b.strike || a.type.localeCompare(b.type),
      );
      const underlyingPrice =
        rows.map((r) => r.underlying_asset?.price).find((p) => p !== null && p !== undefined) ?? null;
      return { underlying, underlyingPrice, at: now(), contracts };
    },
    health: () => policy.health(),
  };
}
