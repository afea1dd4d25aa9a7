// The policy against the real market stub over HTTP; time is an injected clock and sleep (the
// breaker's Date alone is faked), so the 1 s/2 s/4 s schedule and the 30 s half-open are proven
// without waiting.
import { createLogger } from "@tradecraft/config";
import { startMarketStub } from "@tradecraft/testing";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { backoffDelay, createResilience, fetchJson, parseRetryAfter, RateLimitedError } from "./resilience.ts";
import type { ProviderError } from "./types.ts";

const market = await startMarketStub();
afterAll(() => market.close());

const PingSchema = z.object({ gecko_says: z.string() });
const url = `${market.coingeckoUrl}/ping`;

function setup(options: { timeoutMs?: number; random?: () => number } = {}) {
  const lines: { level: string; msg: string; [key: string]: unknown }[] = [];
  const logger = createLogger({
    level: "info",
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  let clock = Date.UTC(2026, 0, 5, 12);
  const sleeps: number[] = [];
  const policy = createResilience({
    provider: "coingecko",
    logger,
    timeoutMs: options.timeoutMs ?? 5_000,
    now: () => clock,
    random: options.random ?? (() => 0.5),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  const ping = () =>
    policy.execute((signal) => fetchJson(url, PingSchema, { provider: "coingecko", logger, signal, now: () => clock }));
  return { policy, ping, sleeps, lines, advance: (ms: number) => (clock += ms) };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as ProviderError,
  );

beforeEach(() => market.reset());

describe("backoff", () => {
  it("waits 1 s, 2 s, 4 s, each within ±20 %", () => {
    expect([1, 2, 3].map((n) => backoffDelay(n, () => 0.5))).toEqual([1000, 2000, 4000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, () => 0))).toEqual([800, 1600, 3200]);
    expect([1, 2, 3].map((n) => backoffDelay(n, () => 0.999_999))).toEqual([1200, 2400, 4800]);
  });

  it("retries 5xx three times on that schedule, then succeeds", async () => {
    const { ping, sleeps } = setup();
    market.script({ status: 503 }, { status: 500 }, { status: 502 });
    await expect(ping()).resolves.toEqual({ gecko_says: "(V3) To the Moon!" });
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(market.requests).toHaveLength(4);
  });

  it("gives up after three retries with the last error", async () => {
    const { ping, sleeps } = setup({ random: () => 0 });
    market.respondWith({ status: 503 });
    const error = await failure(ping());
    expect([error.kind, error.status]).toEqual(["http", 503]);
    expect(sleeps).toEqual([800, 1600, 3200]);
    expect(market.requests).toHaveLength(4);
  });

  it("never retries a 4xx, and reads 404 as not found", async () => {
    const { ping, sleeps } = setup();
    market.script({ status: 400 }, { status: 404 });
    expect([(await failure(ping())).kind, market.requests.length]).toEqual(["http", 1]);
    expect([(await failure(ping())).kind, market.requests.length]).toEqual(["not-found", 2]);
    expect(sleeps).toEqual([]);
  });

  it("retries a hang-up as a network error", async () => {
    const { ping, sleeps } = setup();
    market.script({ hangUp: true });
    await expect(ping()).resolves.toBeDefined();
    expect(sleeps).toEqual([1000]);
  });
});

describe("timeouts and bodies", () => {
  it("aborts an attempt that hangs past the timeout, then retries", async () => {
    const { ping, sleeps } = setup({ timeoutMs: 150 });
    market.script({ delayMs: 30_000 });
    const started = performance.now();
    await expect(ping()).resolves.toBeDefined();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(sleeps).toEqual([1000]);
    expect(market.requests).toHaveLength(2);
  });

  it("reports a hanging provider as a timeout when every attempt hangs", async () => {
    const { ping } = setup({ timeoutMs: 100 });
    market.respondWith({ delayMs: 30_000 });
    expect((await failure(ping())).kind).toBe("timeout");
  });

  it("turns a truncated or unexpected body into one 'malformed' warning naming the path, without retrying", async () => {
    const { ping, lines, sleeps } = setup();
    market.script({ malformed: true }, { body: { gecko_says: 42 } });
    expect((await failure(ping())).kind).toBe("malformed");
    expect((await failure(ping())).kind).toBe("malformed");
    const warnings = lines.filter((l) => l.level === "warn");
    expect(warnings.map((l) => [l.provider, l.path])).toEqual([
      ["coingecko", "/api/v3/ping"],
      ["coingecko", "/api/v3/ping"],
    ]);
    expect(sleeps).toEqual([]);
  });
  it("refuses a body over the size limit as malformed without keeping it", async () => {
    const { lines } = setup();
    const logger = createLogger({
      level: "warn",
      destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    const small = { provider: "coingecko" as const, logger, maxBodyBytes: 20 };
    // {"gecko_says":"(V3) To the Moon!"} is 34 bytes.
    expect((await failure(fetchJson(url, PingSchema, small))).kind).toBe("malformed");
    expect(await fetchJson(url, PingSchema, { ...small, maxBodyBytes: 34 })).toEqual({
      gecko_says: "(V3) To the Moon!",
    });
    expect(lines.map((l) => l.reason)).toEqual(["body over 20 bytes"]);
  });
});

describe("429", () => {
  it("reads Retry-After in seconds or as an HTTP date", () => {
    const now = Date.UTC(2026, 0, 5, 12);
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Mon, 05 Jan 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
  });

  it("waits exactly the Retry-After before trying again", async () => {
    const { ping, sleeps } = setup();
    market.script({ status: 429, headers: { "retry-after": "3" } });
    await expect(ping()).resolves.toBeDefined();
    expect(sleeps).toEqual([3000]);
  });

  it("fails a long Retry-After at once and sends nothing more until it has passed", async () => {
    const { ping, sleeps, advance } = setup();
    market.script({ status: 429, headers: { "retry-after": "60" } });
    const error = await failure(ping());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((await failure(ping())).kind).toBe("rate-limited");
    expect(market.requests).toHaveLength(1);
    advance(60_000);
    await expect(ping()).resolves.toBeDefined();
    expect([sleeps, market.requests.length]).toEqual([[], 2]);
  });
});

describe("circuit breaker", () => {
  afterEach(() => vi.useRealTimers());

  it("opens after 5 consecutive failed attempts, fails fast, half-opens after 30 s", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.UTC(2026, 0, 5, 12));
    const { ping, policy } = setup();
    market.respondWith({ status: 500 });
    expect((await failure(ping())).kind).toBe("http"); // attempts 1-4
    expect(policy.health().circuit).toBe("closed");
    expect((await failure(ping())).kind).toBe("circuit-open"); // attempt 5 opens it; the retry is refused
    expect(market.requests).toHaveLength(5);
    expect((await failure(ping())).kind).toBe("circuit-open");
    expect(market.requests).toHaveLength(5);
    expect(policy.health()).toMatchObject({ circuit: "open", lastError: expect.stringContaining("500") });
    vi.setSystemTime(Date.UTC(2026, 0, 5, 12, 0, 29));
    expect(policy.health().circuit).toBe("open");
    vi.setSystemTime(Date.UTC(2026, 0, 5, 12, 0, 31));
    expect(policy.health().circuit).toBe("half-open");
    market.respondWith(undefined);
    await expect(ping()).resolves.toBeDefined();
    expect(policy.health().circuit).toBe("closed");
  });

  it("does not count calls the caller abandoned", async () => {
    const { policy, sleeps } = setup();
    const logger = createLogger({ level: "silent" });
    market.respondWith({ delayMs: 30_000 });
    for (let i = 1; i <= 6; i++) {
      const controller = new AbortController();
      const call = policy.execute(
        (signal) => fetchJson(url, PingSchema, { provider: "coingecko", logger, signal }),
        controller.signal,
      );
      await market.waitForRequests(i);
      controller.abort();
      expect((await failure(call)).kind).toBe("network");
    }
    expect([policy.health().circuit, policy.health().lastError, sleeps]).toEqual(["closed", null, []]);
  });

  it("does not count 4xx answers towards opening", async () => {
    const { ping, policy } = setup();
    market.respondWith({ status: 404 });
    for (let i = 0; i < 6; i++) expect((await failure(ping())).kind).toBe("not-found");
    expect(policy.health().circuit).toBe("closed");
  });
});
