import { describe, expect, it } from "vitest";
import { compareSetups, NO_SETUP_LABEL, type SetupTrade } from "./setup-comparison.ts";

const t = (setupId: string | null, netPnl: number, rMultiple: number | null = null): SetupTrade => ({
  setupId,
  netPnl,
  rMultiple,
});
const names = new Map([
  ["orb", "Opening range breakout"],
  ["vwap", "VWAP reclaim"],
]);

describe("compareSetups", () => {
  it("computes each setup's statistics by hand, most traded first", () => {
    const { setups, totalSetups } = compareSetups(
      [
        // ORB: +300 (2R), −100 (−1R), +50 (no stop): win rate 2/3, expectancy 250/3, PF 350/100, mean R 0.5
        t("orb", 300, 2),
        t("orb", -100, -1),
        t("orb", 50),
        // VWAP: −40, −60: win rate 0, expectancy −50, PF 0, no R
        t("vwap", -40),
        t("vwap", -60),
        // No setup: +10
        t(null, 10, 0.5),
      ],
      names,
    );
    expect(totalSetups).toBe(3);
    expect(setups.map((s) => [s.key, s.label, s.tradeCount])).toEqual([
      ["orb", "Opening range breakout", 3],
      ["vwap", "VWAP reclaim", 2],
      [null, NO_SETUP_LABEL, 1],
    ]);
    const [orb, vwap, none] = setups;
    expect(orb).toMatchObject({
      wins: 2,
      losses: 1,
      netPnl: 250,
      expectancy: 83.33,
      profitFactor: 3.5,
      expectancyR: 0.5,
    });
    expect(orb!.winRate).toBeCloseTo(2 / 3);
    expect(vwap).toMatchObject({ wins: 0, losses: 2, winRate: 0, expectancy: -50, profitFactor: 0, expectancyR: null });
    expect(none).toMatchObject({ winRate: 1, profitFactor: Infinity, expectancyR: 0.5 });
  });

  it("a trade inside the breakeven band is a scratch; an unknown setup id keeps its id as its label", () => {
    const { setups } = compareSetups([t("gone", 3), t("gone", 20)], names, 5);
    expect(setups).toEqual([
      expect.objectContaining({ key: "gone", label: "gone", wins: 1, losses: 0, scratches: 1, winRate: 1 }),
    ]);
  });

  it("copes with no trades", () => {
    expect(compareSetups([], names)).toEqual({ setups: [], totalSetups: 0 });
  });
});
