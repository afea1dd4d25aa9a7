import { describe, expect, it } from "vitest";
import {
  groupByTime,
  groupStats,
  holdingBucket,
  hourLabel,
  rankGroups,
  timeKey,
  type TimedTrade,
} from "./breakdown.ts";
import { zoneClock } from "./zone-clock.ts";

const at = (iso: string) => new Date(iso).getTime();
const trade = (entry: string, holdMinutes: number, netPnl = 10, rMultiple: number | null = null): TimedTrade => ({
  entryAt: at(entry),
  exitAt: at(entry) + holdMinutes * 60_000,
  netPnl,
  rMultiple,
});

describe("group statistics", () => {
  it("counts, rates and averages one group, by hand", () => {
    // +120 (2R), −40 (−1R), 0, +30 (no risk known), −60 (−1.5R)
    const s = groupStats("AAPL", "AAPL", [
      { netPnl: 120, rMultiple: 2 },
      { netPnl: -40, rMultiple: -1 },
      { netPnl: 0, rMultiple: null },
      { netPnl: 30, rMultiple: null },
      { netPnl: -60, rMultiple: -1.5 },
    ]);
    expect(s).toEqual({
      key: "AAPL",
      label: "AAPL",
      tradeCount: 5,
      wins: 2,
      losses: 2,
      scratches: 1,
      winRate: 0.5, // 2 ÷ (2 + 2): the scratch is apart
      netPnl: 50,
      averageNetPnl: 10, // 50 ÷ 5
      profitFactor: 1.5, // 150 ÷ 100
      expectancy: 10,
      expectancyR: -0.5 / 3, // (2 − 1 − 1.5) ÷ 3
    });
  });

  it("profit factor is infinite without losses, absent without wins or losses; the band makes scratches", () => {
    expect(groupStats(null, "No tag", [{ netPnl: 5, rMultiple: null }]).profitFactor).toBe(Infinity);
    expect(groupStats(null, "No tag", [{ netPnl: 0, rMultiple: null }])).toMatchObject({
      profitFactor: null,
      winRate: null,
      scratches: 1,
    });
    expect(
      groupStats(
        "x",
        "x",
        [
          { netPnl: 4, rMultiple: null },
          { netPnl: -3, rMultiple: null },
          { netPnl: 9, rMultiple: null },
        ],
        5,
      ),
    ).toMatchObject({ wins: 1, losses: 0, scratches: 2 });
  });

  it("adds money exactly", () => {
    const s = groupStats(
      "x",
      "x",
      Array.from({ length: 3 }, () => ({ netPnl: 0.1, rMultiple: null })),
    );
    expect(s.netPnl).toBe(0.3);
    expect(s.averageNetPnl).toBe(0.1);
  });
});

describe("holding buckets", () => {
  it("puts each bound in the longer bucket", () => {
    expect([0, 4.99, 5, 29.9, 30, 119, 120, 1439, 1440, 10_079, 10_080, 100_000].map(holdingBucket)).toEqual([
      "<5m",
      "<5m",
      "5–30m",
      "5–30m",
      "30m–2h",
      "30m–2h",
      "2h–1d",
      "2h–1d",
      "1–7d",
      "1–7d",
      ">7d",
      ">7d",
    ]);
  });
});

describe("time buckets are the member's", () => {
  // Monday 2 March 2026, 23:30 in New York = Tuesday 04:30 UTC = Tuesday 13:30 in Tokyo.
  const late = trade("2026-03-03T04:30:00Z", 20);

  it("weekday and hour of entry follow the zone given, not the server's", () => {
    expect(timeKey("weekday", late, zoneClock("America/New_York"))).toBe("Mon");
    expect(timeKey("hour", late, zoneClock("America/New_York"))).toBe("23:00–00:00");
    expect(timeKey("weekday", late, zoneClock("UTC"))).toBe("Tue");
    expect(timeKey("hour", late, zoneClock("UTC"))).toBe("04:00–05:00");
    expect(timeKey("hour", late, zoneClock("Asia/Tokyo"))).toBe("13:00–14:00");
    expect(timeKey("holding", late, zoneClock("Asia/Tokyo"))).toBe("5–30m");
  });

  it("groups in natural order, only groups with trades", () => {
    const trades = [
      trade("2026-03-06T15:00:00Z", 3, 10), // Fri 10:00 NY
      late, // Mon 23:30 NY
      trade("2026-03-02T14:45:00Z", 200, -5), // Mon 09:45 NY
      trade("2026-03-03T15:00:00Z", 60 * 30, 7), // Tue 10:00 NY, held 30 hours
    ];
    const clock = zoneClock("America/New_York");
    expect(groupByTime("weekday", trades, clock).map((g) => [g.key, g.trades.length])).toEqual([
      ["Mon", 2],
      ["Tue", 1],
      ["Fri", 1],
    ]);
    expect(groupByTime("hour", trades, clock).map((g) => g.key)).toEqual([hourLabel(9), hourLabel(10), hourLabel(23)]);
    expect(groupByTime("holding", trades, clock).map((g) => [g.key, g.trades.length])).toEqual([
      ["<5m", 1],
      ["5–30m", 1],
      ["2h–1d", 1],
      ["1–7d", 1],
    ]);
    // Read in UTC, the late trade moves to Tuesday.
    expect(groupByTime("weekday", trades, zoneClock("UTC")).map((g) => [g.key, g.trades.length])).toEqual([
      ["Mon", 1],
      ["Tue", 2],
      ["Fri", 1],
    ]);
  });
});

describe("named groups", () => {
  it("most-traded first, then by label, bounded with a total", () => {
    const g = (label: string, n: number) =>
      groupStats(
        label,
        label,
        Array.from({ length: n }, () => ({ netPnl: 1, rMultiple: null })),
      );
    const ranked = rankGroups([g("MSFT", 1), g("AAPL", 3), g("AMD", 1), g("NVDA", 2)], 3);
    expect(ranked.groups.map((x) => x.label)).toEqual(["AAPL", "NVDA", "AMD"]);
    expect(ranked.totalGroups).toBe(4);
  });
});
