import { describe, expect, it } from "vitest";
import { dateTickLabel, dateTicks, valueTicks } from "./chart-axes.ts";

const at = (iso: string) => Date.parse(iso);
const labels = (start: string, end: string, max?: number) => dateTicks(at(start), at(end), max).map(dateTickLabel);

describe("value ticks", () => {
  it("steps by 1, 2, 2.5 or 5 × 10ⁿ and includes zero", () => {
    expect(valueTicks(-50, 100, 5)).toEqual([-50, 0, 50, 100]);
    expect(valueTicks(0, 1234, 5)).toEqual([0, 500, 1000]);
    expect(valueTicks(-21, 43, 5)).toEqual([-20, 0, 20, 40]);
    expect(valueTicks(3, 3)).toEqual([3]);
  });
});

describe("date ticks", () => {
  it("chooses days, Mondays, months or years by the span, never more than asked", () => {
    expect(labels("2026-03-02T10:00:00Z", "2026-03-05T10:00:00Z")).toEqual(["3 Mar", "4 Mar", "5 Mar"]);
    // Five weeks: Mondays.
    expect(labels("2026-03-01T00:00:00Z", "2026-04-05T00:00:00Z")).toEqual([
      "2 Mar",
      "9 Mar",
      "16 Mar",
      "23 Mar",
      "30 Mar",
    ]);
    // Eleven months: every second month (monthly would make eleven ticks).
    expect(labels("2026-01-15T00:00:00Z", "2026-12-20T00:00:00Z")).toEqual([
      "Mar 2026",
      "May 2026",
      "Jul 2026",
      "Sept 2026",
      "Nov 2026",
    ]);
    expect(labels("2026-01-15T00:00:00Z", "2026-06-20T00:00:00Z")).toEqual([
      "Feb 2026",
      "Mar 2026",
      "Apr 2026",
      "May 2026",
      "Jun 2026",
    ]);
    expect(labels("2020-06-01T00:00:00Z", "2026-06-01T00:00:00Z")).toEqual([
      "2021",
      "2022",
      "2023",
      "2024",
      "2025",
      "2026",
    ]);
    // Twenty years on a phone: every fifth year at most four ticks.
    expect(dateTicks(at("2006-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"), 4).length).toBeLessThanOrEqual(4);
  });

  it("gives one day for a single day and nothing for an empty span", () => {
    expect(labels("2026-03-02T00:00:00Z", "2026-03-02T23:00:00Z")).toEqual(["2 Mar"]);
    expect(dateTicks(at("2026-03-02T10:00:00Z"), at("2026-03-02T11:00:00Z"))).toEqual([]);
  });
});
