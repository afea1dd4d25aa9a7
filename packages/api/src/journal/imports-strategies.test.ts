// Option strategies on a real database: an import groups legs opened together (by order, else by
// second), each strategy's P&L is its legs', deleting a leg or undoing the import removes it, and
// another member cannot read it.
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, describe, expect, it } from "vitest";
import { fixture } from "./import/fixtures/helpers.ts";
import { failureOf, newMember } from "../testing/members.ts";

const prisma = getPrisma();

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

const cents = (value: string | null | undefined) => (value == null ? null : Number(value).toFixed(2));
const contract = (l: { option: { expiry: string; strike: string; right: string } | null; direction: string }) =>
  `${l.direction} ${l.option?.right} ${l.option?.strike}`;

async function importFile(content: string, broker: "tastytrade" | "thinkorswim" | "generic") {
  const { api, user } = await newMember({ label: "strategies", timeZone: "America/New_York" });
  const account = await api.accounts.create({ name: "Options", broker });
  const committed = await api.imports.commit({ accountId: account.id, fileName: "history.csv", content });
  return { api, user, account, committed };
}

describe("option strategies from an import", () => {
  it("groups an iron condor opened in one order and a vertical, not the single option or the shares", async () => {
    const { api, account, committed } = await importFile(fixture("tastytrade-option-strategies.csv"), "tastytrade");
    expect(committed).toMatchObject({ trades: 8, fills: 12 });
    // What the preview said: re-previewing finds every fill already imported, so it is checked on a new account.
    const other = await api.accounts.create({ name: "Preview", broker: "tastytrade" });
    const preview = await api.imports.preview({
      accountId: other.id,
      fileName: "history.csv",
      content: fixture("tastytrade-option-strategies.csv"),
    });
    expect(preview.strategies.map((s) => [s.underlying, s.name, s.legs])).toEqual([
      ["SPY", "Iron condor", 4],
      ["QQQ", "Put credit spread", 2],
    ]);

    const strategies = await api.strategies.list({ accountId: account.id });
    expect(strategies.map((s) => [s.underlying, s.kind, s.name, s.legs.length, s.totals.status])).toEqual([
      ["QQQ", "vertical", "Put credit spread", 2, "open"],
      // One order, 500001, though its last leg filled a second later.
      ["SPY", "iron_condor", "Iron condor", 4, "closed"],
    ]);

    const condor = strategies[1]!;
    expect(condor.legs.map((l) => [contract(l), cents(l.netPnl)])).toEqual([
      // Credit 1.00, closed for 0.60 debit: 40 − 4 × 1.20 fees = 35.20 over the four legs.
      ["long put 570", "-81.20"],
      ["short put 575", "98.80"],
      ["short call 600", "118.80"],
      ["long call 605", "-101.20"],
    ]);
    const legSum = condor.legs.reduce((total, l) => total + Number(l.netPnl), 0);
    expect(cents(condor.totals.netPnl)).toBe("35.20");
    expect(Number(condor.totals.netPnl)).toBeCloseTo(legSum, 8);
    expect(cents(condor.totals.fees)).toBe("4.80");

    const vertical = strategies[0]!;
    expect(vertical.legs.map(contract)).toEqual(["long put 475", "short put 480"]);
    expect(vertical.totals).toMatchObject({ netPnl: null, realizedPnl: "0", closedLegs: 0 });

    // The trade page of a leg carries its strategy; the single call and the shares have none.
    const leg = await api.journal.get({ tradeId: condor.legs[0]!.id });
    expect(leg.trade.strategyId).toBe(condor.id);
    expect(leg.strategy).toMatchObject({ id: condor.id, name: "Iron condor", totals: { status: "closed" } });
    expect(leg.strategy?.legs).toHaveLength(4);
    const list = (await api.journal.list({ filters: { accountId: account.id }, limit: 50 })).trades;
    const alone = list.filter((t) => t.strategyId === null).map((t) => [t.symbol, t.assetClass]);
    expect(alone.sort()).toEqual([
      ["AAPL", "stock"],
      ["QQQ", "option"],
    ]);
    expect(list.filter((t) => t.strategyName === "Iron condor")).toHaveLength(4);
    const single = list.find((t) => t.symbol === "QQQ" && t.optionRight === "call")!;
    expect((await api.journal.get({ tradeId: single.id })).strategy).toBeNull();

    // Re-importing the same file groups nothing twice.
    await api.imports.commit({
      accountId: account.id,
      fileName: "again.csv",
      content: fixture("tastytrade-option-strategies.csv"),
    });
    expect(await prisma.strategy.count({ where: { accountId: account.id } })).toBe(2);
  });

  it("counts a closed strategy as one trade in the statistics, with its legs' P&L", async () => {
    const { api, account } = await importFile(fixture("tastytrade-option-strategies.csv"), "tastytrade");
    const filters = { accountId: account.id };
    const trades = (await api.journal.list({ filters, limit: 50 })).trades.filter((t) => t.status === "closed");
    const condorLegs = trades.filter((t) => t.strategyName === "Iron condor");
    const alone = trades.filter((t) => t.strategyId === null);
    expect(condorLegs).toHaveLength(4);
    // The open vertical has no closed leg: it is in no statistic yet.
    expect(trades.filter((t) => t.strategyName === "Put credit spread")).toEqual([]);

    const summary = await api.analytics.summary(filters);
    // The four legs (two winners, two losers) are one winning trade of 35.20.
    expect(summary.tradeCount).toBe(alone.length + 1);
    const aloneWins = alone.filter((t) => Number(t.netPnl) > 0).length;
    expect(summary.wins).toBe(aloneWins + 1);
    const allCents = trades.reduce((total, t) => total + Math.round(Number(t.netPnl) * 100), 0);
    expect(Math.round(summary.netPnl * 100)).toBe(allCents);
    expect(Math.round(summary.fees * 100)).toBe(
      trades.reduce((total, t) => total + Math.round(Number(t.fees) * 100), 0),
    );

    const curve = await api.analytics.equityCurve({ filters });
    expect(curve.tradeCount).toBe(alone.length + 1);
    expect(curve.points.map((p) => p.netPnl)).toContain(35.2);
    expect(Math.round(curve.netPnl * 100)).toBe(allCents);

    for (const by of ["symbol", "weekday", "account"] as const) {
      const breakdown = await api.analytics.breakdown({ filters, by });
      const counted = breakdown.groups.reduce((total, g) => total + g.tradeCount, 0);
      expect([by, counted]).toEqual([by, alone.length + 1]);
    }

    const calendar = await api.analytics.calendar({ filters, start: "2020-01-01", end: "2020-12-31" });
    expect(calendar.tradeCount).toBe(0);
    const lastExit = new Date(Math.max(...condorLegs.map((l) => new Date(l.exitAt!).getTime())));
    const day = lastExit.toISOString().slice(0, 10);
    const around = await api.analytics.calendar({ filters, start: day, end: day });
    // The condor's legs count once, on the day its last leg closed.
    const sameDay = alone.filter((t) => t.exitAt && new Date(t.exitAt).toISOString().slice(0, 10) === day).length;
    expect(around.tradeCount).toBeLessThanOrEqual(sameDay + 1);
    expect(around.tradeCount).toBeGreaterThanOrEqual(1);
  });

  it("groups a thinkorswim spread, whose further legs take the first leg's time", async () => {
    const { api, account } = await importFile(fixture("thinkorswim-statement.csv"), "thinkorswim");
    const [vertical, ...others] = await api.strategies.list({ accountId: account.id });
    expect(others).toEqual([]);
    expect([vertical!.underlying, vertical!.name, vertical!.legs.map(contract)]).toEqual([
      "SPY",
      "Call debit spread",
      ["long call 590", "short call 595"],
    ]);
    // Bought for 1.20, sold for 1.75: 55 less 2 × (0.04 + 1.30) of fees.
    expect([vertical!.totals.status, cents(vertical!.totals.netPnl)]).toEqual(["closed", "52.32"]);
    const legSum = vertical!.legs.reduce((total, l) => total + Number(l.netPnl), 0);
    expect(Number(vertical!.totals.netPnl)).toBeCloseTo(legSum, 8);
  });

  it("hides a member's strategy from another member", async () => {
    const { api, account } = await importFile(fixture("tastytrade-option-strategies.csv"), "tastytrade");
    const [strategy] = await api.strategies.list({ accountId: account.id });
    const stranger = (await newMember({ label: "stranger" })).api;
    const refused = await failureOf(stranger.strategies.get({ strategyId: strategy!.id }));
    expect(refused.code).toBe("NOT_FOUND");
    expect(await stranger.strategies.list()).toEqual([]);
    expect((await failureOf(stranger.journal.get({ tradeId: strategy!.legs[0]!.id }))).code).toBe("NOT_FOUND");
    expect((await api.strategies.get({ strategyId: strategy!.id })).id).toBe(strategy!.id);
  });

  it("removes a strategy when a leg is deleted and one is left, and when its import is undone", async () => {
    const { api, account, committed } = await importFile(fixture("tastytrade-option-strategies.csv"), "tastytrade");
    const [vertical, condor] = await api.strategies.list({ accountId: account.id });

    await api.journal.delete({ tradeId: condor!.legs[0]!.id });
    const three = await api.strategies.get({ strategyId: condor!.id });
    expect(three.legs).toHaveLength(3);

    await api.journal.delete({ tradeId: vertical!.legs[0]!.id });
    expect((await failureOf(api.strategies.get({ strategyId: vertical!.id }))).code).toBe("NOT_FOUND");
    const left = await api.journal.get({ tradeId: vertical!.legs[1]!.id });
    expect([left.trade.strategyId, left.strategy]).toEqual([null, null]);

    await api.imports.undo({ importId: committed.importId });
    expect(await api.strategies.list({ accountId: account.id })).toEqual([]);
    expect(await prisma.strategy.count({ where: { accountId: account.id } })).toBe(0);
  });

  it("groups legs by their order id when our CSV has one, else by their second; never singles a minute apart", async () => {
    const content = [
      "account,time,symbol,side,quantity,price,fees,asset_class,multiplier,execution_id,underlying,expiry,strike,right,order_id",
      "Main,2026-03-04T15:00:00.120Z,TSLA,sell,1,5.00,0.65,option,100,g1,TSLA,2026-03-20,260,call,",
      "Main,2026-03-04T15:00:00.870Z,TSLA,sell,1,4.50,0.65,option,100,g2,TSLA,2026-03-20,220,put,",
      "Main,2026-03-04T15:05:00Z,NVDA,buy,1,3.00,0.65,option,100,g3,NVDA,2026-03-20,130,call,",
      "Main,2026-03-04T15:06:00Z,NVDA,sell,1,2.00,0.65,option,100,g4,NVDA,2026-03-20,135,call,",
      "Main,2026-03-05T15:00:00Z,TSLA,buy,1,2.00,0.65,option,100,g5,TSLA,2026-03-20,260,call,",
      "Main,2026-03-05T15:00:00Z,TSLA,buy,1,1.00,0.65,option,100,g6,TSLA,2026-03-20,220,put,",
      // One order, its legs filled five seconds apart.
      "Main,2026-03-06T15:10:00Z,AMD,buy,1,4.00,0.65,option,100,g7,AMD,2026-04-17,150,call,77",
      "Main,2026-03-06T15:10:05Z,AMD,sell,1,2.00,0.65,option,100,g8,AMD,2026-04-17,160,call,77",
    ].join("\n");
    const { api, account } = await importFile(content, "generic");
    const strategies = await api.strategies.list({ accountId: account.id });
    // Sold for 9.50, bought back for 3.00: 650 − 4 × 0.65.
    expect(strategies.map((s) => [s.underlying, s.name, s.legs.length, cents(s.totals.netPnl)])).toEqual([
      ["AMD", "Call debit spread", 2, null],
      ["TSLA", "Short strangle", 2, "647.40"],
    ]);
    expect(await prisma.trade.count({ where: { accountId: account.id, strategyId: null } })).toBe(2);
  });
});
