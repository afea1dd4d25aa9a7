// Usage through the caller on a real database: the member's summary (with ownership), the
// admin's view and reset (audited), and the AI cost aggregation.
import { randomUUID } from "node:crypto";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import type { SessionUser } from "../session.ts";
import { consumeQuota } from "../usage/quota.ts";

const prisma = getPrisma();

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

async function userOf(role: "MEMBER" | "ADMIN" = "MEMBER", tier: "FREE" | "PRO" = "FREE") {
  const user: SessionUser = await prisma.user.create({
    data: { email: `usage-${randomUUID()}@example.test`, displayName: "Uma Usage", role, tier },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const ctx = await createContext({
    headers: new Headers(),
    app: role === "ADMIN" ? "admin" : "web",
    requestId: `usage-${randomUUID()}`,
    ip: "192.0.2.4",
  });
  return { user, ctx: { ...ctx, user }, api: createCaller({ ...ctx, user }) };
}

const conversationOf = (userId: string, title = "Why do I cut winners early?") =>
  prisma.conversation.create({
    data: { userId, title, expiresAt: new Date(Date.now() + 86_400_000) },
    select: { id: true },
  });

describe("usage.summary", () => {
  it("shows conversations, a conversation's messages and gradings, and refuses another member's conversation", async () => {
    const alice = await userOf();
    const bob = await userOf();
    const mine = await conversationOf(alice.user.id);
    const theirs = await conversationOf(bob.user.id);
    await consumeQuota(alice.ctx, { kind: "conversations", units: 1 });
    await consumeQuota(alice.ctx, { kind: "messages", units: 2, scope: mine.id });
    await consumeQuota(alice.ctx, { kind: "gradings", units: 1 });
    const summary = await alice.api.usage.summary({ conversationId: mine.id });
    expect(summary).toMatchObject({
      tier: "FREE",
      conversations: { used: 1, limit: 5 },
      messages: { used: 2, limit: 8, conversationId: mine.id, resetsAt: null },
      gradings: { used: 1, limit: 20 },
    });
    expect(summary.conversations.resetsAt).toBeInstanceOf(Date);
    expect((await alice.api.usage.summary()).messages).toBeNull();
    await expect(alice.api.usage.summary({ conversationId: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.api.usage.summary({ conversationId: mine.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await bob.api.usage.summary()).conversations.used).toBe(0);
  });
});

describe("admin.usage", () => {
  it("shows a member's usage, resets the current period only, and audits the reset", async () => {
    const admin = await userOf("ADMIN");
    const member = await userOf("MEMBER", "PRO");
    const chat = await conversationOf(member.user.id, "Sizing after a loss");
    await consumeQuota(member.ctx, { kind: "conversations", units: 2 });
    await consumeQuota(member.ctx, { kind: "gradings", units: 3 });
    await consumeQuota(member.ctx, { kind: "messages", units: 4, scope: chat.id });
    // Last year's counter is history, not the current period: a reset leaves it alone.
    await consumeQuota(member.ctx, {
      kind: "gradings",
      units: 7,
      now: new Date(Date.UTC(new Date().getUTCFullYear() - 1, 0, 15)),
    });

    const before = await admin.api.admin.usage.forUser({ userId: member.user.id });
    expect(before).toMatchObject({
      tier: "PRO",
      conversations: { used: 2, limit: 100 },
      gradings: { used: 3, limit: 500 },
      conversationMessages: [{ conversationId: chat.id, title: "Sizing after a loss", used: 4, limit: 60 }],
    });

    expect(await admin.api.admin.usage.reset({ userId: member.user.id, kind: "gradings" })).toEqual({ reset: 1 });
    const afterOne = await admin.api.admin.usage.forUser({ userId: member.user.id });
    expect([afterOne.gradings.used, afterOne.conversations.used, afterOne.conversationMessages[0]?.used]).toEqual([
      0, 2, 4,
    ]);

    expect(await admin.api.admin.usage.reset({ userId: member.user.id })).toEqual({ reset: 2 });
    const afterAll_ = await admin.api.admin.usage.forUser({ userId: member.user.id });
    expect([afterAll_.conversations.used, afterAll_.conversationMessages]).toEqual([0, []]);
    expect(
      await prisma.usageCounter.findMany({ where: { userId: member.user.id }, select: { kind: true, used: true } }),
    ).toEqual([{ kind: "gradings", used: 7 }]);

    const events = await prisma.auditEvent.findMany({
      where: { subjectId: member.user.id, action: "admin.usage.reset" },
      orderBy: { createdAt: "asc" },
      select: { actorId: true, metadata: true },
    });
    expect(events).toEqual([
      { actorId: admin.user.id, metadata: { kind: "gradings", counters: 1 } },
      { actorId: admin.user.id, metadata: { kind: "all", counters: 2 } },
    ]);
  });

  it("answers NOT_FOUND for an unknown member, and refuses a member", async () => {
    const admin = await userOf("ADMIN");
    const member = await userOf();
    await expect(admin.api.admin.usage.forUser({ userId: "no-such-user" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(admin.api.admin.usage.reset({ userId: "no-such-user" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(member.api.admin.usage.reset({ userId: member.user.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(member.api.admin.ai.costs({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("admin.ai.costs", () => {
  it("totals tokens, calls, errors and estimated cost by day, model and member", async () => {
    const admin = await userOf("ADMIN");
    const ann = await userOf();
    const ben = await userOf();
    // A quiet stretch of 2019 that no other test writes to.
    const call = (
      userId: string | null,
      model: string,
      at: string,
      prompt: number,
      completion: number,
      outcome: "ok" | "error" | "timeout" = "ok",
    ) =>
      ({
        userId,
        feature: "coach",
        model,
        promptTokens: prompt,
        completionTokens: completion,
        durationMs: 100,
        outcome,
        createdAt: new Date(at),
      }) as const;
    await prisma.aiCall.createMany({
      data: [
        call(ann.user.id, "gpt-4o", "2019-06-01T00:00:00Z", 1_000_000, 100_000), // $2.50 + $1.00
        call(ann.user.id, "gpt-4o-mini-2024-07-18", "2019-06-01T23:59:59Z", 2_000_000, 1_000_000), // $0.30 + $0.60
        call(ben.user.id, "gpt-4o", "2019-06-02T12:00:00Z", 400_000, 0, "error"), // $1.00
        call(ben.user.id, "local-llama", "2019-06-02T13:00:00Z", 5_000, 5_000, "timeout"), // no price
        call(null, "gpt-4o-mini", "2019-06-03T08:00:00Z", 1_000_000, 0), // $0.15, a deleted member's
        call(ann.user.id, "gpt-4o", "2019-06-04T00:00:00Z", 9_000_000, 9_000_000), // outside the range
        call(ann.user.id, "gpt-4o", "2019-05-31T23:59:59Z", 9_000_000, 9_000_000), // outside the range
      ],
    });
    const range = { from: "2019-06-01", to: "2019-06-03" };

    const byDay = await admin.api.admin.ai.costs({ ...range, groupBy: "day" });
    expect(
      byDay.rows.map((r) => [r.key, r.calls, r.errors, r.promptTokens, r.completionTokens, r.hasUnpricedCalls]),
    ).toEqual([
      ["2019-06-01", 2, 0, 3_000_000, 1_100_000, false],
      ["2019-06-02", 2, 2, 405_000, 5_000, true],
      ["2019-06-03", 1, 0, 1_000_000, 0, false],
    ]);
    expect(byDay.rows.map((r) => r.estimatedCostUsd?.toFixed(2))).toEqual(["4.40", "1.00", "0.15"]);
    expect(byDay.totals).toMatchObject({
      calls: 5,
      errors: 2,
      promptTokens: 4_405_000,
      completionTokens: 1_105_000,
      hasUnpricedCalls: true,
    });
    expect(byDay.totals.estimatedCostUsd).toBeCloseTo(5.55, 10);

    const byModel = await admin.api.admin.ai.costs({ ...range, groupBy: "model" });
    expect(
      byModel.rows.map((r) => [r.key, r.calls, r.estimatedCostUsd === null ? null : r.estimatedCostUsd.toFixed(2)]),
    ).toEqual([
      ["gpt-4o", 2, "4.50"],
      ["gpt-4o-mini-2024-07-18", 1, "0.90"],
      ["gpt-4o-mini", 1, "0.15"],
      ["local-llama", 1, null],
    ]);

    const byMember = await admin.api.admin.ai.costs({ ...range, groupBy: "member" });
    expect(
      byMember.rows.map((r) => [r.key, r.label, r.calls, r.estimatedCostUsd?.toFixed(2), r.hasUnpricedCalls]),
    ).toEqual([
      [ann.user.id, ann.user.email, 2, "4.40", false],
      [ben.user.id, ben.user.email, 2, "1.00", true],
      ["", null, 1, "0.15", false],
    ]);
  });

  it("prices Studio images per image by size and quality, beside their text tokens", async () => {
    const admin = await userOf("ADMIN");
    // Another quiet stretch of 2019.
    const image = (size: string, quality: string, images: number, prompt: number, outcome: "ok" | "refusal" = "ok") =>
      ({
        userId: admin.user.id,
        feature: "studio",
        model: "gpt-image-1",
        promptTokens: prompt,
        completionTokens: 0,
        durationMs: 9_000,
        images,
        imageSize: size,
        imageQuality: quality,
        outcome,
        createdAt: new Date("2019-07-01T12:00:00Z"),
      }) as const;
    await prisma.aiCall.createMany({
      data: [
        image("1024x1024", "medium", 1, 200_000), // $0.042 + 0.2M text tokens at $5/M = $1.042
        image("1536x1024", "medium", 1, 0), // $0.063
        image("1024x1536", "high", 1, 0), // $0.25
        image("1024x1024", "medium", 0, 100, "refusal"), // refused: no image; 100 tokens = $0.0005
      ],
    });
    const { rows, totals } = await admin.api.admin.ai.costs({ from: "2019-07-01", to: "2019-07-01", groupBy: "model" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: "gpt-image-1", calls: 4, errors: 1, images: 3, hasUnpricedCalls: false });
    expect(rows[0]!.estimatedCostUsd).toBeCloseTo(1.042 + 0.063 + 0.25 + 0.0005, 10);
    expect(totals.images).toBe(3);
  });

  it("refuses an end before the start and a range over a year, with the field named", async () => {
    const admin = await userOf("ADMIN");
    await expect(admin.api.admin.ai.costs({ from: "2019-06-03", to: "2019-06-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(admin.api.admin.ai.costs({ from: "2018-01-01", to: "2019-06-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(admin.api.admin.ai.costs({ from: "June 1st" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const empty = await admin.api.admin.ai.costs({ from: "2001-01-01", to: "2001-01-31", groupBy: "model" });
    expect(empty).toMatchObject({ rows: [], totals: { calls: 0, estimatedCostUsd: null }, truncated: false });
  });
});
