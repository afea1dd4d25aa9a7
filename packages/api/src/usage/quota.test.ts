// Allowances on a real PostgreSQL: weights, races at the limit, reset periods, release, and a
// failing check that refuses instead of letting the request through.
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { createLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, createPrismaClient, getPrisma } from "@tradecraft/db";
import { createTestDatabase } from "@tradecraft/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { QuotaExceededError } from "./errors.ts";
import { consumeQuota, getUsage, MESSAGE_UNITS, type QuotaContext, releaseQuota, USAGE_UNAVAILABLE } from "./quota.ts";
import type { UsageLimits } from "./quota-math.ts";

const prisma = getPrisma();
const logger = createLogger({ level: "silent" });

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

const limits: UsageLimits = {
  resetPeriod: "monthly",
  tiers: {
    FREE: { conversations: 5, messagesPerConversation: 8, gradingsPerMonth: 20, activeAlerts: 200 },
    PRO: { conversations: 100, messagesPerConversation: 60, gradingsPerMonth: 500, activeAlerts: 1000 },
  },
};

async function member(tier: "FREE" | "PRO" = "FREE"): Promise<QuotaContext> {
  const user = await prisma.user.create({
    data: { email: `quota-${randomUUID()}@example.test`, displayName: "Quinn Quota", tier },
    select: { id: true, tier: true },
  });
  return { prisma, logger, user };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describe("consumeQuota", () => {
  it("quick answers take 1 unit, enhanced 2, up to exactly the limit", async () => {
    const ctx = await member();
    const scope = `conv-${randomUUID()}`;
    const take = (units: number) => consumeQuota(ctx, { kind: "messages", units, scope, limits });
    expect(await take(MESSAGE_UNITS.quick)).toEqual({ used: 1, limit: 8 });
    expect(await take(MESSAGE_UNITS.enhanced)).toEqual({ used: 3, limit: 8 });
    expect(await take(MESSAGE_UNITS.enhanced)).toEqual({ used: 5, limit: 8 });
    expect(await take(MESSAGE_UNITS.enhanced)).toEqual({ used: 7, limit: 8 });
    // 7 + 2 would pass 8: refused, and nothing is taken; a quick answer still fits.
    const error = await refusal(take(MESSAGE_UNITS.enhanced));
    expect(error.code).toBe("PAYMENT_REQUIRED");
    expect(error.message).toBe(
      "You've used all 8 messages in this conversation on the Free plan. Upgrade to Pro for 60 per conversation.",
    );
    expect(error.cause).toBeInstanceOf(QuotaExceededError);
    expect((error.cause as QuotaExceededError).quota).toEqual({
      kind: "messages",
      limit: 8,
      used: 7,
      tier: "FREE",
      resetsAt: null,
    });
    expect(await take(MESSAGE_UNITS.quick)).toEqual({ used: 8, limit: 8 });
    expect((await refusal(take(1))).code).toBe("PAYMENT_REQUIRED");
    // Another conversation has its own allowance.
    expect(await consumeQuota(ctx, { kind: "messages", units: 2, scope: `conv-${randomUUID()}`, limits })).toEqual({
      used: 2,
      limit: 8,
    });
  });

  it("a request larger than the whole allowance is refused without creating a counter", async () => {
    const ctx = await member();
    const tight: UsageLimits = {
      ...limits,
      tiers: { ...limits.tiers, FREE: { ...limits.tiers.FREE, gradingsPerMonth: 1 } },
    };
    expect((await refusal(consumeQuota(ctx, { kind: "gradings", units: 2, limits: tight }))).code).toBe(
      "PAYMENT_REQUIRED",
    );
    expect(await prisma.usageCounter.count({ where: { userId: ctx.user.id } })).toBe(0);
  });

  it("10 concurrent calls with room for 3: exactly 3 succeed, every time", async () => {
    const room: UsageLimits = {
      ...limits,
      tiers: { ...limits.tiers, FREE: { ...limits.tiers.FREE, conversations: 3 } },
    };
    for (let round = 0; round < 5; round++) {
      const ctx = await member();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => consumeQuota(ctx, { kind: "conversations", units: 1, limits: room })),
      );
      const ok = outcomes.filter((o) => o.status === "fulfilled");
      const refused = outcomes.filter((o) => o.status === "rejected").map((o) => (o.reason as TRPCError).code);
      expect(ok).toHaveLength(3);
      expect(refused).toEqual(Array(7).fill("PAYMENT_REQUIRED"));
      expect(ok.map((o) => o.value.used).sort()).toEqual([1, 2, 3]);
      const row = await prisma.usageCounter.findFirstOrThrow({
        where: { userId: ctx.user.id },
        select: { used: true },
      });
      expect(row.used).toBe(3);
    }
  });

  it("the same race with a mix of weights never passes the limit", async () => {
    for (let round = 0; round < 3; round++) {
      const ctx = await member();
      const scope = `conv-${randomUUID()}`;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          consumeQuota(ctx, { kind: "messages", units: i % 2 ? 2 : 1, scope, limits }),
        ),
      );
      const taken = outcomes.reduce((sum, o, i) => sum + (o.status === "fulfilled" ? (i % 2 ? 2 : 1) : 0), 0);
      const row = await prisma.usageCounter.findFirstOrThrow({
        where: { userId: ctx.user.id },
        select: { used: true },
      });
      expect(row.used).toBe(taken);
      expect(taken).toBeLessThanOrEqual(8);
      expect(taken).toBeGreaterThanOrEqual(7); // whatever the order, at most one unit can be left over
    }
  });

  it("counters of a previous period do not count; the refusal says when the allowance renews", async () => {
    const ctx = await member();
    const march = new Date("2026-03-31T23:59:00Z");
    const april = new Date("2026-04-01T00:00:00Z");
    for (let i = 1; i <= 5; i++) await consumeQuota(ctx, { kind: "conversations", units: 1, now: march, limits });
    const error = await refusal(consumeQuota(ctx, { kind: "conversations", units: 1, now: march, limits }));
    expect(error.message).toBe(
      "You've started all 5 conversations this month on the Free plan. Upgrade to Pro for 100 a month.",
    );
    expect((error.cause as QuotaExceededError).quota.resetsAt).toEqual(april);
    expect(await consumeQuota(ctx, { kind: "conversations", units: 1, now: april, limits })).toEqual({
      used: 1,
      limit: 5,
    });
    const daily: UsageLimits = { ...limits, resetPeriod: "daily" };
    expect(
      await consumeQuota(ctx, {
        kind: "conversations",
        units: 1,
        now: new Date("2026-04-02T08:00:00Z"),
        limits: daily,
      }),
    ).toEqual({ used: 1, limit: 5 });
    // Gradings stay monthly whatever the conversations' period.
    await consumeQuota(ctx, { kind: "gradings", units: 1, now: new Date("2026-04-02T08:00:00Z"), limits: daily });
    expect(
      await consumeQuota(ctx, { kind: "gradings", units: 1, now: new Date("2026-04-20T08:00:00Z"), limits: daily }),
    ).toEqual({ used: 2, limit: 20 });
  });

  it("Pro members get the Pro allowance", async () => {
    const ctx = await member("PRO");
    expect(await consumeQuota(ctx, { kind: "gradings", units: 1, limits })).toEqual({ used: 1, limit: 500 });
  });

  it("a check that cannot run refuses with SERVICE_UNAVAILABLE and logs why", async () => {
    const db = await createTestDatabase({ prefix: "tc_quota_gone" });
    const gone = createPrismaClient(db.url, { max: 2 });
    let dropped = false;
    const lines: string[] = [];
    const captured = createLogger({
      level: "info",
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    try {
      const user = await gone.user.create({
        data: { email: "gone@example.test", displayName: "Gone" },
        select: { id: true, tier: true },
      });
      const ctx: QuotaContext = { prisma: gone, logger: captured, user };
      expect(await consumeQuota(ctx, { kind: "gradings", units: 1, limits })).toEqual({ used: 1, limit: 20 });
      await db.drop(); // the database goes away under the open client
      dropped = true;
      const error = await refusal(consumeQuota(ctx, { kind: "gradings", units: 1, limits }));
      expect(error.code).toBe("SERVICE_UNAVAILABLE");
      expect(error.message).toBe(USAGE_UNAVAILABLE);
      expect(lines.some((line) => line.includes("usage check failed (consume)"))).toBe(true);
    } finally {
      await gone.$disconnect();
      if (!dropped) await db.drop();
    }
  });
});

describe("releaseQuota and getUsage", () => {
  it("gives units back, never below zero, and the summary shows what is used", async () => {
    const ctx = await member();
    const scope = `conv-${randomUUID()}`;
    await consumeQuota(ctx, { kind: "conversations", units: 1, limits });
    await consumeQuota(ctx, { kind: "messages", units: 2, scope, limits });
    await consumeQuota(ctx, { kind: "gradings", units: 1, limits });
    let usage = await getUsage(ctx, { conversationId: scope, limits });
    expect(usage).toMatchObject({
      tier: "FREE",
      conversations: { used: 1, limit: 5 },
      messages: { used: 2, limit: 8, conversationId: scope, resetsAt: null },
      gradings: { used: 1, limit: 20 },
    });
    await releaseQuota(ctx, { kind: "messages", units: 1, scope, limits });
    await releaseQuota(ctx, { kind: "messages", units: 2, scope, limits });
    await releaseQuota(ctx, { kind: "gradings", units: 5, limits });
    usage = await getUsage(ctx, { conversationId: scope, limits });
    expect(usage.messages?.used).toBe(0);
    expect(usage.gradings.used).toBe(0);
    expect(usage.conversations.used).toBe(1);
    // Releasing what was never taken creates nothing.
    await releaseQuota(ctx, { kind: "messages", units: 1, scope: `conv-${randomUUID()}`, limits });
    expect(await prisma.usageCounter.count({ where: { userId: ctx.user.id } })).toBe(3);
    expect((await getUsage(ctx, { limits })).messages).toBeNull();
  });
});
