// What the service's parts share: the cache, the logger, and how a provider's failure is named
// and worded. Its own module so the quotes part and the service import it, not each other.
import type { Logger } from "@tradecraft/config";
import type { CacheKind, MarketCache } from "./cache.ts";
import { type MarketDataProvider, ProviderError } from "./types.ts";

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
  return new ProviderError(provider.name, malformed ? "malformed" : "network", error instanceof Error ? error.message.slice(0, 300) : "failed");
}

/** "as of 14:02:11 UTC", for warnings about stale values. */
export function asOfText(asOf: number): string {
  return `as of ${new Date(asOf).toISOString().slice(11, 19)} UTC`;
}

