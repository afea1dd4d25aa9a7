// The journal list's one-statement read (issue 16) against Prisma's own reading of the same
// filters: the same trades, in the same order, with the same totals and the same numbers as
// journal.get prints them; pagination, ownership and the filter form's names.
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newMember } from "../testing/members.ts";
import { tradeWhere } from "./filters.ts";
import type { TradeFilters } from "./schemas.ts";

const prisma = getPrisma();

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

let alice: Awaited<ReturnType<typeof newMember>>;
let bob: Awaited<ReturnType<typeof newMember>>;
let main: { id: string };
let setupId: string;
const BAND = 5;

beforeAll(async () => {
  alice = await newMember({ label: "list", timeZone: "America/New_York" });
  bob = await newMember({ label: "list-other" });
  await prisma.profile.update({ where: { userId: alice.user.id }, data: { breakevenBand: BAND } });
  main = await alice.api.accounts.create({ name: "Main", broker: "ibkr", currency: "usd" });
  await alice.api.accounts.create({ name: "Another", broker: "generic", currency: "usd" });
  setupId = (await alice.api.setups.create({ name: "Opening range" })).id;
  await alice.api.setups.create({ name: "Breakout" });
  const day = (d: number, h = 15) => new Date(Date.UTC(2026, 2, d, h, 0, 0));
  const trades: {
    symbol: string;
    direction: "long" | "short";
    quantity: string;
    entryPrice: string;
    exitPrice: string | null;
    fees?: string;
    tags?: string[];
    setupId?: string;
  }[] = [
    { symbol: "AAPL", direction: "long", quantity: "100", entryPrice: "190.10", exitPrice: "192.10", fees: "2" },
    { symbol: "AAPL", direction: "short", quantity: "50", entryPrice: "191", exitPrice: "191.02", fees: "0.5" },
    { symbol: "MSFT", direction: "long", quantity: "0.00000001", entryPrice: "400.12345678", exitPrice: "390" },
    { symbol: "TSLA", direction: "long", quantity: "10", entryPrice: "250", exitPrice: null, tags: ["swing", "A+"] },
    { symbol: "NVDA", direction: "short", quantity: "20", entryPrice: "900", exitPrice: "880", setupId },
  ];
  for (const [i, t] of trades.entries())
    await alice.api.journal.create({
      accountId: main.id,
      ...t,
      exitPrice: t.exitPrice ?? undefined,
      entryAt: day(i + 1),
      exitAt: t.exitPrice ? day(i + 1, 16) : undefined,
      stopLoss: t.direction === "long" ? String(Number(t.entryPrice) - 1) : undefined,
    });
  // Five more on one day, so pagination crosses equal entry times (ties broken by id).
  for (let i = 0; i < 5; i++)
    await alice.api.journal.create({
      accountId: main.id,
      symbol: "SPY",
      direction: "long",
      quantity: "1",
      entryPrice: "500",
      entryAt: day(20),
      exitPrice: String(500 + i * 3),
      exitAt: day(20, 18),
    });
  await bob.api.journal.create({
    accountId: (await bob.api.accounts.create({ name: "Bob's", broker: "generic", currency: "usd" })).id,
    symbol: "AAPL",
    direction: "long",
    quantity: "1",
    entryPrice: "1",
    entryAt: day(3),
  });
});

/** What Prisma's own query gives for the same filters, newest first. */
async function prismaReading(filters: TradeFilters) {
  const where = tradeWhere(alice.user.id, filters, "America/New_York", BAND);
  const [rows, totals] = await Promise.all([
    prisma.trade.findMany({ where, orderBy: [{ entryAt: "desc" }, { id: "desc" }], select: { id: true } }),
    prisma.trade.aggregate({ where, _count: { _all: true }, _sum: { netPnl: true, fees: true } }),
  ]);
  return {
    ids: rows.map((r) => r.id),
    totals: {
      count: totals._count._all,
      netPnl: totals._sum.netPnl?.toString() ?? "0",
      fees: totals._sum.fees?.toString() ?? "0",
    },
  };
}

describe("journal.list in one statement", () => {
  const cases: (TradeFilters | (() => TradeFilters))[] = [
    {},
    { symbol: "AAPL" },
    { side: "short" },
    { status: "open" },
    { outcome: "win" },
    { outcome: "loss" },
    { outcome: "scratch" },
    { outcome: "win", status: "open" },
    { tag: "swing" },
    () => ({ setupId }),
    () => ({ accountId: main.id, assetClass: "stock", grade: "A" }),
    { from: "2026-03-02", to: "2026-03-04" },
    { to: "2026-03-03" },
  ];
  for (const given of cases) {
    it(`finds what Prisma's tradeWhere finds: ${typeof given === "function" ? given.toString() : JSON.stringify(given)}`, async () => {
      const filters = typeof given === "function" ? given() : given;
      const expected = await prismaReading(filters);
      const listed = await alice.api.journal.list({ filters, limit: 200 });
      expect(listed.trades.map((t) => t.id)).toEqual(expected.ids);
      expect(listed.totals).toEqual(expected.totals);
      expect(listed.timeZone).toBe("America/New_York");
    });
  }

  it("prints every field as journal.get does (decimals, days, times, tags, strategy)", async () => {
    const { trades } = await alice.api.journal.list({ limit: 200 });
    expect(trades).toHaveLength(10);
    for (const listed of trades) {
      const got = (await alice.api.journal.get({ tradeId: listed.id })).trade as Record<string, unknown>;
      const { strategyName, ...rest } = listed;
      expect(strategyName).toBeNull();
      expect(rest).toEqual(Object.fromEntries(Object.keys(rest).map((k) => [k, got[k]])));
    }
    expect(trades.find((t) => t.symbol === "MSFT")).toMatchObject({
      quantity: "1e-8",
      entryPrice: "400.12345678",
      exitPrice: "390",
    });
  });

  it("pages through every trade once, newest first, across equal entry times", async () => {
    const all = (await alice.api.journal.list({ limit: 200 })).trades.map((t) => t.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const listed = await alice.api.journal.list({ limit: 3, cursor });
      seen.push(...listed.trades.map((t) => t.id));
      expect(listed.totals.count).toBe(10);
      if (!listed.nextCursor) break;
      cursor = listed.nextCursor;
    }
    expect(seen).toEqual(all);
    const bySymbol = await alice.api.journal.list({ sort: "symbol", order: "asc", limit: 4 });
    const next = await alice.api.journal.list({
      sort: "symbol",
      order: "asc",
      limit: 200,
      cursor: bySymbol.nextCursor!,
    });
    expect([...bySymbol.trades, ...next.trades].map((t) => t.symbol)).toEqual(
      [...(await alice.api.journal.list({ limit: 200 })).trades.map((t) => t.symbol)].sort(),
    );
  });

  it("another member's trade as the cursor gives an empty page, never their rows", async () => {
    const bobs = (await bob.api.journal.list({})).trades[0]!;
    const listed = await alice.api.journal.list({ cursor: bobs.id });
    expect(listed.trades).toEqual([]);
    expect(listed.totals.count).toBe(10);
    expect((await bob.api.journal.list({})).trades.map((t) => t.symbol)).toEqual(["AAPL"]);
  });
});

describe("journal.page", () => {
  it("adds the member's own account and setup names, by name, to the list", async () => {
    const page = await alice.api.journal.page({ filters: { symbol: "AAPL" }, limit: 1 });
    expect(page.accounts.map((a) => a.name)).toEqual(["Another", "Main"]);
    expect(page.setups.map((s) => s.name)).toEqual(["Breakout", "Opening range"]);
    expect(page.trades).toHaveLength(1);
    expect(page.nextCursor).toBe(page.trades[0]!.id);
    expect(page.totals.count).toBe(2);
    const bobsPage = await bob.api.journal.page({});
    expect(bobsPage.accounts.map((a) => a.name)).toEqual(["Bob's"]);
    expect(bobsPage.setups).toEqual([]);
  });

  it("sorted by net P&L (not one statement), it still answers with the names", async () => {
    const page = await alice.api.journal.page({ sort: "netPnl", order: "desc", limit: 200 });
    expect(page.trades).toHaveLength(10);
    expect(page.accounts).toHaveLength(2);
  });
});
