import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { createLogger } from "@tradecraft/config";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createMarketCache, type MarketCacheOptions } from "./cache.ts";

const T0 = Date.UTC(2026, 2, 10, 15);
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null;
afterAll(() => redis?.quit());

/** A promise and the function that settles it: the test decides when a provider answers. */
function gate<T>() {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  // A failure the test causes before any caller awaits it is not an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, open, fail };
}

function setup(options: MarketCacheOptions = {}) {
  const clock = { now: T0 };
  const cache = createMarketCache({ now: () => clock.now, ...options });
  return { clock, cache, key: randomUUID() };
}

// Both stores when REDIS_URL is set (as in CI); in process only without it.
const stores: [string, () => Redis | null][] = [
  ["in process", () => null],
  ...(redis ? [["in Redis", () => redis] as [string, () => Redis]] : []),
];
describe.each(stores)("the market cache %s", (_name, store) => {
  it("keeps a quote fresh for 5 s and day bars for 300 s, by its clock", async () => {
    const { clock, cache, key } = setup({ redis: store() });
    await cache.put("quote", key, { price: 1 });
    await cache.put("daily", key, [1, 2]);
    clock.now = T0 + 4_999;
    expect(await cache.get("quote", key)).toEqual({ value: { price: 1 }, asOf: T0 });
    clock.now = T0 + 5_000;
    expect(await cache.get("quote", key)).toBeNull();
    expect(await cache.get("daily", key)).toEqual({ value: [1, 2], asOf: T0 });
    clock.now = T0 + 300_000;
    expect(await cache.get("daily", key)).toBeNull();
  });

  it("keeps intraday bars and options chains 60 s, levels 300 s, earnings and reference data 3600 s", async () => {
    const { clock, cache, key } = setup({ redis: store() });
    const kinds = ["intraday", "options", "levels", "earnings", "reference"] as const;
    for (const kind of kinds) await cache.put(kind, key, [kind]);
    const freshAt = async (at: number) => {
      clock.now = at;
      return (await Promise.all(kinds.map((kind) => cache.get(kind, key))))
        .map((hit, i) => (hit ? kinds[i] : null))
        .filter(Boolean);
    };
    expect(await freshAt(T0 + 59_999)).toEqual(kinds);
    expect(await freshAt(T0 + 60_000)).toEqual(["levels", "earnings", "reference"]);
    expect(await freshAt(T0 + 299_999)).toEqual(["levels", "earnings", "reference"]);
    expect(await freshAt(T0 + 300_000)).toEqual(["earnings", "reference"]);
    expect(await freshAt(T0 + 3_599_999)).toEqual(["earnings", "reference"]);
    expect(await freshAt(T0 + 3_600_000)).toEqual([]);
  });

  it("keeps the last good value for 24 hours after it stops being fresh", async () => {
    const { clock, cache, key } = setup({ redis: store() });
    await cache.put("quote", key, { price: 2 });
    clock.now = T0 + 60_000;
    expect(await cache.lastGood("quote", key)).toEqual({ value: { price: 2 }, asOf: T0 });
    clock.now = T0 + 24 * 3_600_000;
    expect(await cache.lastGood("quote", key)).toBeNull();
  });

  it("makes one provider call for 100 concurrent requests of a cold key, then serves it cached", async () => {
    const { cache, key } = setup({ redis: store() });
    const answer = gate<{ price: number }>();
    let calls = 0;
    const load = () => {
      calls++;
      return answer.promise;
    };
    const pending = Array.from({ length: 100 }, () => cache.through("quote", key, load));
    answer.open({ price: 3 });
    const results = await Promise.all(pending);
    expect(calls).toBe(1);
    expect(results.every((r) => r.value.price === 3 && r.asOf === T0 && !r.cached)).toBe(true);
    expect(await cache.through("quote", key, load)).toEqual({ value: { price: 3 }, asOf: T0, cached: true });
    expect(calls).toBe(1);
  });

  it("shares a failure with every waiter, and the next request tries again", async () => {
    const { cache, key } = setup({ redis: store() });
    const answer = gate<number>();
    let calls = 0;
    const pending = Array.from({ length: 10 }, () =>
      cache.through("search", key, () => {
        calls++;
        return answer.promise;
      }),
    );
    answer.fail(new Error("provider down"));
    const outcomes = await Promise.allSettled(pending);
    expect(outcomes.every((o) => o.status === "rejected" && (o.reason as Error).message === "provider down")).toBe(
      true,
    );
    expect(calls).toBe(1);
    expect(await cache.through("search", key, async () => ++calls)).toMatchObject({ value: 2, cached: false });
  });
});

describe("the market cache's stores", () => {
  it.skipIf(!redis)("keeps JSON under the market: prefix in Redis", async () => {
    const { cache, key } = setup({ redis });
    await cache.put("options", key, { strikes: [100, 105] });
    expect(JSON.parse((await redis!.get(`market:options:${key}`))!)).toEqual({
      value: { strikes: [100, 105] },
      asOf: T0,
    });
    expect(await redis!.pttl(`market:options:${key}`)).toBeGreaterThan(55_000);
    expect(await redis!.pttl(`market:stale:options:${key}`)).toBeGreaterThan(24 * 3_600_000 - 5_000);
  });

  it("drops the least recently used entry in process beyond its bound", async () => {
    const { cache } = setup({ maxEntries: 3 });
    for (const key of ["a", "b", "c"]) await cache.put("quote", key, key);
    await cache.get("quote", "a"); // used: "b" is now the oldest
    await cache.put("quote", "d", "d");
    expect(await cache.get("quote", "b")).toBeNull();
    expect((await Promise.all(["a", "c", "d"].map((k) => cache.get("quote", k)))).map((e) => e?.value)).toEqual([
      "a",
      "c",
      "d",
    ]);
  });

  it("drops the oldest in process when big series pass the weight bound", async () => {
    const { cache } = setup({ maxWeight: 10 });
    await cache.put("intraday", "first", [1, 2, 3, 4, 5, 6]);
    await cache.put("quote", "small", 1);
    expect(await cache.get("intraday", "first")).not.toBeNull(); // 7 of 10
    await cache.put("intraday", "second", [1, 2, 3, 4, 5, 6]); // 13 > 10: the least recently used go until it fits, "small" and then "first"
    expect([await cache.get("quote", "small"), (await cache.get("intraday", "first"))?.value]).toEqual([
      null,
      undefined,
    ]);
    expect((await cache.get("intraday", "second"))?.value).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("keeps the last good value under its series key when given one", async () => {
    const { cache } = setup();
    await cache.put("intraday", "AAPL:minute:0:60000", ["a"], "AAPL:minute");
    await cache.put("intraday", "AAPL:minute:60000:120000", ["b"], "AAPL:minute");
    expect(await cache.lastGood("intraday", "AAPL:minute")).toEqual({ value: ["b"], asOf: T0 });
    expect(await cache.lastGood("intraday", "AAPL:minute:0:60000")).toBeNull();
  });

  it("calls the provider when Redis is down, and says so in the logs", async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: "warn",
      destination: new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }),
    });
    const down = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const { cache, key } = setup({ redis: down, logger });
    expect(await cache.through("quote", key, async () => 7)).toEqual({ value: 7, asOf: T0, cached: false });
    expect(lines.some((line) => line.includes("market cache read failed"))).toBe(true);
    down.disconnect();
  });
});
