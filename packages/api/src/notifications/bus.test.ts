// The notification bus between instances (the bell's live count): over Redis every instance hears
// a change once; with Redis unreachable it never throws, tells its own listeners, and says so.
import { randomUUID } from "node:crypto";
import { closeRedis, getRedis } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { unreachableRedis } from "../testing/redis.ts";
import { capturingLogger } from "./webhook-test-receiver.ts";
import { NotificationBus } from "./bus.ts";

afterAll(async () => {
  await closeRedis();
});

describe("the notification bus", () => {
  it.skipIf(!process.env.REDIS_URL)(
    "a change said on one instance reaches the listeners of both, for that member only",
    async () => {
      const channel = `test:notify:${randomUUID()}`;
      const { logger } = capturingLogger();
      const [a, b] = [0, 1].map(() => new NotificationBus({ redis: getRedis(), logger, channel }));
      await Promise.all([a!.start(), b!.start()]);
      const heard: string[] = [];
      a!.listen("alice", () => heard.push("a:alice"));
      b!.listen("alice", () => heard.push("b:alice"));
      b!.listen("bob", () => heard.push("b:bob"));
      await a!.changed("alice");
      await expect.poll(() => heard.sort()).toEqual(["a:alice", "b:alice"]);
      await Promise.all([a!.stop(), b!.stop()]);
    },
  );

  it("with Redis unreachable: start() resolves, changes reach this instance's listeners, and the log says why", async () => {
    const dead = unreachableRedis();
    const { logger, lines } = capturingLogger();
    const bus = new NotificationBus({ redis: dead, logger, channel: `test:notify:${randomUUID()}` });
    await bus.start();
    const heard: string[] = [];
    bus.listen("carol", () => heard.push("carol"));
    await bus.changed("carol");
    expect(heard).toEqual(["carol"]);
    expect(lines.some((l) => /cannot subscribe/.test(l))).toBe(true);
    expect(lines.some((l) => /publish failed: this instance only/.test(l))).toBe(true);
    await bus.stop();
    dead.disconnect();
  });
});
