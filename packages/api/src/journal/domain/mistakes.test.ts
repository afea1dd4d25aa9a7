import { describe, expect, it } from "vitest";
import { findMistakePatterns, type PatternTrade } from "./mistakes.ts";

const at = (iso: string) => new Date(iso);
const trade = (id: string, entry: string, exit: string, netPnl: number, notional: number, symbol = "AAPL", rMultiple: number | null = null): PatternTrade => ({
  id,
  symbol,
  entryAt: at(entry),
  exitAt: at(exit),
  netPnl,
  notional,
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
    expect(result.revengeTrading.examples).toEqual([{ afterLossTradeId: "loss", tradeId: "revenge", minutesAfter: 10, sizeRatio: 2, netPnl: -500 }]);
    expect(result.revengeTrading.netPnl).toBe(-500);
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
    expect(exits).toMatchObject({ averageWin: 150, averageLoss: -300, averageWinHoldMinutes: 15, averageLossHoldMinutes: 90, cuttingWinnersLettingLosersRun: true });
    const healthy = findMistakePatterns(
      [trade("w", "2026-03-02T14:00:00Z", "2026-03-02T16:00:00Z", 500, 1000), trade("l", "2026-03-02T17:00:00Z", "2026-03-02T17:10:00Z", -100, 1000)],
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
    expect(findMistakePatterns([trade("w", "2026-03-02T14:00:00Z", "2026-03-02T14:10:00Z", 100, 1000)], "UTC").exits).toMatchObject({ averageWinR: null, averageLossR: null });
  });

  it("copes with no trades", () => {
    const empty = findMistakePatterns([], "UTC");
    expect(empty).toMatchObject({ tradeCount: 0, revengeTrading: { count: 0 }, overtrading: { days: [], medianTradesPerDay: 0 } });
    expect(empty.exits.cuttingWinnersLettingLosersRun).toBe(false);
  });
});
