// The market domain's entry: `getMarket()` builds the process's service from the environment
// once; tests build their own with `createMarket` (their providers, Redis and clock).
import { getEnv, rootLogger } from "@tradecraft/config";
import { getRedis } from "@tradecraft/db";
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
    getEnv();
    market = createMarket({ redis: getRedis(), logger: rootLogger() });
  }
  return market;
}
