import { describe, expect, it } from "vitest";
import { type MetricTrade, outcomeOf, summarize } from "./metrics.ts";

const t = (
  net: number,
  opts: { r?: number | null; day?: number; holdMin?: number; fees?: number } = {},
): MetricTrade => {
  const entryAt = new Date(Date.UTC(2026, 0, opts.day ?? 1, 14, 30));
  return {
    netPnl: net,
    fees: opts.fees ?? 1,
    grossPnl: net + (opts.fees ?? 1),
    rMultiple: opts.r ?? null,
    entryAt,
    exitAt: new Date(entryAt.getTime() + (opts.holdMin ?? 30) * 60_000),
  };
};

describe("summary statistics", () => {
  // Worked by hand: +300 (2R), −100 (−1R), 0 (scratch), +150 (1R), −200 (−2R), +50 (no risk known), in that order.
  const trades = [
    t(300, { r: 2, day: 1 }),
    t(-100, { r: -1, day: 2 }),
    t(0, { day: 3 }),
    t(150, { r: 1, day: 4 }),
    t(-200, { r: -2, day: 5 }),
    t(50, { day: 6, holdMin: 90 }),
  ];

  it("counts, rates and averages", () => {
    const s = summarize(trades);
    expect(s).toMatchObject({ tradeCount: 6, wins: 3, losses: 2, scratches: 1, netPnl: 200, fees: 6, grossPnl: 206 });
    expect(s.winRate).toBeCloseTo(3 / 5);
    expect(s.averageWin).toBe(166.67); // 500 / 3
    expect(s.averageLoss).toBe(-150);
    expect(s.payoffRatio).toBeCloseTo(500 / 3 / 150);
    expect(s.profitFactor).toBeCloseTo(500 / 300);
    expect(s.expectancy).toBe(33.33); // 200 / 6
    expect(s.bestTrade).toBe(300);
    expect(s.worstTrade).toBe(-200);
    expect(s.averageHoldMinutes).toBeCloseTo((5 * 30 + 90) / 6);
  });

  it("expectancy in R and SQN use only trades whose risk is known", () => {
    const s = summarize(trades);
    expect(s.expectancyR).toBe(0); // (2 − 1 + 1 − 2) / 4
    expect(s.sqn).toBe(0);
    const positive = summarize([t(100, { r: 1 }), t(200, { r: 2 }), t(-100, { r: -1 })]);
    // mean 2/3, sample sd √(7/3), N = 3: √3 × (2/3) / √(7/3) = 0.7559…
    expect(positive.sqn).toBeCloseTo(0.7559, 4);
  });

  it("drawdown is the largest fall from the running peak, and a share of peak equity with a starting balance", () => {
    // Cumulative: 300, 200, 200, 350, 150, 200 → peak 350, trough 150: 200.
    const s = summarize(trades, { startingBalance: 10_000 });
    expect(s.maxDrawdown).toBe(200);
    expect(s.maxDrawdownPct).toBeCloseTo(200 / 10_350);
    expect(summarize(trades).maxDrawdownPct).toBeNull();
  });

  it("streaks break on a scratch", () => {
    const s = summarize([
      t(10, { day: 1 }),
      t(10, { day: 2 }),
      t(0, { day: 3 }),
      t(10, { day: 4 }),
      t(-5, { day: 5 }),
      t(-5, { day: 6 }),
      t(-5, { day: 7 }),
    ]);
    expect(s.longestWinStreak).toBe(2);
    expect(s.longestLossStreak).toBe(3);
  });

  it("a breakeven band turns small results into scratches", () => {
    expect(outcomeOf(4.99, 5)).toBe("scratch");
    expect(outcomeOf(-5, 5)).toBe("scratch");
    expect(outcomeOf(5.01, 5)).toBe("win");
    expect(summarize([t(3), t(-2), t(20)], { breakevenBand: 5 })).toMatchObject({ wins: 1, losses: 0, scratches: 2 });
  });

  it("profit factor is infinite without losses and absent without trades", () => {
    expect(summarize([t(10), t(20)]).profitFactor).toBe(Infinity);
    const empty = summarize([]);
    expect(empty).toMatchObject({
      tradeCount: 0,
      profitFactor: null,
      winRate: null,
      expectancy: null,
      maxDrawdown: 0,
      sqn: null,
    });
  });

  it("adds money exactly: a thousand trades of 0.10 make 100.00", () => {
    expect(summarize(Array.from({ length: 1000 }, () => t(0.1, { fees: 0.01 }))).netPnl).toBe(100);
  });
});
