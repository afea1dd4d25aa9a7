import { describe, expect, it } from "vitest";
import { computeExcursions, exitEfficiency, type ExcursionTrade } from "./excursions.ts";
import type { Bar } from "./types.ts";

const MINUTE = 60_000;
const at = (hhmmss: string) => Date.parse(`2026-03-02T${hhmmss}Z`);
const bar = (hhmm: string, h: number, l: number): Bar => ({
  t: at(`${hhmm}:00`),
  o: l,
  h,
  l,
  c: h,
  v: 100,
  vw: null,
  n: null,
});

/** The result's numbers as plain strings and numbers, to compare with hand-computed values. */
function numbers(trade: ExcursionTrade, bars: Bar[]) {
  const result = computeExcursions(trade, bars, MINUTE);
  if (!result.ok) throw new Error(result.reason);
  const e = result.excursions;
  return {
    mfePrice: e.mfePrice.toString(),
    maePrice: e.maePrice.toString(),
    mfe: e.mfe.toString(),
    mae: e.mae.toString(),
    mfeR: e.mfeR?.toString() ?? null,
    maeR: e.maeR?.toString() ?? null,
    bestExitPnl: e.bestExitPnl.toString(),
    exitEfficiency: e.exitEfficiency,
    position: e.position,
    barCount: e.barCount,
  };
}

describe("computeExcursions", () => {
  it("long: the highest high and lowest low between entry and exit, bars outside the window ignored", () => {
    // 100 shares bought at 100 at 10:00:30, sold at 102 at 10:03:10; $2 fees; $100 at risk.
    const trade: ExcursionTrade = {
      direction: "long",
      entryPrice: 100,
      exitPrice: 102,
      entryAt: at("10:00:30"),
      exitAt: at("10:03:10"),
      quantity: 100,
      multiplier: 1,
      fees: 2,
      initialRisk: 100,
    };
    const bars = [
      bar("09:59", 100, 90), // ends at 10:00:00, before the entry
      bar("10:00", 100.5, 99.5),
      bar("10:01", 103, 99),
      bar("10:02", 102.5, 98.75),
      bar("10:03", 102.2, 101.8),
      bar("10:04", 110, 101), // starts after the exit
    ];
    // best 103: (103 - 100) × 100 = 300; worst 98.75: (98.75 - 100) × 100 = -125; R on $100.
    // Best exit 300 - 2 fees = 298. Efficiency: gross (102 - 100) × 100 = 200 of 300 = 0.6667.
    expect(numbers(trade, bars)).toEqual({
      mfePrice: "103",
      maePrice: "98.75",
      mfe: "300",
      mae: "-125",
      mfeR: "3",
      maeR: "-1.25",
      bestExitPnl: "298",
      exitEfficiency: 0.6667,
      position: "max",
      barCount: 4,
    });
  });

  it("short: the lowest low is favourable, the highest high adverse; no R without a risk", () => {
    // 50 shares sold short at 200 at 14:00, covered at 196 at 14:02; $1 fees.
    const trade: ExcursionTrade = {
      direction: "short",
      entryPrice: 200,
      exitPrice: 196,
      entryAt: at("14:00:00"),
      exitAt: at("14:02:00"),
      quantity: 50,
      multiplier: 1,
      fees: 1,
      initialRisk: null,
    };
    const bars = [bar("14:00", 201.5, 199), bar("14:01", 200, 195), bar("14:02", 197, 195.5)];
    // best 195: (200 - 195) × 50 = 250; worst 201.5: (200 - 201.5) × 50 = -75.
    // Best exit 250 - 1 = 249; gross (200 - 196) × 50 = 200 of 250 = 0.8.
    expect(numbers(trade, bars)).toEqual({
      mfePrice: "195",
      maePrice: "201.5",
      mfe: "250",
      mae: "-75",
      mfeR: null,
      maeR: null,
      bestExitPnl: "249",
      exitEfficiency: 0.8,
      position: "max",
      barCount: 3,
    });
  });

  it("a scale-in follows the position actually held: the first lot alone through the early dip", () => {
    // Buy 100 @ 10 at 10:00, buy 100 @ 11 at 10:02, sell 200 @ 12 at 10:04; futures-like ×2 multiplier.
    const trade: ExcursionTrade = {
      direction: "long",
      entryPrice: 10.5,
      exitPrice: 12,
      entryAt: at("10:00:00"),
      exitAt: at("10:04:00"),
      quantity: 200,
      multiplier: 2,
      fees: 4,
      initialRisk: 100,
      fills: [
        { at: at("10:04:00"), side: "sell", quantity: 200, price: 12 },
        { at: at("10:00:00"), side: "buy", quantity: 100, price: 10 },
        { at: at("10:02:00"), side: "buy", quantity: 100, price: 11 },
      ],
    };
    const bars = [
      bar("10:00", 10.5, 9.5),
      bar("10:01", 12, 10),
      bar("10:02", 11.2, 10.8),
      bar("10:03", 13, 10.2),
      bar("10:04", 12.1, 11.9),
    ];
    // 100 held over the 10:00-10:02 bars (cash -1,000): at 12 → 200, at 9.5 → -50.
    // 200 held over the 10:02-10:04 bars (cash -2,100): at 13 → 500, at 10.2 → -60.
    // Fill prices: 0 at entry, 100 at the second buy, 300 at the exit.
    // Best 500 × 2 = 1,000, worst -60 × 2 = -120 (the largest position would have said -200 × 2).
    // Best exit 1,000 - 4 = 996; gross 300 × 2 = 600 of 1,000 = 0.6; R on $100.
    expect(numbers(trade, bars)).toEqual({
      mfePrice: "13",
      maePrice: "9.5",
      mfe: "1000",
      mae: "-120",
      mfeR: "10",
      maeR: "-1.2",
      bestExitPnl: "996",
      exitEfficiency: 0.6,
      position: "fills",
      barCount: 5,
    });
  });

  it("fills that do not go flat to flat fall back to the largest position", () => {
    const trade: ExcursionTrade = {
      direction: "long",
      entryPrice: 10,
      exitPrice: 11,
      entryAt: at("10:00:00"),
      exitAt: at("10:01:00"),
      quantity: 10,
      multiplier: 1,
      fees: 0,
      initialRisk: null,
      fills: [{ at: at("10:00:00"), side: "buy", quantity: 10, price: 10 }],
    };
    // (12 - 10) × 10 = 20; (9 - 10) × 10 = -10; gross 10 of 20 = 0.5.
    expect(numbers(trade, [bar("10:00", 12, 9)])).toMatchObject({
      mfe: "20",
      mae: "-10",
      exitEfficiency: 0.5,
      position: "max",
    });
  });

  it("no bars in the window: no numbers, a reason", () => {
    const trade: ExcursionTrade = {
      direction: "long",
      entryPrice: 10,
      exitPrice: 11,
      entryAt: at("10:00:00"),
      exitAt: at("10:05:00"),
      quantity: 1,
      multiplier: 1,
      fees: 0,
      initialRisk: null,
    };
    expect(computeExcursions(trade, [], MINUTE)).toEqual({
      ok: false,
      reason: "The market data provider has no bars between this trade's entry and exit.",
    });
    expect(computeExcursions(trade, [bar("09:59", 11, 9), bar("10:06", 11, 9)], MINUTE).ok).toBe(false);
  });

  it("a trade never in profit has MFE 0 and no efficiency", () => {
    const trade: ExcursionTrade = {
      direction: "long",
      entryPrice: 10,
      exitPrice: 9,
      entryAt: at("10:00:30"),
      exitAt: at("10:01:30"),
      quantity: 10,
      multiplier: 1,
      fees: 1,
      initialRisk: 20,
    };
    // The bars never reach 10 after the entry: best is exiting at the entry itself (0), best exit
    // P&L 0 - 1 fee = -1; worst (8.5 - 10) × 10 = -15, -0.75 R.
    expect(numbers(trade, [bar("10:00", 9.9, 9), bar("10:01", 9.5, 8.5)])).toMatchObject({
      mfePrice: "10",
      mfe: "0",
      mae: "-15",
      maeR: "-0.75",
      bestExitPnl: "-1",
      exitEfficiency: null,
    });
  });
});

describe("exitEfficiency", () => {
  it("is the share of the best exit's gross P&L taken, within [-1, 1]", () => {
    expect(exitEfficiency(150, 200)).toBe(0.75);
    expect(exitEfficiency(-300, 100)).toBe(-1);
    expect(exitEfficiency(120, 100)).toBe(1);
    expect(exitEfficiency(50, 0)).toBeNull();
    expect(exitEfficiency(-50, -10)).toBeNull();
  });
});
