// The coach's market tools through the caller, with the real openai SDK talking HTTP to the local
// OpenAI stub and the market service over the simulated provider (or Massive at the market stub):
// quotes labelled simulated, Pro tools refused to Free and allowed after an upgrade, and a
// provider that is down answered in words.
import { randomUUID } from "node:crypto";
import { rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import {
  type MarketStub,
  type OpenAiStub,
  type RecordedRequest,
  startMarketStub,
  startOpenAiStub,
} from "@tradecraft/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAi } from "../ai/client.ts";
import { createContext } from "../context.ts";
import { createMarket } from "../market/index.ts";
import { createMassiveProvider } from "../market/massive.ts";
import type { MarketData } from "../market/types.ts";
import { createCaller } from "../root.ts";
import type { SessionUser } from "../session.ts";

const prisma = getPrisma();
let ai: OpenAiStub;
let marketStub: MarketStub;
// A fixed clock: the simulated provider's prices are a function of it.
const NOW = Date.parse("2026-03-04T15:30:00Z");

beforeAll(async () => {
  ai = await startOpenAiStub();
  marketStub = await startMarketStub();
});
beforeEach(() => ai.reset());
afterAll(async () => {
  await ai.close();
  await marketStub.close();
  await closePrisma();
  await closeRedis();
});

async function member({
  role = "MEMBER",
  market = createMarket({ now: () => NOW }),
}: { role?: "MEMBER" | "ADMIN"; market?: MarketData } = {}) {
  const user = await prisma.user.create({
    data: {
      email: `market-tools-${randomUUID()}@example.test`,
      displayName: "Mo Market",
      role,
      profile: { create: {} },
    },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const ctx = await createContext({
    headers: new Headers(),
    app: role === "ADMIN" ? "admin" : "web",
    requestId: `mt-${randomUUID()}`,
  });
  const withAi = createAi({ apiKey: "test-key", baseURL: ai.url, maxRetries: 0 });
  return { api: createCaller({ ...ctx, user: user as SessionUser, ai: withAi, market }), user, market };
}

const toolMessages = (request: RecordedRequest) =>
  request.body!.messages!.filter((m) => m.role === "tool").map((m) => String(m.content));

/** The tool result the model read after asking for `name` with `args`. */
async function askTool(m: Awaited<ReturnType<typeof member>>, name: string, args: Record<string, unknown>) {
  ai.reset();
  ai.script({ toolCalls: [{ name, arguments: args }] }, { text: "Done." });
  const conversation = await m.api.coach.create({});
  const done = await m.api.coach.send({ conversationId: conversation.id, text: "Look it up", mode: "enhanced" });
  return { done, result: JSON.parse(toolMessages(ai.chatRequests()[1]!)[0]!) as Record<string, unknown> };
}

describe("market tools", () => {
  it("are offered to the model beside the journal's", async () => {
    const m = await member();
    ai.script({ text: "Hi." });
    const conversation = await m.api.coach.create({});
    await m.api.coach.send({ conversationId: conversation.id, text: "Hello", mode: "enhanced" });
    const names = ai.chatRequests()[0]!.body!.tools!.map((t) => (t as { function: { name: string } }).function.name);
    expect(names.slice(-4)).toEqual(["get_quote", "get_price_history", "get_options_summary", "get_earnings"]);
  });

  it("get_quote answers with the simulated price and labels it simulated", async () => {
    const m = await member();
    const expected = await m.market.quote("AAPL");
    const { result } = await askTool(m, "get_quote", { symbol: "aapl" });
    expect(result).toMatchObject({
      symbol: "AAPL",
      price: expected.data.price,
      source: "simulated",
      simulated: true,
      note: "SIMULATED data, not real market prices: say so whenever you quote it.",
    });
  });

  it("get_price_history gives the bars of the range, and a range too long for minute bars is a sentence", async () => {
    const m = await member();
    const { result } = await askTool(m, "get_price_history", {
      symbol: "MSFT",
      timespan: "hour",
      from: "2026-03-02T14:00:00Z",
      to: "2026-03-02T17:00:00Z",
    });
    // 14:00, 15:00 and 16:00 start inside [14:00, 17:00).
    expect((result.bars as unknown[][]).map((b) => b[0])).toEqual([
      "2026-03-02T14:00:00.000Z",
      "2026-03-02T15:00:00.000Z",
      "2026-03-02T16:00:00.000Z",
    ]);
    expect(result.columns).toEqual(["start", "open", "high", "low", "close", "volume"]);
    const tooLong = await askTool(m, "get_price_history", {
      symbol: "MSFT",
      timespan: "minute",
      from: "2026-02-01",
      to: "2026-03-01",
    });
    expect(tooLong.result.error).toBe(
      "The market data provider has no price history for MSFT. (Minute bars cover at most 5 days per request)",
    );
  });

  it("Pro tools are refused to a Free member and allowed at once after an admin upgrade", async () => {
    const m = await member();
    const admin = await member({ role: "ADMIN" });
    const refused = await askTool(m, "get_options_summary", { underlying: "SPY" });
    expect(refused.done.upgradeHint).toBe(true);
    expect(refused.result.error).toMatch(/needs a Pro membership/);
    expect((await askTool(m, "get_earnings", { symbol: "AAPL" })).result.error).toMatch(/needs a Pro membership/);

    await admin.api.admin.users.setTier({ userId: m.user.id, tier: "PRO" });
    const allowed = await askTool(m, "get_options_summary", { underlying: "SPY" });
    expect(allowed.done.upgradeHint).toBe(false);
    expect(allowed.result).toMatchObject({ underlying: "SPY", simulated: true, source: "simulated" });
    expect(allowed.result).toHaveProperty("atmImpliedVolatility");
    expect(allowed.result).toHaveProperty("putCallOpenInterestRatio");
    const earnings = await askTool(m, "get_earnings", { symbol: "AAPL" });
    expect(earnings.result).toMatchObject({ symbol: "AAPL", simulated: true });
    expect(Array.isArray(earnings.result.events)).toBe(true);
  });

  it("a provider that is down is said in words the model passes on", async () => {
    const massive = createMassiveProvider({
      baseUrl: marketStub.massiveUrl,
      apiKey: "k",
      logger: rootLogger(),
      sleep: async () => {},
    });
    const m = await member({ role: "MEMBER", market: createMarket({ providers: { massive } }) });
    await prisma.user.update({ where: { id: m.user.id }, data: { tier: "PRO" } });
    marketStub.respondWith({ status: 503 });
    try {
      const quote = await askTool(m, "get_quote", { symbol: "NVDA" });
      expect(quote.result.error).toBe(
        "The market data provider is unavailable right now, so there is no quote for NVDA. Tell the member to try again later.",
      );
      const options = await askTool(m, "get_options_summary", { underlying: "SPY" });
      expect(options.result.error).toBe(
        "The market data provider is unavailable right now, so there is no options data for SPY. Tell the member to try again later.",
      );
    } finally {
      marketStub.respondWith(undefined);
    }
  });
});
