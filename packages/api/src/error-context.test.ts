// What an error reported to Sentry would carry from a member's request: their id (from the
// session cookie, as createContext resolves it) and the steps taken, never who they are.
import { randomUUID } from "node:crypto";
import { currentErrorContext, rootLogger, runWithRequestFacts } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { createSession } from "./auth/session.service.ts";
import { createContext } from "./context.ts";
import { createCaller } from "./root.ts";

const prisma = getPrisma();
afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

/** Runs `fn` as the HTTP server runs a loader: inside a request's facts. */
function inRequest<T>(fn: () => Promise<T>): Promise<T> {
  const facts = { requestId: randomUUID(), ip: "203.0.113.9", app: "web" as const, logger: rootLogger() };
  return runWithRequestFacts({ ...facts, responseHeaders: new Headers() }, fn);
}

async function signedInMember() {
  const email = `crumbs-${randomUUID()}@example.test`;
  const user = await prisma.user.create({
    data: { email, displayName: "Casey Crumbs", profile: { create: { timeZone: "UTC" } } },
    select: { id: true },
  });
  const { token } = await createSession(prisma, { userId: user.id, app: "web" });
  return { id: user.id, email, headers: new Headers({ cookie: `tc_session=${token}` }) };
}

describe("error context of a request", () => {
  it("names the signed-in member by id and records trade creation, import, grading and coach steps", async () => {
    const member = await signedInMember();
    const context = await inRequest(async () => {
      const api = createCaller(await createContext({ headers: member.headers, app: "web" }));
      const account = await api.accounts.create({ name: "Main" });
      const trade = await api.journal.create({
        accountId: account.id,
        symbol: "AAPL",
        direction: "long",
        quantity: "10",
        entryPrice: "100",
        entryAt: new Date("2026-03-02T14:35:00Z"),
        exitPrice: "101",
        exitAt: new Date("2026-03-02T15:35:00Z"),
      });
      const csv = [
        "time,symbol,side,quantity,price,fees,asset_class,execution_id",
        "2026-03-03T10:00:00Z,MSFT,buy,5,400,1,stock,c-1",
        "2026-03-03T11:00:00Z,MSFT,sell,5,410,1,stock,c-2",
      ].join("\n");
      const imported = await api.imports.commit({ accountId: account.id, fileName: "generic.csv", content: csv });
      await api.grading.grade({ tradeId: trade.id });
      const conversation = await api.coach.create({});
      await api.coach.send({ conversationId: conversation.id, text: "How did I do?", mode: "quick" });
      return { context: currentErrorContext(), tradeId: trade.id, importId: imported.importId };
    });

    expect(context.context?.userId).toBe(member.id);
    const steps = context.context!.breadcrumbs.map(({ category, message, data }) => ({ category, message, data }));
    expect(steps).toEqual([
      { category: "journal", message: "trade created", data: { tradeId: context.tradeId } },
      { category: "import", message: "import committed", data: { importId: context.importId, trades: 1, fills: 2 } },
      { category: "grading", message: "grading a trade", data: { tradeId: context.tradeId, grader: "rules" } },
      { category: "coach", message: "coach message sent", data: expect.objectContaining({ hasImage: false }) },
    ]);
    expect(JSON.stringify(context)).not.toContain(member.email);
    expect(JSON.stringify(context)).not.toContain("Casey");
  });

  it("keeps a signed-out request anonymous and separate from any other", async () => {
    const member = await signedInMember();
    const [anonymous, signedIn] = await Promise.all([
      inRequest(async () => {
        await createContext({ headers: new Headers(), app: "web" });
        return currentErrorContext();
      }),
      inRequest(async () => {
        await createContext({ headers: member.headers, app: "web" });
        return currentErrorContext();
      }),
    ]);
    expect(anonymous?.userId).toBeNull();
    expect(signedIn?.userId).toBe(member.id);
  });
});
