// The market domain's entry: `getMarket()` builds the process's service from the environment
// once; tests build their own with `createMarket` (their providers, Redis and clock).
import { getEnv, rootLogger } from "@tradecraft/config";
import { getRedis } from "@tradecraft/db";
import { createCoinGeckoProvider } from "./coingecko.ts";
import { createMassiveProvider } from "./massive.ts";
import { type CreateMarketDataOptions, createMarketData, type MarketProviders } from "./service.ts";
import { createSimulatedProvider } from "./simulated.ts";
import type { MarketData } from "./types.ts";

export interface CreateMarketOptions extends Partial<Omit<CreateMarketDataOptions, "providers">> {
  /** Providers besides the simulated one (built on the same clock when absent). */
  providers?: Partial<MarketProviders>;
}

/** A market service: the given providers, the simulated one always as the fallback. */
export function createMarket({ providers = {}, now = Date.now, ...rest }: CreateMarketOptions = {}): MarketData {
  return createMarketData({
    providers: { ...providers, simulated: providers.simulated ?? createSimulatedProvider({ now }) },
    now,
    ...rest,
  });
}

let market: MarketData | undefined;

/** The process's market service from the environment (built on first use). */
export function getMarket(): MarketData {
  if (!market) {
    const env = getEnv();
    const logger = rootLogger();
    const common = { logger, timeoutMs: env.MARKET_TIMEOUT_MS };
    const massive = env.MASSIVE_API_KEY
      ? createMassiveProvider({ ...common, apiKey: env.MASSIVE_API_KEY, baseUrl: env.MASSIVE_BASE_URL })
      : null;
    // CoinGecko's public API needs no key, so a base URL alone turns it on.
    const coingecko =
      env.COINGECKO_API_KEY || env.COINGECKO_BASE_URL
        ? createCoinGeckoProvider({
            ...common,
            apiKey: env.COINGECKO_API_KEY,
            baseUrl: env.COINGECKO_BASE_URL ?? "https://api.coingecko.com/api/v3",
          })
        : null;
    market = createMarket({ providers: { massive, coingecko }, redis: getRedis(), logger });
  }
  return market;
}
