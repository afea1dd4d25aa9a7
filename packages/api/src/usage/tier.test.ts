// Tier gates over real HTTP (the error data a browser receives) and the tier cache with and
// without Redis: an admin's change is seen at once, other changes within 5 minutes.
import { randomUUID } from "node:crypto";
import { closePrisma, closeRedis, getPrisma, getRedis } from "@tradecraft/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import type { SessionUser } from "../session.ts";
import { memberProcedure, router } from "../trpc.ts";
import { consumeQuota } from "./quota.ts";
import { getTier, invalidateTier, requireTier, TIER_REQUIRED_MESSAGE } from "./tier.ts";

const prisma = getPrisma();

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

async function userOf(tier: "FREE" | "PRO", role: "MEMBER" | "ADMIN" = "MEMBER"): Promise<SessionUser> {
  return prisma.user.create({
    data: { email: `tier-${randomUUID()}@example.test`, displayName: "Tia Tier", tier, role },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
}

// A minimal router of real procedures: one Pro-only, one that spends a tight allowance.
const testRouter = router({
  proOnly: memberProcedure.use(requireTier("PRO")).query(({ ctx }) => ({ tier: ctx.user.tier })),
  spend: memberProcedure.mutation(({ ctx }) =>
    consumeQuota(ctx, {
      kind: "gradings",
      units: 1,
      limits: {
        resetPeriod: "monthly",
        tiers: {
          FREE: { conversations: 1, messagesPerConversation: 1, gradingsPerMonth: 1, activeAlerts: 1 },
          PRO: { conversations: 1, messagesPerConversation: 1, gradingsPerMonth: 2, activeAlerts: 2 },
        },
      },
    }),
  ),
});

async function overHttp(user: SessionUser, path: string, method: "GET" | "POST" = "GET") {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(
      `http://localhost/api/trpc/${path}`,
      method === "POST" ? { method, body: "{}", headers: { "content-type": "application/json" } } : {},
    ),
    router: testRouter,
    createContext: async () => ({
      ...(await createContext({ headers: new Headers(), app: "web", requestId: `tier-${randomUUID()}` })),
      user,
    }),
  });
  const body = (await response.json()) as {
    error?: { json: { message: string; data: Record<string, unknown> } };
    result?: { data: { json: unknown } };
  };
  return { status: response.status, error: body.error?.json, result: body.result?.data.json };
}

describe("requireTier", () => {
  it("refuses a Free member with FORBIDDEN and requiredTier PRO in the error data; lets a Pro member in", async () => {
    const free = await overHttp(await userOf("FREE"), "proOnly");
    expect(free.status).toBe(403);
    expect(free.error?.message).toBe(TIER_REQUIRED_MESSAGE);
    expect(free.error?.data).toMatchObject({ code: "FORBIDDEN", requiredTier: "PRO" });
    const pro = await overHttp(await userOf("PRO"), "proOnly");
    expect(pro.status).toBe(200);
    expect(pro.result).toEqual({ tier: "PRO" });
  });

  it("an exhausted allowance is a 402 whose data says which allowance, its limit and use", async () => {
    const member = await userOf("FREE");
    expect((await overHttp(member, "spend", "POST")).result).toEqual({ used: 1, limit: 1 });
    const refused = await overHttp(member, "spend", "POST");
    expect(refused.status).toBe(402);
    expect(refused.error?.data).toMatchObject({
      code: "PAYMENT_REQUIRED",
      quota: { kind: "gradings", limit: 1, used: 1, tier: "FREE" },
    });
    expect(refused.error?.data).not.toHaveProperty("requiredTier");
  });
});

const redis = getRedis();

describe.each([
  { cache: "in-process", redis: null },
  { cache: "Redis", redis },
])("getTier with the $cache cache", ({ cache, redis: cacheRedis }) => {
  it.skipIf(cache === "Redis" && !redis)("caches for 5 minutes, and an admin's upgrade is seen at once", async () => {
    const member = await userOf("FREE");
    const admin = await userOf("FREE", "ADMIN");
    const ctx = { prisma, redis: cacheRedis };
    expect(await getTier(ctx, member.id)).toBe("FREE");
    // A change that bypasses the admin procedure is not seen until the cache expires...
    await prisma.user.update({ where: { id: member.id }, data: { tier: "PRO" } });
    expect(await getTier(ctx, member.id)).toBe("FREE");
    await prisma.user.update({ where: { id: member.id }, data: { tier: "FREE" } });
    // ...the admin's change is, at once.
    const adminCtx = await createContext({
      headers: new Headers(),
      app: "admin",
      requestId: `tier-${randomUUID()}`,
      ip: "192.0.2.9",
    });
    const adminApi = createCaller({ ...adminCtx, redis: cacheRedis, user: admin });
    await adminApi.admin.users.setTier({ userId: member.id, tier: "PRO" });
    expect(await getTier(ctx, member.id)).toBe("PRO");
    if (cacheRedis) expect(await cacheRedis.ttl(`tier:v1:${member.id}`)).toBeGreaterThan(290);
    await adminApi.admin.users.setTier({ userId: member.id, tier: "FREE" });
    expect(await getTier(ctx, member.id)).toBe("FREE");
    await invalidateTier(ctx, member.id);
  });
});
