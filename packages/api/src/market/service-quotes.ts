// Quotes for many symbols at once (watchlists, the ticker): cached per symbol so a page's quote
// and a watchlist's share entries, one provider call per provider for the cold ones, and partial
// failure (what worked is served; what failed is named in warnings, stale values marked). It also
// holds what it shares with the service (ServiceParts, failure naming): service.ts imports this
// module and this one imports nothing of it, so there is no import circle.
import type { Logger } from "@tradecraft/config";
import type { CacheKind, MarketCache } from "./cache.ts";
import { QuoteSchema } from "./checks.ts";
import { normalizeSymbol } from "./symbols.ts";
import {
  type MarketDataProvider,
  type MarketResult,
  type MarketSymbol,
  ProviderError,
  type ProviderName,
  type Quote,
} from "./types.ts";

/** Everything the service's parts share: the cache, the logger and provider failure handling. */
export interface ServiceParts {
  cache: MarketCache;
  logger: Logger;
  now: () => number;
  /** Runs a provider call; any failure comes out as a ProviderError, logged once at warn. */
  guarded<T>(provider: MarketDataProvider, kind: CacheKind, symbol: string | null, call: () => Promise<T>): Promise<T>;
}

/** A provider's failure as a ProviderError (a bad answer is "malformed"; anything else "network"). */
export function asProviderError(provider: MarketDataProvider, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const malformed = error instanceof Error && error.name === "ZodError";
  return new ProviderError(
    provider.name,
    malformed ? "malformed" : "network",
    error instanceof Error ? error.message.slice(0, 300) : "failed",
  );
}

/** "as of 14:02:11 UTC", for warnings about stale values. */
export function asOfText(asOf: number): string {
  return `as of ${new Date(asOf).toISOString().slice(11, 19)} UTC`;
}

interface Served {
  quote: Quote;
  provider: MarketDataProvider;
  asOf: number;
  stale: boolean;
}

/** The outcome for one provider's share of the symbols. */
interface GroupOutcome {
  served: Map<MarketSymbol, Served>;
  failed: MarketSymbol[];
  missing: MarketSymbol[];
}

/** Quotes of `symbols` (normalised) in their order, plus the symbols whose provider failed with nothing to fall back on. */
export async function fetchQuotes(
  parts: ServiceParts,
  symbols: MarketSymbol[],
  route: (symbol: MarketSymbol) => { provider: MarketDataProvider; warnings: string[] },
): Promise<MarketResult<Quote[]> & { failed: MarketSymbol[] }> {
  const groups = new Map<MarketDataProvider, MarketSymbol[]>();
  const warnings: string[] = [];
  for (const symbol of symbols) {
    const { provider, warnings: routeWarnings } = route(symbol);
    groups.set(provider, [...(groups.get(provider) ?? []), symbol]);
    warnings.push(...routeWarnings);
  }
  const outcomes = await Promise.all([...groups].map(([provider, group]) => quoteGroup(parts, provider, group)));
  const served = new Map<MarketSymbol, Served>();
  const failed: MarketSymbol[] = [];
  const missing: MarketSymbol[] = [];
  for (const outcome of outcomes) {
    for (const [symbol, s] of outcome.served) served.set(symbol, s);
    failed.push(...outcome.failed);
    missing.push(...outcome.missing);
  }
  const list = symbols.flatMap((symbol) => served.get(symbol) ?? []);
  const stale = list.filter((s) => s.stale);
  if (stale.length) warnings.push(`Delayed: ${stale.map((s) => `${s.quote.symbol} ${asOfText(s.asOf)}`).join(", ")}.`);
  if (failed.length) warnings.push(`Quotes unavailable right now: ${failed.join(", ")}.`);
  if (missing.length) warnings.push(`No market data for ${missing.join(", ")}.`);
  const simulated = list.filter((s) => s.provider.simulated);
  if (simulated.length && simulated.length < list.length)
    warnings.push(`Simulated: ${simulated.map((s) => s.quote.symbol).join(", ")}.`);
  const source: ProviderName = (list[0]?.provider ?? route(symbols[0] ?? "SPY").provider).name;
  return {
    data: list.map((s) => s.quote),
    source,
    simulated: list.length > 0 && simulated.length === list.length,
    stale: stale.length > 0,
    asOf: list.length ? Math.min(...list.map((s) => s.asOf)) : parts.now(),
    warnings,
    failed,
  };
}

/** One provider's share, shared by concurrent requests for the same symbols (their cache reads included). */
function quoteGroup(parts: ServiceParts, provider: MarketDataProvider, symbols: MarketSymbol[]): Promise<GroupOutcome> {
  return parts.cache.singleFlight(`quotes:${provider.name}:${[...symbols].sort().join(",")}`, () =>
    loadGroup(parts, provider, symbols),
  );
}

async function loadGroup(
  parts: ServiceParts,
  provider: MarketDataProvider,
  symbols: MarketSymbol[],
): Promise<GroupOutcome> {
  const { cache } = parts;
  const key = (symbol: MarketSymbol) => `${provider.name}:${symbol}`;
  const outcome: GroupOutcome = { served: new Map(), failed: [], missing: [] };
  const hits = await Promise.all(symbols.map((symbol) => cache.get<Quote>("quote", key(symbol))));
  const cold: MarketSymbol[] = [];
  symbols.forEach((symbol, i) => {
    const hit = hits[i];
    if (hit) outcome.served.set(symbol, { quote: hit.value, provider, asOf: hit.asOf, stale: false });
    else cold.push(symbol);
  });
  if (!cold.length) return outcome;
  try {
    // One call for the cold symbols; concurrent requests for the same set share it.
    const fetched = await cache.singleFlight(`quote:${provider.name}:${[...cold].sort().join(",")}`, () =>
      parts.guarded(provider, "quote", cold.join(","), async () => {
        const answer = await provider.quotes(cold);
        const valid = new Map<MarketSymbol, { value: Quote; asOf: number }>();
        const invalid = new Set<MarketSymbol>();
        for (const raw of Array.isArray(answer) ? answer.slice(0, cold.length * 2) : []) {
          const parsed = QuoteSchema.safeParse(raw);
          if (!parsed.success) {
            const symbol = typeof (raw as Quote)?.symbol === "string" ? normalizeSymbol((raw as Quote).symbol) : null;
            parts.logger.warn(
              { provider: provider.name, kind: "quote", status: null, symbol, failure: "malformed" },
              "market provider failed",
            );
            if (symbol) invalid.add(symbol);
            continue;
          }
          const symbol = normalizeSymbol(parsed.data.symbol);
          if (cold.includes(symbol))
            valid.set(symbol, await cache.put("quote", key(symbol), { ...parsed.data, symbol }));
        }
        if (!Array.isArray(answer)) throw asProviderError(provider, new Error("quotes answer is not a list"));
        return { valid, invalid };
      }),
    );
    const broken: MarketSymbol[] = [];
    for (const symbol of cold) {
      const entry = fetched.valid.get(symbol);
      if (entry) outcome.served.set(symbol, { quote: entry.value, provider, asOf: entry.asOf, stale: false });
      else if (fetched.invalid.has(symbol)) broken.push(symbol);
      else outcome.missing.push(symbol);
    }
    await fallBack(broken, false);
  } catch (error) {
    await fallBack(cold, asProviderError(provider, error).kind === "not-found");
  }
  return outcome;

  /** Serves each symbol's last good quote marked stale; else names it failed (or missing). */
  async function fallBack(failing: MarketSymbol[], notFound: boolean) {
    for (const symbol of failing) {
      const last = await cache.lastGood<Quote>("quote", key(symbol));
      if (last) outcome.served.set(symbol, { quote: last.value, provider, asOf: last.asOf, stale: true });
      else (notFound ? outcome.missing : outcome.failed).push(symbol);
    }
  }
}
