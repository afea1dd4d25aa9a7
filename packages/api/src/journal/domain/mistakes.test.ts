import { describe, expect, it } from "vitest";
import { findMistakePatterns, type PatternTrade } from "./mistakes.ts";

const at = (iso: string) => new Date(iso);
// Shares at $100 unless told: `notional` 10,000 is 100 shares.
const trade = (
  id: string,
  entry: string,
  exit: string,
  netPnl: number,
  notional: number,
  symbol = "AAPL",
  rMultiple: number | null = null,
  { quantity = notional / 100, initialRisk = null }: { quantity?: number; initialRisk?: number | null } = {},
): PatternTrade => ({
  id,
  symbol,
  entryAt: at(entry),
  exitAt: at(exit),
  netPnl,
  notional,
  quantity,
  initialRisk,
  rMultiple,
});

describe("findMistakePatterns", () => {
  it("flags a larger position opened soon after a loss, and only that", () => {
    const trades = [
      trade("loss", "2026-03-02T14:00:00Z", "2026-03-02T14:20:00Z", -300, 10_000),
      trade("revenge", "2026-03-02T14:30:00Z", "2026-03-02T14:50:00Z", -500, 20_000), // 10 min later, 2× size
      trade("smaller", "2026-03-02T15:00:00Z", "2026-03-02T15:10:00Z", 50, 5_000), // 10 min after "revenge", smaller
      trade("late", "2026-03-02T16:00:00Z", "2026-03-02T16:10:00Z", 80, 50_000), // 70 min after the last loss
    ];
    const result = findMistakePatterns(trades, "UTC");
    expect(result.revengeTrading.count).toBe(1);
    expect(result.revengeTrading.examples).toEqual([
      {
        afterLossTradeId: "loss",
        tradeId: "revenge",
        minutesAfter: 10,
        comparedBy: "quantity",
        sizeRatio: 2,
        netPnl: -500,
      },
    ]);
    expect(result.revengeTrading.netPnl).toBe(-500);
  });

  it("does not fire on the same size at a higher price, within the tolerance, or across instruments without stops", () => {
    const loss = trade("loss", "2026-03-02T14:00:00Z", "2026-03-02T14:20:00Z", -100, 10_000); // 100 AAPL @ 100
    const cases = [
      // The same 100 shares after the price rose $1: $10,100 is "larger" in dollars, not in size.
      trade("same-size", "2026-03-02T14:30:00Z", "2026-03-02T14:40:00Z", -20, 10_100, "AAPL", null, { quantity: 100 }),
      // 120 shares: within the 25 % tolerance.
      trade("rounded-up", "2026-03-02T14:30:00Z", "2026-03-02T14:40:00Z", -20, 12_000, "AAPL", null, { quantity: 120 }),
      // A far bigger position in another instrument, no stops: not comparable.
      trade("other", "2026-03-02T14:30:00Z", "2026-03-02T14:40:00Z", -20, 400_000, "ES", null, { quantity: 2 }),
    ];
    for (const next of cases) expect(findMistakePatterns([loss, next], "UTC").revengeTrading.count, next.id).toBe(0);
    // 1,019 of 2,000 trades flagged before: a steady size through a rising market flags none now.
    const steady = Array.from({ length: 200 }, (_, i) => {
      const start = Date.UTC(2026, 2, 2, 14, 0) + i * 15 * 60_000;
      return trade(
        `t${i}`,
        new Date(start).toISOString(),
        new Date(start + 10 * 60_000).toISOString(),
        i % 2 ? -25 : 30,
        100 * (100 + i * 0.5),
        "AAPL",
        null,
        { quantity: 100 },
      );
    });
    expect(findMistakePatterns(steady, "UTC").revengeTrading.count).toBe(0);
  });

  it("compares dollars at risk when both trades had a stop, across instruments too", () => {
    const loss = trade("loss", "2026-03-02T14:00:00Z", "2026-03-02T14:20:00Z", -200, 10_000, "AAPL", -1, {
      quantity: 100,
      initialRisk: 200,
    });
    // More shares with a tighter stop: the same $200 at risk is no revenge.
    const tighter = trade("tighter", "2026-03-02T14:30:00Z", "2026-03-02T14:40:00Z", 50, 30_000, "AAPL", null, {
      quantity: 300,
      initialRisk: 210,
    });
    expect(findMistakePatterns([loss, tighter], "UTC").revengeTrading.count).toBe(0);
    // Twice the risk in another instrument is.
    const doubled = trade("doubled", "2026-03-02T14:30:00Z", "2026-03-02T14:40:00Z", -400, 5_000, "MSFT", null, {
      quantity: 10,
      initialRisk: 400,
    });
    const result = findMistakePatterns([loss, doubled], "UTC");
    expect(result.revengeTrading.examples).toEqual([
      {
        afterLossTradeId: "loss",
        tradeId: "doubled",
        minutesAfter: 10,
        comparedBy: "risk",
        sizeRatio: 2,
        netPnl: -400,
      },
    ]);
  });

  it("finds overtrading days against the median, in the member's time zone", () => {
    const trades: PatternTrade[] = [];
    // Three ordinary days with 2 trades each (New York days).
    for (const day of ["03", "04", "05"]) {
      trades.push(trade(`${day}a`, `2026-03-${day}T15:00:00Z`, `2026-03-${day}T15:10:00Z`, 10, 1000));
      trades.push(trade(`${day}b`, `2026-03-${day}T16:00:00Z`, `2026-03-${day}T16:10:00Z`, 10, 1000));
    }
    // Six trades on the evening of 6 March New York time (already 7 March in UTC for three of them).
    for (let i = 0; i < 6; i++) {
      const hour = String(21 + i).padStart(2, "0");
      const entry = i < 3 ? `2026-03-06T${hour}:00:00Z` : `2026-03-07T0${i - 3}:30:00Z`;
      const exit = i < 3 ? `2026-03-06T${hour}:05:00Z` : `2026-03-07T0${i - 3}:35:00Z`;
      trades.push(trade(`busy${i}`, entry, exit, -20, 1000));
    }
    const ny = findMistakePatterns(trades, "America/New_York");
    expect(ny.overtrading.medianTradesPerDay).toBe(2);
    expect(ny.overtrading.days).toEqual([{ day: "2026-03-06", trades: 6, netPnl: -120 }]);
    expect(ny.overtrading.netPnlOnThoseDays).toBe(-120);
    // In UTC the six split 3 + 3 over two days: no day reaches 5.
    expect(findMistakePatterns(trades, "UTC").overtrading.days).toEqual([]);
  });

  it("sees winners cut short while losers run", () => {
    const trades = [
      trade("w1", "2026-03-02T14:00:00Z", "2026-03-02T14:10:00Z", 100, 1000),
      trade("w2", "2026-03-02T15:00:00Z", "2026-03-02T15:20:00Z", 200, 1000),
      trade("l1", "2026-03-03T14:00:00Z", "2026-03-03T15:00:00Z", -400, 1000),
      trade("l2", "2026-03-04T14:00:00Z", "2026-03-04T16:00:00Z", -200, 1000),
    ];
    const { exits } = findMistakePatterns(trades, "UTC");
    expect(exits).toMatchObject({
      averageWin: 150,
      averageLoss: -300,
      averageWinHoldMinutes: 15,
      averageLossHoldMinutes: 90,
      cuttingWinnersLettingLosersRun: true,
    });
    const healthy = findMistakePatterns(
      [
        trade("w", "2026-03-02T14:00:00Z", "2026-03-02T16:00:00Z", 500, 1000),
        trade("l", "2026-03-02T17:00:00Z", "2026-03-02T17:10:00Z", -100, 1000),
      ],
      "UTC",
    );
    expect(healthy.exits.cuttingWinnersLettingLosersRun).toBe(false);
  });

  it("averages the R of winners and of losers over the trades whose risk is known", () => {
    const trades = [
      trade("w1", "2026-03-02T14:00:00Z", "2026-03-02T14:10:00Z", 100, 1000, "AAPL", 1),
      trade("w2", "2026-03-02T15:00:00Z", "2026-03-02T15:20:00Z", 200, 1000, "AAPL", 2.5),
      trade("w3", "2026-03-02T16:00:00Z", "2026-03-02T16:20:00Z", 50, 1000), // no stop: not in the R average
      trade("l1", "2026-03-03T14:00:00Z", "2026-03-03T15:00:00Z", -400, 1000, "AAPL", -2),
    ];
    const { exits } = findMistakePatterns(trades, "UTC");
    expect(exits).toMatchObject({ averageWin: 116.67, averageWinR: 1.75, averageLossR: -2 });
    expect(
      findMistakePatterns([trade("w", "2026-03-02T14:00:00Z", "2026-03-02T14:10:00Z", 100, 1000)], "UTC").exits,
    ).toMatchObject({ averageWinR: null, averageLossR: null });
  });

  it("copes with no trades", () => {
    const empty = findMistakePatterns([], "UTC");
    expect(empty).toMatchObject({
      tradeCount: 0,
      revengeTrading: { count: 0 },
      overtrading: { days: [], medianTradesPerDay: 0 },
    });
    expect(empty.exits.cuttingWinnersLettingLosersRun).toBe(false);
  });
});
