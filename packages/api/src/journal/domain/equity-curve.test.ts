import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { downsample, equityCurve } from "./equity-curve.ts";
import { summarize } from "./metrics.ts";

const day = (n: number) => Date.UTC(2026, 0, n, 16);

describe("the equity curve", () => {
  it("cumulative P&L and drawdown at each trade, by hand", () => {
    // +300, −100, 0, +150, −200, +50 → 300, 200, 200, 350, 150, 200; peaks 300, 300, 300, 350, 350, 350.
    const curve = equityCurve(
      [300, -100, 0, 150, -200, 50].map((netPnl, i) => ({ netPnl, exitAt: day(i + 1) })),
      { startingBalance: 10_000 },
    );
    expect(curve.points.map((p) => [p.tradeNumber, p.cumulative, p.drawdown])).toEqual([
      [1, 300, 0],
      [2, 200, 100],
      [3, 200, 100],
      [4, 350, 0],
      [5, 150, 200],
      [6, 200, 150],
    ]);
    expect(curve.points[4]!.drawdownPct).toBeCloseTo(200 / 10_350);
    expect(curve.points[1]!.exitAt).toEqual(new Date(day(2)));
    expect(curve).toMatchObject({
      tradeCount: 6,
      downsampled: false,
      netPnl: 200,
      maxDrawdown: 200,
      startingBalance: 10_000,
    });
  });

  it("a first losing trade is a drawdown from the start; no starting balance, no percentage", () => {
    const curve = equityCurve([
      { netPnl: -50, exitAt: day(1) },
      { netPnl: 20, exitAt: day(2) },
    ]);
    expect(curve.points.map((p) => [p.cumulative, p.drawdown, p.drawdownPct])).toEqual([
      [-50, 50, null],
      [-30, 30, null],
    ]);
  });

  it("adds money exactly", () => {
    const curve = equityCurve(Array.from({ length: 10 }, (_, i) => ({ netPnl: 0.1, exitAt: day(i + 1) })));
    expect(curve.points.at(-1)!.cumulative).toBe(1);
  });

  it("an empty journal is an empty curve", () => {
    expect(equityCurve([])).toEqual({
      tradeCount: 0,
      points: [],
      downsampled: false,
      netPnl: 0,
      maxDrawdown: 0,
      startingBalance: null,
    });
  });
});

describe("thinning a long curve", () => {
  const curveOf = (pnls: number[]) =>
    equityCurve(
      pnls.map((netPnl, i) => ({ netPnl, exitAt: day(1) + i * 60_000 })),
      { maxPoints: Infinity },
    ).points;

  it("keeps every point of a short curve", () => {
    const points = curveOf([1, 2, 3]);
    expect(downsample(points, 10)).toBe(points);
  });

  it("keeps the first, the last, the highest, the lowest and the deepest drawdown, within the bound", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 5, max: 400 }),
        (pnls, maxPoints) => {
          const points = curveOf(pnls);
          const thin = downsample(points, maxPoints);
          expect(thin.length).toBeLessThanOrEqual(Math.max(maxPoints, 5));
          expect(thin[0]).toBe(points[0]);
          expect(thin.at(-1)).toBe(points.at(-1));
          const numbers = thin.map((p) => p.tradeNumber);
          expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
          expect(new Set(numbers).size).toBe(numbers.length);
          const max = (f: (p: (typeof points)[number]) => number, ps: typeof points) => Math.max(...ps.map(f));
          expect(max((p) => p.cumulative, thin)).toBe(max((p) => p.cumulative, points));
          expect(max((p) => -p.cumulative, thin)).toBe(max((p) => -p.cumulative, points));
          expect(max((p) => p.drawdown, thin)).toBe(max((p) => p.drawdown, points));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("100,000 trades become at most 1,000 points with the summary's drawdown", () => {
    const pnls = Array.from({ length: 100_000 }, (_, i) => ((i * 7919) % 2001) - 950);
    const trades = pnls.map((netPnl, i) => ({ netPnl, exitAt: day(1) + i * 60_000 }));
    const curve = equityCurve(trades);
    expect(curve.points.length).toBeLessThanOrEqual(1000);
    expect(curve.downsampled).toBe(true);
    expect(curve.tradeCount).toBe(100_000);
    const summary = summarize(
      trades.map((t) => ({
        netPnl: t.netPnl,
        grossPnl: t.netPnl,
        fees: 0,
        rMultiple: null,
        entryAt: new Date(t.exitAt),
        exitAt: new Date(t.exitAt),
      })),
    );
    expect(curve.maxDrawdown).toBe(summary.maxDrawdown);
    expect(Math.max(...curve.points.map((p) => p.drawdown))).toBe(summary.maxDrawdown);
    expect(curve.points.at(-1)!.cumulative).toBe(summary.netPnl);
  });
});
