// The market service behind ctx.market: picks a provider per symbol, caches each answer for its
// kind's TTL with single-flight, checks every number, and when a provider fails serves the last
// good value marked stale (or says "unavailable"), so market data never breaks a page.
import { type Logger, rootLogger } from "@tradecraft/config";
import type { getRedis } from "@tradecraft/db";
import type { z } from "zod";
import { barRangeProblem } from "../validation/market.ts";
import { type CacheKind, createMarketCache } from "./cache.ts";
import { BarsSchema, CryptoMarketsSchema, EarningsSchema, OptionsChainSchema, SymbolMatchesSchema } from "./checks.ts";
import { asOfText, asProviderError, fetchQuotes, type ServiceParts } from "./service-quotes.ts";
import { classifySymbol, normalizeSymbol } from "./symbols.ts";
import {
  type Bar,
  type MarketData,
  MarketDataNotAvailableError,
  type MarketDataProvider,
  type MarketResult,
  type MarketSymbol,
  MarketUnavailableError,
  ProviderError,
  type ProviderHealth,
  type SymbolMatch,
  SymbolNotFoundError,
  type Timespan,
} from "./types.ts";

/** The coarser bar sizes to try, in order, when one fails (opt-in: `bars(..., { coarser: true })`). */
const COARSER: Readonly<Record<Timespan, Timespan[]>> = { minute: ["hour", "day"], hour: ["day"], day: [] };
const SPAN_MS: Readonly<Record<Timespan, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export interface MarketProviders {
  /** Always present: the fallback for anything no configured provider answers. */
  simulated: MarketDataProvider;
  massive?: MarketDataProvider | null;
  coingecko?: MarketDataProvider | null;
}

export interface CreateMarketDataOptions {
  providers: MarketProviders;
  redis?: ReturnType<typeof getRedis>;
  logger?: Logger;
  now?: () => number;
}

/** Creates the market service over `providers` (simulated always; massive/coingecko when configured). */
export function createMarketData({
  providers,
  redis = null,
  logger = rootLogger(),
  now = Date.now,
}: CreateMarketDataOptions): MarketData {
  const cache = createMarketCache({ redis, logger, now });
  const simulated = providers.simulated;
  const parts: ServiceParts = {
    cache,
    logger,
    now,
    async guarded(provider, kind, symbol, call) {
      try {
        return await call();
      } catch (error) {
        if (error instanceof MarketDataNotAvailableError) throw error;
        const failure = asProviderError(provider, error);
        if (failure.kind !== "not-found") {
          logger.warn(
            {
              provider: provider.name,
              kind,
              status: failure.status,
              symbol,
              failure: failure.kind,
              err: { message: failure.message },
            },
            "market provider failed",
          );
        }
        throw failure;
      }
    },
  };

  /** The provider for a symbol, and a warning when a configured one lacks its asset class. */
  function route(symbol: MarketSymbol): { provider: MarketDataProvider; warnings: string[] } {
    const assetClass = classifySymbol(symbol);
    const preferred = assetClass === "crypto" ? providers.coingecko : providers.massive;
    if (!preferred) return { provider: simulated, warnings: [] };
    if (preferred.handles(symbol, assetClass)) return { provider: preferred, warnings: [] };
    return {
      provider: simulated,
      warnings: [`${symbol}: ${preferred.name} has no ${assetClass} data, so it is simulated.`],
    };
  }

  /** The provider for an optional method, falling back to simulated (with a warning) when Massive lacks it or the symbol. */
  function withMethod(
    method: "optionsChain" | "earnings",
    symbol: MarketSymbol,
  ): { provider: MarketDataProvider; warnings: string[] } {
    const real = providers.massive;
    if (!real) return { provider: simulated, warnings: [] };
    if (!real.handles(symbol, classifySymbol(symbol))) return { provider: simulated, warnings: route(symbol).warnings };
    if (real[method]) return { provider: real, warnings: [] };
    return {
      provider: simulated,
      warnings: [
        `${real.name} has no ${method === "earnings" ? "earnings calendar" : "options chains"}, so these are simulated.`,
      ],
    };
  }

  async function suggestions(symbol: MarketSymbol): Promise<SymbolMatch[]> {
    try {
      return (await service.search(symbol)).data.filter((m) => m.symbol !== symbol).slice(0, 5);
    } catch {
      return [];
    }
  }

  /** One cached provider call: fresh, else the last good value marked stale, else unavailable. */
  async function serve<T>(
    kind: CacheKind,
    key: string,
    { provider, warnings }: { provider: MarketDataProvider; warnings: string[] },
    schema: z.ZodType<T>,
    load: (provider: MarketDataProvider) => Promise<unknown>,
    symbol: MarketSymbol | null,
    staleKey = key,
  ): Promise<MarketResult<T>> {
    const fullKey = `${provider.name}:${key}`;
    const lastGoodKey = `${provider.name}:${staleKey}`;
    const base = { source: provider.name, simulated: provider.simulated };
    try {
      const entry = await cache.through(
        kind,
        fullKey,
        () => parts.guarded(provider, kind, symbol, async () => schema.parse(await load(provider))),
        lastGoodKey,
      );
      return { ...base, data: entry.value, stale: false, asOf: entry.asOf, warnings };
    } catch (error) {
      if (error instanceof MarketDataNotAvailableError) throw error;
      if (symbol && error instanceof ProviderError && error.kind === "not-found")
        throw new SymbolNotFoundError(symbol, await suggestions(symbol));
      const last = await cache.lastGood<T>(kind, lastGoodKey);
      if (!last) throw new MarketUnavailableError(provider.name);
      return {
        ...base,
        data: last.value,
        stale: true,
        asOf: last.asOf,
        warnings: [...warnings, `${provider.name} is not answering; showing data ${asOfText(last.asOf)}.`],
      };
    }
  }

  /** One bar series, cached per whole-minute window; the last good series serves what overlaps. */
  async function series(
    symbol: MarketSymbol,
    timespan: Timespan,
    from: number,
    to: number,
  ): Promise<MarketResult<Bar[]> & { timespan: Timespan }> {
    const problem = barRangeProblem(timespan, from, to);
    if (problem) throw new MarketDataNotAvailableError(problem);
    // Whole minutes in the key so repeated "up to now" requests share an entry; trimmed back after.
    const start = Math.floor(from / 60_000) * 60_000;
    const end = Math.ceil(to / 60_000) * 60_000;
    const kind = timespan === "day" ? "daily" : "intraday";
    const load = (p: MarketDataProvider) => p.bars(symbol, timespan, start, end);
    const result = await serve(
      kind,
      `${symbol}:${timespan}:${start}:${end}`,
      route(symbol),
      BarsSchema,
      load,
      symbol,
      `${symbol}:${timespan}`,
    );
    const data = result.data.filter((bar) => bar.t >= from && bar.t < to);
    // The last good series may be another window (the chart's "up to now" moves): serve what overlaps.
    if (result.stale && !data.length) throw new MarketUnavailableError(result.source);
    return { ...result, data, timespan };
  }

  const service: MarketData = {
    async quote(raw) {
      const symbol = normalizeSymbol(raw);
      const { failed, ...result } = await fetchQuotes(parts, [symbol], route);
      const quote = result.data[0];
      if (!quote) {
        if (failed.length) throw new MarketUnavailableError(route(symbol).provider.name);
        throw new SymbolNotFoundError(symbol, await suggestions(symbol));
      }
      return { ...result, data: quote };
    },
    async quotes(raw) {
      const symbols = [...new Set(raw.map(normalizeSymbol))].slice(0, 100);
      const { failed, ...result } = await fetchQuotes(parts, symbols, route);
      if (!result.data.length && failed.length) throw new MarketUnavailableError(route(failed[0]!).provider.name);
      return result;
    },
    async bars(raw, timespan, from, to, { coarser = false } = {}) {
      try {
        return await series(normalizeSymbol(raw), timespan, from, to);
      } catch (error) {
        if (!coarser || !(error instanceof MarketUnavailableError)) throw error;
        // Partial failure (issue 14): minute bars failing while day bars work is common (separate
        // endpoints and plans at the provider), and a coarser chart beats none.
        for (const wider of COARSER[timespan]) {
          try {
            // From one bar earlier, so the bar holding `from` is in (a day bar starts at midnight).
            const result = await series(normalizeSymbol(raw), wider, from - SPAN_MS[wider] + 1, to);
            return {
              ...result,
              warnings: [
                ...result.warnings,
                `${timespan[0]!.toUpperCase()}${timespan.slice(1)} bars are unavailable right now; showing ${wider} bars.`,
              ],
            };
          } catch (again) {
            if (!(again instanceof MarketUnavailableError)) throw again;
          }
        }
        throw error;
      }
    },
    async search(query) {
      const q = query.trim().toUpperCase().slice(0, 64);
      const provider = providers.massive ?? simulated;
      if (!q)
        return {
          data: [],
          source: provider.name,
          simulated: provider.simulated,
          stale: false,
          asOf: now(),
          warnings: [],
        };
      const result = await serve(
        "search",
        q,
        { provider, warnings: [] },
        SymbolMatchesSchema,
        (p) => p.search(q),
        null,
      );
      return { ...result, data: result.data.slice(0, 10) };
    },
    async cryptoMarkets(ids) {
      const wanted = [...new Set(ids.map((id) => id.trim().toLowerCase()))].sort().slice(0, 100);
      const provider = providers.coingecko ?? simulated;
      const load = (p: MarketDataProvider) => (p.cryptoMarkets ? p.cryptoMarkets(wanted) : Promise.resolve([]));
      return serve("crypto", wanted.join(","), { provider, warnings: [] }, CryptoMarketsSchema, load, null);
    },
    async optionsChain(raw) {
      const symbol = normalizeSymbol(raw);
      const load = (p: MarketDataProvider) => p.optionsChain!(symbol);
      return serve("options", symbol, withMethod("optionsChain", symbol), OptionsChainSchema, load, symbol);
    },
    async earnings(raw) {
      const symbol = normalizeSymbol(raw);
      return serve(
        "earnings",
        symbol,
        withMethod("earnings", symbol),
        EarningsSchema,
        (p) => p.earnings!(symbol),
        symbol,
      );
    },
    providerFor(symbol) {
      const { provider } = route(normalizeSymbol(symbol));
      return { name: provider.name, simulated: provider.simulated };
    },
    health() {
      const all = [simulated, providers.massive, providers.coingecko].filter((p): p is MarketDataProvider => !!p);
      return all.map(
        (p): ProviderHealth =>
          p.health?.() ?? { provider: p.name, circuit: "closed", lastError: null, lastErrorAt: null },
      );
    },
  };
  return service;
}
