// The member's data across features: the export carries their grades and coach conversations
// (archived ones too), and deleting the account leaves none of it behind, files included.
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { hashPassword } from "@tradecraft/auth";
import { rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAi } from "../ai/client.ts";
import { archiveExpiredConversations } from "../coach/archive.ts";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import type { SessionUser } from "../session.ts";
import { createStorage, newStorageKey } from "../storage/index.ts";

const prisma = getPrisma();
const PASSWORD = "amber walrus hums beneath quiet glaciers";
let uploadsDir: string;

beforeAll(async () => {
  uploadsDir = await mkdtemp(path.join(os.tmpdir(), "tc-data-"));
});
afterAll(async () => {
  await rm(uploadsDir, { recursive: true, force: true });
  await closePrisma();
  await closeRedis();
});

async function memberApi() {
  const user = await prisma.user.create({
    data: {
      email: `data-${randomUUID()}@example.test`,
      displayName: "Dana Data",
      passwordHash: await hashPassword(PASSWORD),
      profile: { create: { timeZone: "UTC" } },
    },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const storage = createStorage({ driver: "local", dir: uploadsDir });
  const ctx = await createContext({
    headers: new Headers(),
    app: "web",
    requestId: `data-${randomUUID()}`,
    ip: "192.0.2.44",
  });
  // No model configured: grades come from the rules and the coach answers from statistics.
  return {
    api: createCaller({ ...ctx, user: user as SessionUser, storage, ai: createAi({ apiKey: undefined }) }),
    user,
    storage,
  };
}

describe("the member's AI data", () => {
  it("is in the export, and deleting the account removes it, archived messages and images included", async () => {
    const { api, user, storage } = await memberApi();
    const account = await api.accounts.create({ name: "Main" });
    const trade = await api.journal.create({
      accountId: account.id,
      symbol: "AAPL",
      direction: "long",
      quantity: "10",
      entryPrice: "100",
      entryAt: new Date("2026-03-02T14:30:00Z"),
      exitPrice: "103",
      exitAt: new Date("2026-03-02T15:00:00Z"),
      stopLoss: "98",
    });
    const grade = await api.grading.grade({ tradeId: trade.id });

    const kept = await api.coach.create({ title: "Kept" });
    await api.coach.send({ conversationId: kept.id, text: "How am I doing?", mode: "quick" });
    const old = await api.coach.create({ title: "Old" });
    await api.coach.send({ conversationId: old.id, text: "And last month?", mode: "quick" });
    // A chart image on one of the old conversation's messages, then the daily job archives it.
    const imageKey = newStorageKey(user.id, "png");
    await storage.put(imageKey, new Uint8Array([0x89, 0x50, 0x4e, 0x47]), "image/png");
    const first = await prisma.conversationMessage.findFirstOrThrow({
      where: { conversationId: old.id, role: "user" },
      select: { id: true },
    });
    await prisma.conversationMessage.update({ where: { id: first.id }, data: { imageKey } });
    await prisma.conversation.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await archiveExpiredConversations(prisma, rootLogger());

    const exported = await api.account.exportData();
    expect(exported.journal.grades).toEqual([
      expect.objectContaining({ id: grade.id, tradeId: trade.id, model: "rule-based-v1-fallback" }),
    ]);
    // A hand-entered trade is no option strategy's leg.
    expect(exported.journal.strategies).toEqual([]);
    const byTitle = Object.fromEntries(exported.coach.conversations.map((c) => [c.title, c]));
    expect(byTitle.Kept?.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(byTitle.Kept?.messages[0]?.content).toBe("How am I doing?");
    expect(byTitle.Old).toMatchObject({ archivedAt: expect.any(Date), messages: [] });
    expect(exported.coach.archivedMessages.map((m) => [m.conversationId, m.role])).toEqual([
      [old.id, "user"],
      [old.id, "assistant"],
    ]);
    expect(await readdir(path.join(uploadsDir, user.id))).toHaveLength(1);

    await api.account.deleteAccount({ password: PASSWORD, confirm: "DELETE" });
    expect(await prisma.tradeGrade.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.conversation.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.conversationMessage.count({ where: { conversationId: { in: [kept.id, old.id] } } })).toBe(0);
    expect(await prisma.archivedConversationMessage.count({ where: { userId: user.id } })).toBe(0);
    expect(await readdir(path.join(uploadsDir, user.id)).catch(() => [])).toEqual([]);
  });
});
