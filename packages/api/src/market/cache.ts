// The market cache: fresh values per kind for a short TTL, the last good value per key for a day
// (what a failing provider is replaced by, marked stale), and single-flight so a burst of
// requests for one cold key costs one provider call. In Redis when configured (shared by every
// instance), else in process; while Redis is down, slow or hung the values are kept in process
// (so quotes stay cached and stale values stay servable), never an error or a hanging page.
import { type Logger, noteCacheLookup } from "@tradecraft/config";
import type { getRedis } from "@tradecraft/db";

type Redis = NonNullable<ReturnType<typeof getRedis>>;

/** What is cached, each kind with its own freshness. */
export type CacheKind =
  "quote" | "intraday" | "daily" | "options" | "levels" | "search" | "reference" | "earnings" | "crypto";

/** Seconds a value of each kind stays fresh. */
export const CACHE_TTL_SECONDS: Readonly<Record<CacheKind, number>> = {
  quote: 5,
  intraday: 60,
  daily: 300,
  options: 60,
  // Support/resistance levels derived from day bars: they move no faster than the daily series.
  levels: 300,
  search: 3600,
  reference: 3600,
  earnings: 3600,
  crypto: 5,
};
/** How long the last good value is kept to serve, marked stale, while a provider fails. */
export const STALE_TTL_MS = 24 * 3_600_000;
const PREFIX = "market:";
/**
 * Longest wait for one Redis command. ioredis queues commands while it (re)connects, and a host
 * that accepts connections but never answers would hold them, and the page, indefinitely.
 */
export const REDIS_WAIT_MS = 250;
/** Redis states in which a command would only wait in ioredis's offline queue. */
const REDIS_DOWN = new Set(["reconnecting", "close", "end"]);

export interface CacheEntry<T> {
  value: T;
  /** When the value was fetched from the provider, epoch ms. */
  asOf: number;
}

export interface MarketCacheOptions {
  redis?: Redis | null;
  logger?: Logger;
  now?: () => number;
  /** In-process entries kept (each store), least recently used dropped first. */
  maxEntries?: number;
  /** In-process weight kept (each store): list items (bars, contracts…), so a few big series cannot fill the heap. */
  maxWeight?: number;
}

/** About how much memory a value holds, in list items (a 5-day minute series is 7,200; a quote 1). */
function weigh(value: unknown): number {
  if (Array.isArray(value)) return Math.max(1, value.length);
  const contracts = (value as { contracts?: unknown } | null)?.contracts;
  return Array.isArray(contracts) ? Math.max(1, contracts.length) : 1;
}

/** A small LRU on Map's insertion order, bounded by entries and by total weight. */
class Lru<V> {
  private readonly map = new Map<string, { value: V; weight: number }>();
  private weight = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight: number,
  ) {}
  get(key: string): V | undefined {
    const slot = this.map.get(key);
    if (slot !== undefined) {
      this.map.delete(key);
      this.map.set(key, slot);
    }
    return slot?.value;
  }
  set(key: string, value: V, weight: number): void {
    this.delete(key);
    this.map.set(key, { value, weight });
    this.weight += weight;
    while (this.map.size > 1 && (this.map.size > this.maxEntries || this.weight > this.maxWeight))
      this.delete(this.map.keys().next().value!);
  }
  private delete(key: string): void {
    const slot = this.map.get(key);
    if (!slot) return;
    this.map.delete(key);
    this.weight -= slot.weight;
  }
}

export interface MarketCache {
  /** The fresh value of `key`, or null when absent or older than its kind's TTL. */
  get<T>(kind: CacheKind, key: string): Promise<CacheEntry<T> | null>;
  /**
   * Stores a value just fetched: fresh for the kind's TTL under `key`, and as the last good value
   * under `staleKey` (default `key`; bars pass their series, so "up to now" windows that move every
   * minute keep one last good value, not one per minute for a day).
   */
  put<T>(kind: CacheKind, key: string, value: T, staleKey?: string): Promise<CacheEntry<T>>;
  /** The last good value stored under `staleKey` (up to 24 h old), or null. */
  lastGood<T>(kind: CacheKind, staleKey: string): Promise<CacheEntry<T> | null>;
  /** Runs `load` once for concurrent callers of the same `key`; they all get its outcome. */
  singleFlight<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** The fresh value, else one shared `load` whose result is stored (`cached` says which). */
  through<T>(
    kind: CacheKind,
    key: string,
    load: () => Promise<T>,
    staleKey?: string,
  ): Promise<CacheEntry<T> & { cached: boolean }>;
}

/** Creates a cache in Redis when `redis` is given, else in this process. */
export function createMarketCache({
  redis = null,
  logger,
  now = Date.now,
  maxEntries = 5_000,
  maxWeight = 500_000,
}: MarketCacheOptions = {}): MarketCache {
  const fresh = new Lru<CacheEntry<unknown>>(maxEntries, maxWeight);
  const stale = new Lru<CacheEntry<unknown>>(maxEntries, maxWeight);
  const flights = new Map<string, Promise<unknown>>();
  const freshKey = (kind: CacheKind, key: string) => `${PREFIX}${kind}:${key}`;
  const staleKey = (kind: CacheKind, key: string) => `${PREFIX}stale:${kind}:${key}`;

  const local = (key: string) => (key.startsWith(`${PREFIX}stale:`) ? stale : fresh);
  let lastWarned = -Infinity;
  /** One warning per 30 s at most: an outage would otherwise log every cache access. */
  function warnRedis(message: string, error: unknown) {
    if (Date.now() - lastWarned < 30_000) return;
    lastWarned = Date.now();
    logger?.warn({ err: { message: (error as Error).message } }, message);
  }
  /** A Redis command, refused at once when Redis is known down and abandoned after REDIS_WAIT_MS. */
  async function bounded<T>(command: () => Promise<T>): Promise<T> {
    if (REDIS_DOWN.has(redis!.status)) throw new Error(`redis is ${redis!.status}`);
    const pending = command();
    pending.catch(() => undefined); // an abandoned command that fails later is not unhandled
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not answer within ${REDIS_WAIT_MS} ms`)), REDIS_WAIT_MS);
    });
    try {
      return await Promise.race([pending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function read(key: string): Promise<CacheEntry<unknown> | null> {
    // In process too with Redis: what was kept here while Redis was down stays servable.
    const kept = local(key).get(key) ?? null;
    if (!redis) return kept;
    try {
      const text = await bounded(() => redis.get(key));
      return text === null ? kept : (JSON.parse(text) as CacheEntry<unknown>);
    } catch (error) {
      warnRedis("market cache read failed", error);
      return kept;
    }
  }

  async function write(key: string, entry: CacheEntry<unknown>, ttlMs: number): Promise<void> {
    if (redis) {
      try {
        await bounded(() => redis.set(key, JSON.stringify(entry), "PX", ttlMs));
        return;
      } catch (error) {
        warnRedis("market cache write failed", error);
      }
    }
    local(key).set(key, entry, weigh(entry.value));
  }

  const cache: MarketCache = {
    async get<T>(kind: CacheKind, key: string) {
      const entry = await read(freshKey(kind, key));
      // Checked against our clock, not only Redis's expiry, so a test's fake clock governs too.
      return entry && now() - entry.asOf < CACHE_TTL_SECONDS[kind] * 1000 ? (entry as CacheEntry<T>) : null;
    },
    async put<T>(kind: CacheKind, key: string, value: T, lastGoodKey = key) {
      const entry = { value, asOf: now() };
      await Promise.all([
        write(freshKey(kind, key), entry, CACHE_TTL_SECONDS[kind] * 1000),
        write(staleKey(kind, lastGoodKey), entry, STALE_TTL_MS),
      ]);
      return entry;
    },
    async lastGood<T>(kind: CacheKind, lastGoodKey: string) {
      const entry = await read(staleKey(kind, lastGoodKey));
      return entry && now() - entry.asOf < STALE_TTL_MS ? (entry as CacheEntry<T>) : null;
    },
    singleFlight<T>(key: string, load: () => Promise<T>) {
      const running = flights.get(key);
      if (running) return running as Promise<T>;
      const flight = load().finally(() => flights.delete(key));
      flights.set(key, flight);
      return flight;
    },
    through<T>(kind: CacheKind, key: string, load: () => Promise<T>, lastGoodKey = key) {
      // The read joins the flight too: with Redis a read takes a round trip, and a flight that
      // finished before a concurrent caller's read came back would let it start a second call.
      return cache.singleFlight(`${kind}:${key}`, async () => {
        const hit = await cache.get<T>(kind, key);
        noteCacheLookup("market", hit !== null);
        return hit
          ? { ...hit, cached: true }
          : { ...(await cache.put(kind, key, await load(), lastGoodKey)), cached: false };
      });
    },
  };
  return cache;
}
