// The statistics' excursion figures on a real database: the summary's averages over the measured
// trades and the breakdowns' average exit efficiency, hand-computed.
import { closePrisma, closeRedis, getPrisma } from "@tradecraft/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newMember } from "../testing/members.ts";
import { averageExitEfficiency, excursionTotals } from "./domain/excursion-stats.ts";

const prisma = getPrisma();
let member: Awaited<ReturnType<typeof newMember>>;

afterAll(async () => {
  await closePrisma();
  await closeRedis();
});

beforeAll(async () => {
  member = await newMember({ label: "analytics-excursions", timeZone: "America/New_York" });
  const { api } = member;
  const account = await api.accounts.create({ name: "Main", broker: "generic", currency: "usd" });
  const breakout = await api.setups.create({ name: "Breakout" });
  const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00Z`);
  const trade = (
    symbol: string,
    direction: "long" | "short",
    quantity: string,
    entryPrice: string,
    exitPrice: string,
    fees: string,
    setupId?: string,
  ) =>
    api.journal.create({
      accountId: account.id,
      symbol,
      direction,
      quantity,
      entryPrice,
      exitPrice,
      fees,
      entryAt: at("15:00"),
      exitAt: at("15:30"),
      setupId,
    });
  // Gross 200 each for the first two, -10 for the third; the fourth is never measured.
  const t1 = await trade("AAPL", "long", "100", "100", "102", "2", breakout.id);
  const t2 = await trade("AAPL", "short", "50", "200", "196", "1", breakout.id);
  const t3 = await trade("MSFT", "long", "10", "50", "49", "0");
  await trade("MSFT", "long", "1", "10", "11", "0");
  const measured = { excursionsAt: new Date(), excursionsSource: "simulated" };
  // Best exits: 398 net + 2 fees = 400 gross (efficiency 200/400 = 0.5); 249 + 1 = 250 (0.8); 0 (never in profit: none).
  await prisma.trade.update({
    where: { id: t1.id },
    data: { ...measured, mfe: "400", mae: "-125", mfeR: "4", maeR: "-1.25", bestExitPnl: "398" },
  });
  await prisma.trade.update({
    where: { id: t2.id },
    data: { ...measured, mfe: "250", mae: "-75", bestExitPnl: "249" },
  });
  await prisma.trade.update({
    where: { id: t3.id },
    data: { ...measured, mfe: "0", mae: "-15", mfeR: "0", maeR: "-0.75", bestExitPnl: "0" },
  });
});

describe("excursions in the statistics", () => {
  it("the summary averages MFE/MAE over the measured trades and says how many of how many", async () => {
    const summary = await member.api.analytics.summary({});
    // MFE (400 + 250 + 0) / 3 = 216.67; MAE (-125 - 75 - 15) / 3 = -71.67; R where known: (4 + 0) / 2 = 2,
    // (-1.25 - 0.75) / 2 = -1; efficiency (0.5 + 0.8) / 2 = 0.65 (the third has none).
    expect(summary.excursions).toEqual({
      closedTrades: 4,
      measuredTrades: 3,
      avgMfe: 216.67,
      avgMae: -71.67,
      avgMfeR: 2,
      avgMaeR: -1,
      avgExitEfficiency: 0.65,
    });
  });

  it("the breakdowns by symbol, setup and weekday carry the average exit efficiency", async () => {
    const bySymbol = await member.api.analytics.breakdown({ by: "symbol" });
    expect(bySymbol.groups.map((g) => [g.label, g.tradeCount, g.efficiencyTrades, g.avgExitEfficiency])).toEqual([
      ["AAPL", 2, 2, 0.65],
      ["MSFT", 2, 0, null],
    ]);
    const bySetup = await member.api.analytics.breakdown({ by: "setup" });
    expect(bySetup.groups.map((g) => [g.label, g.avgExitEfficiency])).toEqual([
      ["Breakout", 0.65],
      ["No setup", null],
    ]);
    const byWeekday = await member.api.analytics.breakdown({ by: "weekday" });
    expect(
      byWeekday.groups.filter((g) => g.tradeCount > 0).map((g) => [g.label, g.efficiencyTrades, g.avgExitEfficiency]),
    ).toEqual([["Mon", 2, 0.65]]);
  });

  it("another member's statistics have none of these trades", async () => {
    const other = await newMember({ label: "analytics-excursions" });
    expect((await other.api.analytics.summary({})).excursions).toEqual({
      closedTrades: 0,
      measuredTrades: 0,
      avgMfe: null,
      avgMae: null,
      avgMfeR: null,
      avgMaeR: null,
      avgExitEfficiency: null,
    });
  });
});

describe("excursion-stats", () => {
  it("rounds the database's averages and leaves them out when nothing is measured", () => {
    expect(
      excursionTotals({
        closedTrades: 5,
        measuredTrades: 2,
        avgMfe: 10.006,
        avgMae: -3.333333,
        avgMfeR: 1.2345,
        avgMaeR: null,
        avgExitEfficiency: 0.123456,
      }),
    ).toEqual({
      closedTrades: 5,
      measuredTrades: 2,
      avgMfe: 10.01,
      avgMae: -3.33,
      avgMfeR: 1.23,
      avgMaeR: null,
      avgExitEfficiency: 0.1235,
    });
    expect(averageExitEfficiency([0.5, null, 1, -0.25])).toEqual({ efficiencyTrades: 3, avgExitEfficiency: 0.4167 });
  });
});
