// The custom Prometheus metrics move when their code paths run: a refusal by a rate limit on the
// real Redis, provider calls and the breaker, market cache lookups, a ticker message forwarded,
// pg-boss job outcomes and queue depth, and the database pool, on a real PostgreSQL.
import { randomUUID } from "node:crypto";
import { createLogger, countJobOutcomes, metricsRegistry, renderMetrics, watchJobQueues } from "@tradecraft/config";
import { createPrismaClient } from "@tradecraft/db";
import { createTestDatabase, type TestDatabase } from "@tradecraft/db/testing";
import { Redis } from "ioredis";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noteLiveConnectionClosed, noteLiveConnectionOpened } from "./live/connections.ts";
import "./live/sse.ts";
import { TickerHub } from "./live/ticker-hub.ts";
import { createMarketCache } from "./market/cache.ts";
import { createResilience } from "./market/resilience.ts";
import { ProviderError } from "./market/types.ts";
import { enforceRateLimits } from "./rate-limit.ts";

const REDIS_URL = process.env.REDIS_URL;
const logger = createLogger({ level: "silent" });
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The value of one series of a metric (a counter's or gauge's), 0 when it has none yet. */
async function valueOf(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric(name)!.get();
  const series = metric.values.filter(
    (v) => !("metricName" in v && v.metricName) && Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  );
  return series.reduce((sum, v) => sum + v.value, 0);
}

describe.skipIf(!REDIS_URL)("rate-limit metrics", () => {
  it("count a refusal per limiter when a limit shared through Redis is exceeded", async () => {
    const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: 1 });
    cleanups.push(() => redis.quit());
    const ctx = { redis, responseHeaders: new Headers(), logger };
    const key = `metrics-${randomUUID()}@example.com`;
    const before = await valueOf("tradecraft_rate_limit_refusals_total", { limiter: "forgotEmail" });
    for (let i = 0; i < 3; i++) await enforceRateLimits(ctx, [["forgotEmail", key]]);
    await expect(enforceRateLimits(ctx, [["forgotEmail", key]])).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await valueOf("tradecraft_rate_limit_refusals_total", { limiter: "forgotEmail" })).toBe(before + 1);
  });
});

describe("market metrics", () => {
  it("count provider calls and errors, and show the breaker open once the provider keeps failing", async () => {
    const resilience = createResilience({ provider: "coingecko", logger, sleep: async () => {} });
    await resilience.execute(async () => "price");
    const failing = async () => {
      throw new ProviderError("coingecko", "http", "coingecko /simple/price: HTTP 503", 503);
    };
    await expect(resilience.execute(failing)).rejects.toThrow();
    await expect(resilience.execute(failing)).rejects.toThrow();
    const provider = { provider: "coingecko" };
    // 1 success, then 5 failing attempts open the breaker; the calls it refuses never reach the provider.
    expect(await valueOf("tradecraft_provider_calls_total", provider)).toBe(6);
    expect(await valueOf("tradecraft_provider_errors_total", provider)).toBe(5);
    expect(await valueOf("tradecraft_provider_circuit_state", provider)).toBe(2);
    expect((await renderMetrics()).body).toMatch(
      /tradecraft_provider_call_duration_seconds_count\{provider="coingecko"\} 6/,
    );
  });

  it("count a market cache miss, then a hit", async () => {
    const cache = createMarketCache();
    const [hits, misses] = [
      await valueOf("tradecraft_cache_hits_total", { cache: "market" }),
      await valueOf("tradecraft_cache_misses_total", { cache: "market" }),
    ];
    await cache.through("quote", "AAPL", async () => ({ price: 1 }));
    await cache.through("quote", "AAPL", async () => ({ price: 2 }));
    expect(await valueOf("tradecraft_cache_misses_total", { cache: "market" })).toBe(misses + 1);
    expect(await valueOf("tradecraft_cache_hits_total", { cache: "market" })).toBe(hits + 1);
  });
});

describe("ticker metrics", () => {
  it("show this instance's open live connections by transport", async () => {
    const [sse, ws] = [{ transport: "sse" }, { transport: "ws" }];
    const before = [
      await valueOf("tradecraft_live_connections", sse),
      await valueOf("tradecraft_live_connections", ws),
    ];
    noteLiveConnectionOpened("sse");
    noteLiveConnectionOpened("ws");
    noteLiveConnectionOpened("ws");
    expect(await valueOf("tradecraft_live_connections", sse)).toBe(before[0]! + 1);
    expect(await valueOf("tradecraft_live_connections", ws)).toBe(before[1]! + 2);
    noteLiveConnectionClosed("ws");
    expect(await valueOf("tradecraft_live_connections", ws)).toBe(before[1]! + 1);
  });

  it("count a forwarded message and its lag from the producer's timestamp", async () => {
    const hub = new TickerHub({ redis: null, logger, channel: `metrics-${randomUUID()}` });
    const before = await valueOf("tradecraft_ticker_broadcasts_total");
    await hub.publish({ type: "ticker_update", id: "1", data: [], timestamp: Date.now() - 1_500, stale: false });
    expect(await valueOf("tradecraft_ticker_broadcasts_total")).toBe(before + 1);
    const body = (await renderMetrics()).body;
    const lagSum = Number(/tradecraft_ticker_broadcast_lag_seconds_sum(?:\{[^}]*\})? ([\d.]+)/.exec(body)?.[1]);
    expect(lagSum).toBeGreaterThanOrEqual(1.5);
    expect(body).toMatch(/tradecraft_ticker_broadcast_lag_seconds_bucket\{le="1"\} 0/);
  });
});

describe("job metrics", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false, prefix: "tc_metrics" });
    cleanups.push(() => database.drop());
  });

  it("count completed, failed and retried jobs per queue, and read the queue's depth", async () => {
    const boss = new PgBoss({ connectionString: database.url, max: 2, supervise: false, schedule: false });
    boss.on("error", () => {});
    countJobOutcomes(boss);
    await boss.start();
    cleanups.push(() => boss.stop({ graceful: false, wait: true }));
    const [flaky, waiting] = ["metrics-flaky", "metrics-waiting"];
    await boss.createQueue(flaky, { name: flaky, retryLimit: 2, retryDelay: 0 });
    await boss.createQueue(waiting, { name: waiting });
    const unwatch = watchJobQueues(boss, [waiting]);
    cleanups.push(async () => unwatch());

    await boss.send(waiting, {});
    await boss.send(waiting, {});
    expect(await valueOf("tradecraft_job_queue_depth", { queue: waiting })).toBe(2);

    // Fails its first attempt, succeeds on the retry.
    let attempts = 0;
    const done = new Promise<void>((resolve) => {
      void boss.work(flaky, { pollingIntervalSeconds: 0.5 }, async () => {
        attempts += 1;
        if (attempts === 1) throw new Error("first attempt fails");
        resolve();
      });
    });
    await boss.send(flaky, {});
    await done;
    const queue = { queue: flaky };
    await expect.poll(() => valueOf("tradecraft_jobs_completed_total", queue), { timeout: 10_000 }).toBe(1);
    expect(await valueOf("tradecraft_jobs_failed_total", queue)).toBe(1);
    expect(await valueOf("tradecraft_jobs_retried_total", queue)).toBe(1);
  });

  it("read the database pool: connections in use while a query runs, idle after", async () => {
    const prisma = createPrismaClient(database.url, { max: 3 });
    cleanups.push(() => prisma.$disconnect());
    // A Prisma query starts only when awaited: Promise.resolve starts it now.
    const running = Promise.resolve(prisma.$queryRaw`SELECT 1 AS one FROM pg_sleep(1)`);
    await expect.poll(() => valueOf("tradecraft_db_pool_connections_in_use"), { timeout: 5_000 }).toBeGreaterThan(0);
    await running;
    expect(await valueOf("tradecraft_db_pool_connections_idle")).toBeGreaterThan(0);
    expect(await valueOf("tradecraft_db_pool_waiting_requests")).toBe(0);
  });
});
