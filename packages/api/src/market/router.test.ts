// market.* through the caller on a real database, against the simulated provider (the offline
// default) and the real Massive provider pointed at the local market stub: a member sees only
// their own trades on a symbol; bad input is refused beside its field; an unknown symbol is 404
// with suggestions; an outage is 503 with a sentence for people.
import { rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis } from "@tradecraft/db";
import { type MarketStub, startMarketStub } from "@tradecraft/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, newMember } from "../testing/members.ts";
import { createMarket } from "./index.ts";
import { createMassiveProvider } from "./massive.ts";
import { SymbolNotFoundError } from "./types.ts";

let stub: MarketStub;
let alice: Awaited<ReturnType<typeof newMember>>;
let bob: Awaited<ReturnType<typeof newMember>>;

/** A member whose ctx.market is Massive (through the stub), with the simulated provider as its fallback. */
function massiveMember(label: string) {
  const massive = createMassiveProvider({
    baseUrl: stub.massiveUrl,
    apiKey: "test-key",
    logger: rootLogger(),
    timeoutMs: 2_000,
  });
  return newMember({ label, context: { market: createMarket({ providers: { massive } }) } });
}

beforeAll(async () => {
  stub = await startMarketStub();
  alice = await newMember({ label: "market-alice" });
  bob = await newMember({ label: "market-bob" });
});

afterAll(async () => {
  await stub.close();
  await closePrisma();
  await closeRedis();
});

describe("market.symbolTrades", () => {
  it("lists the member's own trades on the symbol and its option legs, never another member's", async () => {
    const account = await alice.api.accounts.create({ name: "Main" });
    const bobAccount = await bob.api.accounts.create({ name: "Bob's" });
    const shares = await alice.api.journal.create({
      accountId: account.id,
      symbol: "aapl",
      direction: "long",
      quantity: "10",
      entryPrice: "190",
      entryAt: new Date("2026-03-02T14:35:00Z"),
      exitPrice: "192",
      exitAt: new Date("2026-03-02T15:35:00Z"),
    });
    const call = await alice.api.journal.create({
      accountId: account.id,
      symbol: "AAPL",
      assetClass: "option",
      direction: "long",
      quantity: "1",
      entryPrice: "2.5",
      entryAt: new Date("2026-03-03T15:00:00Z"),
      option: { expiry: "2026-03-20", strike: "200", right: "call" },
    });
    await alice.api.journal.create({
      accountId: account.id,
      symbol: "MSFT",
      direction: "short",
      quantity: "5",
      entryPrice: "420",
      entryAt: new Date("2026-03-02T15:00:00Z"),
    });
    const bobs = await bob.api.journal.create({
      accountId: bobAccount.id,
      symbol: "AAPL",
      direction: "short",
      quantity: "3",
      entryPrice: "191",
      entryAt: new Date("2026-03-02T14:40:00Z"),
      exitPrice: "190",
      exitAt: new Date("2026-03-02T14:50:00Z"),
    });

    const { trades, truncated } = await alice.api.market.symbolTrades({ symbol: " aapl " });
    expect(truncated).toBe(false);
    // Newest first; the call's strike and expiry say which leg it is.
    expect(trades.map((t) => t.id)).toEqual([call.id, shares.id]);
    expect(trades[1]).toMatchObject({
      direction: "long",
      status: "closed",
      quantity: "10",
      entryPrice: "190",
      exitPrice: "192",
      netPnl: "20",
      entryAt: Date.parse("2026-03-02T14:35:00Z"),
      exitAt: Date.parse("2026-03-02T15:35:00Z"),
      option: null,
    });
    expect(trades[0]).toMatchObject({
      status: "open",
      exitAt: null,
      netPnl: null,
      option: { right: "call", strike: "200", expiry: "2026-03-20" },
    });
    expect((await bob.api.market.symbolTrades({ symbol: "AAPL" })).trades.map((t) => t.id)).toEqual([bobs.id]);

    // A period keeps the trades that overlap it: the shares closed before 3 March; the call is still open.
    const third = await alice.api.market.symbolTrades({ symbol: "AAPL", from: "2026-03-03", to: "2026-03-04" });
    expect(third.trades.map((t) => t.id)).toEqual([call.id]);
    const second = await alice.api.market.symbolTrades({
      symbol: "AAPL",
      from: "2026-03-02T00:00Z",
      to: "2026-03-02T23:00Z",
    });
    expect(second.trades.map((t) => t.id)).toEqual([shares.id]);
  });

  it("refuses a symbol that cannot be one, and a period that ends before it starts, beside their fields", async () => {
    const bad = await failureOf(alice.api.market.symbolTrades({ symbol: "AA PL!" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.fields.symbol).toEqual(["Enter a symbol such as AAPL, BTC or ES"]);
    const backwards = await failureOf(
      alice.api.market.symbolTrades({ symbol: "AAPL", from: "2026-03-05", to: "2026-03-02" }),
    );
    expect(backwards.fields.to).toEqual(["The end must be after the start"]);
  });
});

describe("market.quote, market.bars and market.search on the simulated provider", () => {
  it("answers a quote labelled simulated, and a year of day bars by default", async () => {
    const quote = await alice.api.market.quote({ symbol: "aapl" });
    expect(quote).toMatchObject({ source: "simulated", simulated: true, stale: false, data: { symbol: "AAPL" } });
    expect(quote.data.price).toBeGreaterThan(0);
    const bars = await alice.api.market.bars({ symbol: "AAPL" });
    expect(bars.timespan).toBe("day");
    expect(bars.to - bars.from).toBe(365 * 86_400_000);
    expect(bars.data.length).toBeGreaterThan(200);
    expect(bars.data.every((b) => b.t >= bars.from && b.t < bars.to && b.l <= b.o && b.o <= b.h)).toBe(true);
  });

  it("reads the period of a chart link (ISO times) and refuses one longer than the bar size allows", async () => {
    const hour = await alice.api.market.bars({
      symbol: "MSFT",
      timespan: "minute",
      from: "2026-03-02T14:30:00Z",
      to: "2026-03-02T15:30:00Z",
    });
    expect([hour.from, hour.to]).toEqual([Date.parse("2026-03-02T14:30:00Z"), Date.parse("2026-03-02T15:30:00Z")]);
    expect(hour.data.length).toBeLessThanOrEqual(60);
    const tooLong = await failureOf(
      alice.api.market.bars({ symbol: "MSFT", timespan: "minute", from: "2026-03-02", to: "2026-03-20" }),
    );
    expect(tooLong.code).toBe("BAD_REQUEST");
    expect(tooLong.fields.from).toEqual(["Minute bars cover at most 5 days per request"]);
    // Only an end, near 1970 (epoch ms from code): the period starts at 1970, an empty chart, not an outage.
    const early = await alice.api.market.bars({ symbol: "AAPL", timespan: "day", to: 100 });
    expect([early.from, early.to, early.data]).toEqual([0, 100, []]);
    const badTime = await failureOf(
      alice.api.market.bars({ symbol: "MSFT", timespan: "week" as never, from: "yesterday" }),
    );
    expect(badTime.fields).toMatchObject({
      timespan: ["Choose minute, hour or day bars"],
      from: [expect.stringMatching(/^Enter a date like/)],
    });
  });

  it("finds symbols by ticker or name, the exact ticker first; an empty query is refused", async () => {
    const found = await alice.api.market.search({ query: "apple" });
    expect(found.data.map((m) => m.symbol)).toContain("AAPL");
    const exact = await alice.api.market.search({ query: "msft" });
    expect(exact.data[0]?.symbol).toBe("MSFT");
    const empty = await failureOf(alice.api.market.search({ query: "   " }));
    expect(empty.fields.query).toEqual(["Type 1 to 40 characters: a symbol or a company name"]);
    const long = await failureOf(alice.api.market.search({ query: "x".repeat(41) }));
    expect(long.fields.query).toEqual(["Type 1 to 40 characters: a symbol or a company name"]);
  });
});

describe("market.* through the Massive provider (local stub)", () => {
  it("an unknown symbol is NOT_FOUND, with suggestions in the message and on the cause", async () => {
    const { api } = await massiveMember("market-unknown");
    // Massive leaves a ticker it does not know out of its snapshot; its search finds "Apple Inc.".
    stub.script({ path: "/v2/snapshot", status: 200, body: { status: "OK", count: 0, tickers: [] } });
    const unknown = await failureOf(api.market.quote({ symbol: "apple" }));
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.error.cause).toBeInstanceOf(SymbolNotFoundError);
    const suggestions = (unknown.error.cause as SymbolNotFoundError).suggestions.map((s) => s.symbol);
    expect(suggestions).toContain("AAPL");
    expect(unknown.message).toBe(
      `No market data for APPLE.${suggestions.length ? ` Did you mean ${suggestions.join(", ")}?` : ""}`,
    );
  });

  it("a provider that fails with nothing cached is SERVICE_UNAVAILABLE with a sentence for people", async () => {
    const { api } = await massiveMember("market-outage");
    stub.respondWith({ status: 503, body: { status: "ERROR", error: "down" } });
    try {
      const down = await failureOf(api.market.quote({ symbol: "NVDA" }));
      expect(down.code).toBe("SERVICE_UNAVAILABLE");
      expect(down.message).toBe("Market data is unavailable right now.");
    } finally {
      stub.respondWith(undefined);
    }
  });
});
