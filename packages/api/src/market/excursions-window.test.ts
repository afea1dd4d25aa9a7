import { describe, expect, it } from "vitest";
import { barPlan, chartHref, excursionWindow, isLocalMidnight } from "./excursions-window.ts";

const ms = (iso: string) => Date.parse(iso);

describe("excursionWindow", () => {
  it("keeps a trade's own times", () => {
    const window = excursionWindow(
      { entryAt: new Date("2026-03-02T14:35:00Z"), exitAt: new Date("2026-03-02T15:35:00Z"), importBroker: "ibkr" },
      "America/New_York",
    );
    expect(window).toEqual({ from: ms("2026-03-02T14:35:00Z"), to: ms("2026-03-02T15:35:00Z"), timeAssumed: false });
  });

  it("a Robinhood import (noon plus seconds) is assumed 10:00 New York on entry to 15:00 on exit, across the DST change", () => {
    // Mar 6 2026 is EST (UTC-5): 10:00 → 15:00Z. Mar 9 is EDT (UTC-4, clocks moved on Mar 8): 15:00 → 19:00Z.
    const window = excursionWindow(
      {
        entryAt: new Date("2026-03-06T17:00:01Z"),
        exitAt: new Date("2026-03-09T16:00:03Z"),
        importBroker: "robinhood",
      },
      "America/New_York",
    );
    expect(window).toEqual({ from: ms("2026-03-06T15:00:00Z"), to: ms("2026-03-09T19:00:00Z"), timeAssumed: true });
  });

  it("a hand-entered trade at midnight in the member's zone takes the member's days", () => {
    // 00:00 in Paris (UTC+1) on Mar 2 is 23:00Z on Mar 1; the member's day is Mar 2.
    expect(isLocalMidnight(new Date("2026-03-01T23:00:00Z"), "Europe/Paris")).toBe(true);
    expect(isLocalMidnight(new Date("2026-03-01T23:00:00.001Z"), "Europe/Paris")).toBe(false);
    const window = excursionWindow(
      { entryAt: new Date("2026-03-01T23:00:00Z"), exitAt: new Date("2026-03-01T23:00:00Z"), importBroker: null },
      "Europe/Paris",
    );
    expect(window).toEqual({ from: ms("2026-03-02T15:00:00Z"), to: ms("2026-03-02T20:00:00Z"), timeAssumed: true });
  });

  it("only entry at midnight is not date-only", () => {
    const window = excursionWindow(
      { entryAt: new Date("2026-03-02T05:00:00Z"), exitAt: new Date("2026-03-02T15:00:00Z"), importBroker: null },
      "America/New_York",
    );
    expect(window.timeAssumed).toBe(false);
  });
});

describe("barPlan", () => {
  it("minute bars in one call from the entry's minute to just after the exit", () => {
    expect(barPlan(ms("2026-03-02T14:35:20Z"), ms("2026-03-02T15:35:00Z"))).toEqual({
      timespan: "minute",
      barMs: 60_000,
      calls: [[ms("2026-03-02T14:35:00Z"), ms("2026-03-02T15:35:00.001Z")]],
    });
  });

  it("hour bars beyond 5 days, in 30-day calls; day bars beyond 90 days", () => {
    const from = ms("2026-01-01T14:30:00Z");
    const forty = barPlan(from, from + 40 * 86_400_000);
    expect(forty.timespan).toBe("hour");
    expect(forty.calls).toEqual([
      [ms("2026-01-01T14:00:00Z"), ms("2026-01-31T14:00:00Z")],
      [ms("2026-01-31T14:00:00Z"), ms("2026-02-10T14:30:00.001Z")],
    ]);
    const long = barPlan(from, from + 100 * 86_400_000);
    expect(long.timespan).toBe("day");
    expect(long.calls).toEqual([[ms("2026-01-01T00:00:00Z"), ms("2026-04-11T14:30:00.001Z")]]);
  });
});

describe("chartHref", () => {
  it("an hour's trade opens on minute bars with 30 minutes either side", () => {
    expect(chartHref("aapl", { from: ms("2026-03-02T14:30:00Z"), to: ms("2026-03-02T15:30:00Z") })).toBe(
      "/app/market/AAPL?from=2026-03-02T14%3A00%3A00.000Z&to=2026-03-02T16%3A00%3A00.000Z&timespan=minute",
    );
  });

  it("a 6-day trade on hour bars, a 100-day trade on day bars, with a quarter of their length either side", () => {
    const from = ms("2026-03-02T00:00:00Z");
    const six = new URL(chartHref("BTC", { from, to: from + 6 * 86_400_000 }), "http://x");
    expect(Object.fromEntries(six.searchParams)).toEqual({
      from: "2026-02-28T12:00:00.000Z",
      to: "2026-03-09T12:00:00.000Z",
      timespan: "hour",
    });
    const hundred = new URL(chartHref("BTC", { from, to: from + 100 * 86_400_000 }), "http://x");
    expect(hundred.searchParams.get("timespan")).toBe("day");
    expect(hundred.searchParams.get("from")).toBe("2026-02-05T00:00:00.000Z");
  });

  it("picks the bar size for the period shown, margins included: a 4.5-day trade shows 6.75 days, on hour bars", () => {
    const from = ms("2026-03-02T00:00:00Z");
    const link = new URL(chartHref("BTC", { from, to: from + 4.5 * 86_400_000 }), "http://x");
    // 4.5 days + 2 × 1.125 days = 6.75 days: past the 5 days one minute-bar request may cover.
    expect(link.searchParams.get("timespan")).toBe("hour");
    // 80 days + 2 × 20 = 120 days: past the 90 days of hour bars.
    expect(
      new URL(chartHref("BTC", { from, to: from + 80 * 86_400_000 }), "http://x").searchParams.get("timespan"),
    ).toBe("day");
  });
});
