// REDIS_URL set but Redis refusing connections, or accepting them and never answering: a quote is
// still served, cached in process (one provider call per 5 s), and served stale when the provider
// then fails. The clients use the options of @tradecraft/db's getRedis (offline queue on), where a
// hung Redis would otherwise hold every command, and the page, indefinitely.
import { createServer, type Server, type Socket } from "node:net";
import { Writable } from "node:stream";
import { createLogger } from "@tradecraft/config";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { REDIS_WAIT_MS } from "./cache.ts";
import { createMarket } from "./index.ts";
import { type MarketDataProvider, ProviderError, type Quote } from "./types.ts";

const T0 = Date.UTC(2026, 2, 10, 15);
const PRODUCTION_OPTIONS = {
  lazyConnect: false,
  maxRetriesPerRequest: 2,
  enableOfflineQueue: true,
  connectTimeout: 2_000,
};

/** A TCP server that accepts connections and never answers: Redis hung, not down. */
async function silentServer(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port, sockets };
}

const hung = await silentServer();
const clients: Redis[] = [];
afterAll(async () => {
  for (const client of clients) client.disconnect();
  for (const socket of hung.sockets) socket.destroy();
  await new Promise((resolve) => hung.server.close(resolve));
});

/** A client as production builds one, its connection errors swallowed as getRedis logs them. */
function client(url: string): Redis {
  const redis = new Redis(url, PRODUCTION_OPTIONS);
  redis.on("error", () => undefined);
  clients.push(redis);
  return redis;
}

function setup(redis: Redis) {
  const clock = { now: T0 };
  const state = { failing: false, calls: 0 };
  const quote: Quote = {
    symbol: "AAPL",
    price: 190.5,
    change: 1,
    changePercent: 0.53,
    open: 189.5,
    dayHigh: 191,
    dayLow: 188,
    previousClose: 189.5,
    volume: 1000,
    at: T0 - 1000,
  };
  const massive: MarketDataProvider = {
    name: "massive",
    simulated: false,
    handles: (_symbol, assetClass) => assetClass === "stock",
    async quotes() {
      state.calls++;
      if (state.failing) throw new ProviderError("massive", "http", "upstream answered 502", 502);
      return [quote];
    },
    bars: async () => [],
    search: async () => [],
  };
  const lines: string[] = [];
  const logger = createLogger({
    level: "warn",
    destination: new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }),
  });
  const market = createMarket({ providers: { massive }, redis, logger, now: () => clock.now });
  return { clock, state, market, lines };
}

/** Runs `work` and says how long it took, in ms. */
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const cases: [string, () => Redis][] = [
  ["refusing connections", () => client("redis://127.0.0.1:1")],
  ["accepting connections and never answering", () => client(`redis://127.0.0.1:${hung.port}`)],
];

describe.each(cases)("quotes with REDIS_URL set and Redis %s", (_name, redis) => {
  it("serves the quote, caches it in process for 5 s, and serves it stale when the provider fails", async () => {
    const { clock, state, market, lines } = setup(redis());

    // A read and a write at most, each abandoned after REDIS_WAIT_MS; 4× leaves room for a busy machine.
    const [first, firstMs] = await timed(() => market.quote("aapl"));
    expect(first).toMatchObject({ data: { symbol: "AAPL", price: 190.5 }, source: "massive", stale: false, asOf: T0 });
    expect(firstMs).toBeLessThan(REDIS_WAIT_MS * 8);
    expect(state.calls).toBe(1);

    clock.now = T0 + 4_999;
    expect((await market.quote("AAPL")).data.price).toBe(190.5);
    expect(state.calls).toBe(1);

    clock.now = T0 + 5_000;
    state.failing = true;
    const delayed = await market.quote("AAPL");
    expect(state.calls).toBe(2);
    expect(delayed).toMatchObject({ data: { price: 190.5 }, stale: true, asOf: T0 });
    expect(delayed.warnings.join(" ")).toContain("as of 15:00:00 UTC");

    // Logged, but once per 30 s rather than once per cache access.
    expect(lines.filter((line) => line.includes("market cache")).length).toBe(1);
  });
});
