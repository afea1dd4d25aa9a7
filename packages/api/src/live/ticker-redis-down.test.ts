// The ticker when Redis goes away and comes back (found by the fault suite, `pnpm test:faults`):
// with Redis unreachable every instance's producer still publishes to its own members (before,
// the lease and the id counter failed and no instance published at all), and after a Redis that
// restarted empty the ids go on past the last one seen (before, they began at 1 again and every
// hub dropped them as old).
import { randomUUID } from "node:crypto";
import { createLogger } from "@tradecraft/config";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createMarket } from "../market/index.ts";
import { unreachableRedis } from "../testing/redis.ts";
import { TickerHub } from "./ticker-hub.ts";
import type { TickerMessage } from "./ticker-message.ts";
import { startTickerProducer } from "./ticker-producer.ts";

const REDIS_URL = process.env.REDIS_URL;
const logger = createLogger({ level: "silent" });
const connections: Redis[] = [];
afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
});

/** Resolves with the first message a hub's listener receives. */
function next(hub: TickerHub): Promise<TickerMessage> {
  return new Promise((resolve) => {
    const stop = hub.listen((m) => {
      stop();
      resolve(m);
    });
  });
}

describe("the ticker with Redis unreachable", () => {
  it("each instance's producer takes the lease and publishes to its own subscribers, with growing ids", async () => {
    const market = createMarket({ logger });
    const hubs: TickerHub[] = [];
    const producers = [];
    const dead: Redis[] = [];
    for (let i = 0; i < 2; i++) {
      const redis = unreachableRedis();
      dead.push(redis);
      const hub = new TickerHub({ redis, logger, channel: `test:ticker:${randomUUID()}` });
      await hub.start();
      hubs.push(hub);
      producers.push(
        startTickerProducer({ hub, market, redis, logger, symbols: async () => ["AAPL"], autoStart: false }),
      );
    }
    for (const [i, producer] of producers.entries()) {
      const first = next(hubs[i]!);
      expect(await producer.tick()).toBe(true);
      expect((await first).data.map((p) => p.symbol)).toContain("AAPL");
      const second = next(hubs[i]!);
      expect(await producer.tick()).toBe(true);
      expect(Number((await second).id)).toBeGreaterThan(Number((await first).id));
    }
    await Promise.all(producers.map((p) => p.stop()));
    await Promise.all(hubs.map((h) => h.stop()));
    for (const redis of dead) redis.disconnect();
  });
});

describe.skipIf(!REDIS_URL)("the ticker after Redis restarted empty", () => {
  it("numbers the next message after the last one this instance saw, so subscribers do not drop it", async () => {
    const channel = `test:ticker:${randomUUID()}`;
    const connection = new Redis(REDIS_URL!, { maxRetriesPerRequest: 1 });
    connections.push(connection);
    const hub = new TickerHub({ redis: connection, logger, channel });
    await hub.start();
    // The instance saw message 100 before Redis restarted; the restarted Redis has no counter.
    const seen = next(hub);
    await hub.publish({ type: "ticker_update", id: "100", data: [], timestamp: Date.now(), stale: false });
    expect((await seen).id).toBe("100");
    expect(await connection.get(`${channel}:seq`)).toBeNull();
    const id = await hub.nextId();
    expect(Number(id)).toBe(101);
    const delivered = next(hub);
    await hub.publish({ type: "ticker_update", id, data: [], timestamp: Date.now(), stale: false });
    expect((await delivered).id).toBe("101");
    await connection.del(`${channel}:seq`);
    await hub.stop();
  });
});
