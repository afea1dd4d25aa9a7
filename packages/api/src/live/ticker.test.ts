// The ticker across instances on a real Redis: a message published once reaches every instance's
// subscribers once each; exactly one producer holds the lease and another takes over when it goes;
// a failing provider makes the producer republish the last prices as stale; without Redis the hub
// broadcasts in process. Each test has its own channel, so parallel runs never hear each other.
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { createLogger } from "@tradecraft/config";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { unreachableRedis } from "../testing/redis.ts";
import { createMarket } from "../market/index.ts";
import type { MarketData } from "../market/types.ts";
import { TickerHub } from "./ticker-hub.ts";
import type { TickerMessage } from "./ticker-message.ts";
import { startTickerProducer } from "./ticker-producer.ts";

const REDIS_URL = process.env.REDIS_URL;
const connections: Redis[] = [];
const redis = () => {
  const connection = new Redis(REDIS_URL!, { lazyConnect: false, maxRetriesPerRequest: 1 });
  connections.push(connection);
  return connection;
};
afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
});

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "warn",
    destination: new Writable({
      write: (chunk: Buffer, _e, done) => (lines.push(JSON.parse(chunk.toString())), done()),
    }),
  });
  return { logger, lines };
}

const message = (id: string, price = 100): TickerMessage => ({
  type: "ticker_update",
  id,
  data: [{ symbol: "AAPL", price, change24h: 1.5, at: 1_765_000_000_000 }],
  timestamp: 1_765_000_000_000,
  stale: false,
});

/** Resolves with the first `count` messages a hub's listener receives. */
function receive(hub: TickerHub, count: number): Promise<TickerMessage[]> {
  const seen: TickerMessage[] = [];
  return new Promise((resolve) => {
    const stop = hub.listen((m) => {
      seen.push(m);
      if (seen.length === count) {
        stop();
        resolve(seen);
      }
    });
  });
}

const until = async (condition: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.skipIf(!REDIS_URL)("the ticker over Redis", () => {
  it("a message published once reaches the subscribers of both instances, once each, in id order", async () => {
    const channel = `test:ticker:${randomUUID()}`;
    const { logger } = captureLogs();
    const a = new TickerHub({ redis: redis(), logger, channel });
    const b = new TickerHub({ redis: redis(), logger, channel });
    await Promise.all([a.start(), b.start()]);
    const onA = receive(a, 2);
    const onB = receive(b, 2);
    await a.publish(message("1", 100));
    await a.publish(message("1", 999)); // the same id again: dropped
    await b.publish(message("2", 101));
    expect((await onA).map((m) => [m.id, m.data[0]!.price])).toEqual([
      ["1", 100],
      ["2", 101],
    ]);
    expect((await onB).map((m) => [m.id, m.data[0]!.price])).toEqual([
      ["1", 100],
      ["2", 101],
    ]);
    expect(b.latest()?.id).toBe("2");
    await Promise.all([a.stop(), b.stop()]);
  });

  it("a message that is not a ticker update is refused with a warning, not delivered", async () => {
    const channel = `test:ticker:${randomUUID()}`;
    const { logger, lines } = captureLogs();
    const hub = new TickerHub({ redis: redis(), logger, channel });
    await hub.start();
    const next = receive(hub, 1);
    await redis().publish(
      channel,
      JSON.stringify({ type: "ticker_update", id: "1", data: [{ symbol: "AAPL", price: "NaN" }] }),
    );
    await redis().publish(channel, "not json");
    await hub.publish(message("7"));
    expect((await next).map((m) => m.id)).toEqual(["7"]);
    expect(lines.filter((l) => l.msg === "ticker message refused: not a ticker_update")).toHaveLength(2);
    await hub.stop();
  });

  it("one producer holds the lease; when it stops, the other takes over at its next poll", async () => {
    const channel = `test:ticker:${randomUUID()}`;
    const { logger } = captureLogs();
    const market = createMarket({ logger });
    const hubs = [
      new TickerHub({ redis: redis(), logger, channel }),
      new TickerHub({ redis: redis(), logger, channel }),
    ];
    await Promise.all(hubs.map((h) => h.start()));
    const producers = hubs.map((hub) =>
      startTickerProducer({
        hub,
        market,
        redis: redis(),
        logger,
        symbols: async () => ["AAPL"],
        autoStart: false,
        leaseMs: 60_000,
      }),
    );
    const first = receive(hubs[1]!, 1);
    expect(await producers[0]!.tick()).toBe(true);
    expect(await producers[1]!.tick()).toBe(false);
    expect(await producers[0]!.tick()).toBe(true);
    const [published] = await first;
    expect(published!.data.map((p) => p.symbol).sort()).toEqual(["AAPL", "BTC", "ETH", "SOL"]);
    await producers[0]!.stop();
    expect(await producers[1]!.tick()).toBe(true);
    await producers[1]!.stop();
    await Promise.all(hubs.map((h) => h.stop()));
  });

  it("a producer that dies without giving the lease up loses it when the lease expires", async () => {
    const channel = `test:ticker:${randomUUID()}`;
    const { logger } = captureLogs();
    const market = createMarket({ logger });
    const hub = new TickerHub({ redis: redis(), logger, channel });
    const options = { hub, market, redis: redis(), logger, symbols: async () => [], autoStart: false, leaseMs: 400 };
    const dead = startTickerProducer(options);
    const survivor = startTickerProducer(options);
    expect(await dead.tick()).toBe(true);
    expect(await survivor.tick()).toBe(false);
    // `dead` polls no more (its process is gone): within the lease's 400 ms the survivor holds it.
    const started = Date.now();
    await until(() => survivor.tick());
    expect(Date.now() - started).toBeLessThan(5_000);
    await survivor.stop();
    await hub.stop();
  });

  it("when the provider fails, the producer republishes the last prices marked stale and logs it", async () => {
    const channel = `test:ticker:${randomUUID()}`;
    const { logger, lines } = captureLogs();
    const working = createMarket({ logger });
    let failing = false;
    const market: MarketData = {
      ...working,
      quotes: (symbols) => (failing ? Promise.reject(new Error("provider down")) : working.quotes(symbols)),
    };
    const hub = new TickerHub({ redis: redis(), logger, channel });
    await hub.start();
    const producer = startTickerProducer({
      hub,
      market,
      redis: redis(),
      logger,
      symbols: async () => ["MSFT"],
      autoStart: false,
    });
    const two = receive(hub, 2);
    await producer.tick();
    failing = true;
    await producer.tick();
    const [fresh, stale] = await two;
    expect(fresh!.stale).toBe(false);
    expect(stale!.stale).toBe(true);
    expect(stale!.data).toEqual(fresh!.data);
    expect(Number(stale!.id)).toBeGreaterThan(Number(fresh!.id));
    expect(lines.some((l) => l.msg === "ticker poll failed: republishing the last prices as stale")).toBe(true);
    await producer.stop();
    await hub.stop();
  });
});

describe("the ticker without Redis", () => {
  it("broadcasts in process, says once that it is single-instance only, and still orders by id", async () => {
    const { logger, lines } = captureLogs();
    const hub = new TickerHub({ redis: null, logger });
    await hub.start();
    const two = receive(hub, 2);
    await hub.publish(message(await hub.nextId()));
    await hub.publish(message("1")); // an id already seen
    await hub.publish(message(await hub.nextId()));
    expect((await two).map((m) => m.id)).toEqual(["1", "2"]);
    expect(lines.filter((l) => String(l.msg).includes("single instance only"))).toHaveLength(1);
  });
});

describe("the ticker with Redis down", () => {
  it("starts anyway, delivers what this instance publishes to its own subscribers, and says why in the log", async () => {
    const dead = unreachableRedis();
    const { logger, lines } = captureLogs();
    const hub = new TickerHub({ redis: dead, logger, channel: `test:ticker:${randomUUID()}` });
    await hub.start();
    const one = receive(hub, 1);
    await hub.publish(message("7"));
    expect((await one).map((m) => m.id)).toEqual(["7"]);
    expect(lines.some((l) => String(l.msg).startsWith("ticker cannot subscribe"))).toBe(true);
    expect(lines.some((l) => String(l.msg).startsWith("ticker publish failed"))).toBe(true);
    await hub.stop();
    dead.disconnect();
  });
});
