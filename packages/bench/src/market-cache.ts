// The market cache on the paths every market page takes: a quote served from the cache (in
// process, and in Redis when REDIS_URL is set), and a burst of 100 concurrent requests for a
// cold symbol, which must cost exactly one provider call (single-flight). Target: cached quote
// p95 < 2 ms in process.
//   Alone: `pnpm --filter @tradecraft/bench exec tsx src/market-cache.ts`.
import { pathToFileURL } from "node:url";
import { createLogger } from "@tradecraft/config";
import { getRedis } from "@tradecraft/db";

export interface MarketCacheFigures {
  scenario: string;
  calls: number;
  /** For the burst: the whole burst's time. */
  "p50 ms": number;
  "p95 ms": number | null;
  "p99 ms": number | null;
  "provider calls": number;
  target: string;
}

const percentile = (sorted: number[], p: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 1000) / 1000;

/** Cached-quote latency and the provider calls of a cold burst, in process and (when configured) in Redis. */
export async function marketCacheFigures(calls = 5_000): Promise<MarketCacheFigures[]> {
  const { createMarket, createSimulatedProvider } = await import("@tradecraft/api");
  const redis = getRedis();
  const stores = [["in process", null] as const, ...(redis ? [["Redis", redis] as const] : [])];
  const figures: MarketCacheFigures[] = [];
  for (const [store, client] of stores) {
    // A fixed clock: every call after the first is inside the quote's 5 s TTL, however slow the machine
    // (in process; Redis expires keys on its own clock, so a slow Redis run may refill once).
    const now = Date.now();
    let providerCalls = 0;
    const simulated = createSimulatedProvider({ now: () => now });
    const counting = { ...simulated, quotes: (symbols: string[]) => (providerCalls++, simulated.quotes(symbols)) };
    const market = createMarket({
      redis: client,
      logger: createLogger({ level: "warn" }),
      now: () => now,
      providers: { simulated: counting },
    });
    await market.quote("AAPL"); // warm-up: JIT, the entry itself
    providerCalls = 0;
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await market.quote("AAPL");
      samples.push(performance.now() - started);
    }
    const sorted = samples.sort((a, b) => a - b);
    figures.push({
      scenario: `quote from the cache (${store})`,
      calls,
      "p50 ms": percentile(sorted, 50),
      "p95 ms": percentile(sorted, 95),
      "p99 ms": percentile(sorted, 99),
      "provider calls": providerCalls,
      target: store === "in process" ? "p95 < 2 ms" : "(network round trip, no target)",
    });
    // A symbol no earlier run cached, so the burst is cold even in a shared Redis.
    const cold = `B${Math.random().toString(36).slice(2, 8).toUpperCase().replace(/[0-9]/g, "Q")}`;
    const started = performance.now();
    providerCalls = 0;
    await Promise.all(Array.from({ length: 100 }, () => market.quote(cold)));
    const burst = performance.now() - started;
    figures.push({
      scenario: `100 concurrent cold quotes, whole burst (${store})`,
      calls: 100,
      "p50 ms": Math.round(burst * 1000) / 1000,
      "p95 ms": null,
      "p99 ms": null,
      "provider calls": providerCalls,
      target: "exactly 1 provider call",
    });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const figures = await marketCacheFigures();
  // eslint-disable-next-line no-console -- the table is the output
  console.table(figures);
  if (figures.some((f) => f.scenario.startsWith("100") && f["provider calls"] !== 1)) process.exitCode = 1;
  await (await import("@tradecraft/db")).closeRedis();
}
