// journal.enrich and journal.excursions on a real database, with the real Massive provider talking
// HTTP to the local market stub: hand-computed excursions, ownership, date-only trades, futures,
// options, and a provider that is down.
import { rootLogger } from "@tradecraft/config";
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { type MarketStub, startMarketStub } from "@tradecraft/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMarket } from "../market/index.ts";
import { createMassiveProvider } from "../market/massive.ts";
import { failureOf, newMember } from "../testing/members.ts";

const prisma = getPrisma();
let stub: MarketStub;

beforeAll(async () => {
  stub = await startMarketStub();
});

afterAll(async () => {
  await stub.close();
  await closePrisma();
  await closeRedis();
});

/** A market service over Massive at the stub, with its own empty cache; retries do not wait. */
function massiveMarket() {
  const massive = createMassiveProvider({
    baseUrl: stub.massiveUrl,
    apiKey: "test-key",
    logger: rootLogger(),
    sleep: async () => {},
  });
  return createMarket({ providers: { massive } });
}

const minute = (iso: string, h: number, l: number) => ({
  t: Date.parse(iso),
  o: l,
  h,
  l,
  c: h,
  v: 1000,
  vw: (h + l) / 2,
  n: 10,
});
const aggs = (ticker: string, results: ReturnType<typeof minute>[]) => ({
  path: `/v2/aggs/ticker/${ticker}/`,
  body: { ticker, status: "OK", resultsCount: results.length, results },
});

async function member(timeZone = "America/New_York") {
  const m = await newMember({ label: "enrich", timeZone, context: { market: massiveMarket() } });
  const account = await m.api.accounts.create({ name: "Main", broker: "ibkr", currency: "usd" });
  return { ...m, account };
}

describe("journal.enrich", () => {
  it("measures a long trade from minute bars and stores it; another member gets NOT_FOUND", async () => {
    const alice = await member();
    const bob = await member();
    const trade = await alice.api.journal.create({
      accountId: alice.account.id,
      symbol: "AAPL",
      direction: "long",
      quantity: "100",
      entryPrice: "190",
      entryAt: new Date("2026-03-02T14:35:30Z"),
      exitPrice: "192",
      exitAt: new Date("2026-03-02T14:38:10Z"),
      fees: "2",
      stopLoss: "189",
    });
    stub.reset();
    stub.script(
      aggs("AAPL", [
        minute("2026-03-02T14:35:00Z", 190.5, 189.5),
        minute("2026-03-02T14:36:00Z", 193, 189),
        minute("2026-03-02T14:37:00Z", 192.5, 188.75),
        minute("2026-03-02T14:38:00Z", 192.2, 191.8),
      ]),
    );

    expect(await failureOf(bob.api.journal.enrich({ tradeId: trade.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failureOf(bob.api.journal.excursions({ tradeId: trade.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(stub.requests.filter((r) => r.path.startsWith("/v2/aggs"))).toHaveLength(0);

    const result = await alice.api.journal.enrich({ tradeId: trade.id });
    // Best 193: (193 - 190) × 100 = 300 = 3 R on $100 at risk; worst 188.75: -125 = -1.25 R.
    // Best exit 300 - 2 fees = 298; taken (192 - 190) × 100 = 200 of 300 gross = 0.6667.
    expect(result).toMatchObject({
      status: "computed",
      excursions: {
        mfePrice: "193",
        maePrice: "188.75",
        mfe: "300",
        mae: "-125",
        mfeR: "3",
        maeR: "-1.25",
        bestExitPnl: "298",
        exitEfficiency: 0.6667,
        timeAssumed: false,
        source: "massive",
        simulated: false,
      },
    });
    // One call, from the entry's minute to just after the exit (Massive's `to` is inclusive).
    const calls = stub.requests.filter((r) => r.path.startsWith("/v2/aggs"));
    expect(calls.map((r) => r.path)).toEqual([
      `/v2/aggs/ticker/AAPL/range/1/minute/${Date.parse("2026-03-02T14:35:00Z")}/${Date.parse("2026-03-02T14:39:00Z") - 1}`,
    ]);
    const read = await alice.api.journal.excursions({ tradeId: trade.id });
    expect(read.excursions).toEqual(result.excursions);
    expect(read.chartHref).toBe(
      "/app/market/AAPL?from=2026-03-02T14%3A05%3A30.000Z&to=2026-03-02T15%3A08%3A10.000Z&timespan=minute",
    );
  });

  it("a trade with dates only is measured 10:00-15:00 New York and says so", async () => {
    const carol = await member("America/New_York");
    // 00:00 in New York (UTC-5 in March before the 8th) on both ends: a date-only trade.
    const trade = await carol.api.journal.create({
      accountId: carol.account.id,
      symbol: "MSFT",
      direction: "long",
      quantity: "10",
      entryPrice: "50",
      entryAt: new Date("2026-03-03T05:00:00Z"),
      exitPrice: "50.5",
      exitAt: new Date("2026-03-03T05:00:00Z"),
    });
    stub.reset();
    stub.script(aggs("MSFT", [minute("2026-03-03T15:00:00Z", 51, 49), minute("2026-03-03T19:59:00Z", 52, 50)]));
    const result = await carol.api.journal.enrich({ tradeId: trade.id });
    // (52 - 50) × 10 = 20; (49 - 50) × 10 = -10; no fees; taken 5 of 20 = 0.25.
    expect(result.excursions).toMatchObject({
      mfe: "20",
      mae: "-10",
      bestExitPnl: "20",
      exitEfficiency: 0.25,
      timeAssumed: true,
    });
    const [call] = stub.requests.filter((r) => r.path.startsWith("/v2/aggs"));
    expect(call?.path).toContain(`/minute/${Date.parse("2026-03-03T15:00:00Z")}/`);
  });

  it("a trade over 5 days is measured on hour bars, and says so", async () => {
    const gina = await member();
    const trade = await gina.api.journal.create({
      accountId: gina.account.id,
      symbol: "AMD",
      direction: "long",
      quantity: "1",
      entryPrice: "100",
      entryAt: new Date("2026-02-02T15:00:00Z"),
      exitPrice: "110",
      exitAt: new Date("2026-02-12T15:00:00Z"),
    });
    stub.reset();
    stub.script(aggs("AMD", [minute("2026-02-03T15:00:00Z", 120, 95), minute("2026-02-10T15:00:00Z", 105, 90)]));
    const result = await gina.api.journal.enrich({ tradeId: trade.id });
    // Best 120 → +20, worst 90 → -10; no fees: best exit 20; taken 10 of 20 = 0.5.
    expect(result.excursions).toMatchObject({ mfe: "20", mae: "-10", bestExitPnl: "20", exitEfficiency: 0.5 });
    expect(result.warnings).toEqual([
      "The trade lasted over 5 days, so hour bars were used: the first may include prices from before the entry.",
    ]);
    const calls = stub.requests.filter((r) => r.path.startsWith("/v2/aggs"));
    expect(calls.map((r) => r.path.split("/range/")[1]!.split("/").slice(0, 2).join("/"))).toEqual(["1/hour"]);
  });

  it("futures the provider lacks and options are unavailable, with nothing stored; open trades are refused", async () => {
    const dave = await member();
    const future = await dave.api.journal.create({
      accountId: dave.account.id,
      symbol: "ES",
      assetClass: "future",
      direction: "long",
      quantity: "1",
      entryPrice: "5000",
      entryAt: new Date("2026-03-02T15:00:00Z"),
      exitPrice: "5010",
      exitAt: new Date("2026-03-02T15:30:00Z"),
    });
    const option = await dave.api.journal.create({
      accountId: dave.account.id,
      symbol: "AAPL",
      assetClass: "option",
      option: { expiry: "2026-03-20", strike: "200", right: "call" },
      direction: "long",
      quantity: "1",
      entryPrice: "2",
      entryAt: new Date("2026-03-02T15:00:00Z"),
      exitPrice: "3",
      exitAt: new Date("2026-03-02T15:30:00Z"),
    });
    const open = await dave.api.journal.create({
      accountId: dave.account.id,
      symbol: "AAPL",
      direction: "long",
      quantity: "1",
      entryPrice: "190",
      entryAt: new Date("2026-03-02T15:00:00Z"),
    });
    stub.reset();
    expect(await dave.api.journal.enrich({ tradeId: future.id })).toMatchObject({
      status: "unavailable",
      reason: "Excursions are unavailable for futures on this provider (no bars for ES).",
    });
    expect(await dave.api.journal.enrich({ tradeId: option.id })).toMatchObject({
      status: "unavailable",
      reason: expect.stringContaining("options"),
    });
    expect(await failureOf(dave.api.journal.enrich({ tradeId: open.id }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Excursions are measured once the trade is closed.",
    });
    expect(stub.requests.filter((r) => r.path.startsWith("/v2/aggs"))).toHaveLength(0);
    const rows = await prisma.trade.findMany({
      where: { userId: dave.user.id },
      select: { excursionsAt: true, mfe: true },
    });
    expect(rows).toEqual([
      { excursionsAt: null, mfe: null },
      { excursionsAt: null, mfe: null },
      { excursionsAt: null, mfe: null },
    ]);
  });

  it("a provider that is down: SERVICE_UNAVAILABLE, nothing written; a bad id names its field", async () => {
    const erin = await member();
    const trade = await erin.api.journal.create({
      accountId: erin.account.id,
      symbol: "NVDA",
      direction: "short",
      quantity: "5",
      entryPrice: "900",
      entryAt: new Date("2026-03-02T15:00:00Z"),
      exitPrice: "890",
      exitAt: new Date("2026-03-02T15:10:00Z"),
    });
    stub.reset();
    stub.respondWith({ path: "/v2/aggs", status: 503 });
    try {
      const failure = await failureOf(erin.api.journal.enrich({ tradeId: trade.id }));
      expect(failure).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
      expect(failure.message).toMatch(/^Market data is unavailable right now \(massive\)/);
    } finally {
      stub.respondWith(undefined);
    }
    expect(
      await prisma.trade.findUnique({ where: { id: trade.id }, select: { excursionsAt: true, mfe: true } }),
    ).toEqual({ excursionsAt: null, mfe: null });
    expect(await failureOf(erin.api.journal.enrich({ tradeId: "" }))).toMatchObject({
      code: "BAD_REQUEST",
      fields: { tradeId: ["Give an id"] },
    });
  });

  it("with the simulated provider the numbers are labelled simulated", async () => {
    const frank = await newMember({ label: "enrich", context: { market: createMarket() } });
    const account = await frank.api.accounts.create({ name: "Main", broker: "generic", currency: "usd" });
    const trade = await frank.api.journal.create({
      accountId: account.id,
      symbol: "AAPL",
      direction: "long",
      quantity: "1",
      entryPrice: "190",
      entryAt: new Date("2026-03-02T15:00:00Z"),
      exitPrice: "191",
      exitAt: new Date("2026-03-02T15:30:00Z"),
    });
    const result = await frank.api.journal.enrich({ tradeId: trade.id });
    expect(result.excursions).toMatchObject({ source: "simulated", simulated: true, timeAssumed: false });
  });
});
