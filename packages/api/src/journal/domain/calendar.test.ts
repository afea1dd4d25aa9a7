import { describe, expect, it } from "vitest";
import { addMonths, calendarDays, calendarWeekTotals, daySpan, isCalendarDay, monthBounds } from "./calendar.ts";
import { zoneClock } from "./zone-clock.ts";

const exit = (iso: string, netPnl: number) => ({ exitAt: new Date(iso).getTime(), netPnl });

describe("calendar ranges", () => {
  it("knows month lengths, leap years and real dates", () => {
    expect(monthBounds("2026-02")).toEqual({ start: "2026-02-01", end: "2026-02-28" });
    expect(monthBounds("2028-02")).toEqual({ start: "2028-02-01", end: "2028-02-29" });
    expect(monthBounds("2026-12")).toEqual({ start: "2026-12-01", end: "2026-12-31" });
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(isCalendarDay("2026-02-28")).toBe(true);
    expect(isCalendarDay("2026-02-30")).toBe(false);
    expect(isCalendarDay("2026-2-3")).toBe(false);
    expect(daySpan("2026-03-01", "2026-03-31")).toBe(31);
    // Counted on the calendar: the 23-hour day of the DST change is still one day.
    expect(daySpan("2026-03-08", "2026-03-09")).toBe(2);
  });
});

describe("calendar days are the member's", () => {
  const trades = [
    exit("2026-03-03T04:30:00Z", 120.5), // Mon 2 Mar 23:30 in New York, Tue 3 Mar in UTC
    exit("2026-03-02T15:00:00Z", -20.25), // Mon 2 Mar 10:00 in New York
    exit("2026-03-03T05:00:00Z", 10), // Tue 3 Mar 00:00 in New York: the next day starts here
    exit("2026-02-28T12:00:00Z", 999), // before the range
  ];

  it("sums each day's closed trades in the member's zone, zeros included", () => {
    const days = calendarDays(trades, "2026-03-01", "2026-03-04", zoneClock("America/New_York"));
    expect(days).toEqual([
      { day: "2026-03-01", weekday: "Sun", netPnl: 0, tradeCount: 0 },
      { day: "2026-03-02", weekday: "Mon", netPnl: 100.25, tradeCount: 2 },
      { day: "2026-03-03", weekday: "Tue", netPnl: 10, tradeCount: 1 },
      { day: "2026-03-04", weekday: "Wed", netPnl: 0, tradeCount: 0 },
    ]);
  });

  it("the same trades fall on other days in another zone", () => {
    const days = calendarDays(trades, "2026-03-01", "2026-03-04", zoneClock("UTC"));
    expect(days.filter((d) => d.tradeCount).map((d) => [d.day, d.netPnl, d.tradeCount])).toEqual([
      ["2026-03-02", -20.25, 1],
      ["2026-03-03", 130.5, 2],
    ]);
  });

  it("refuses a range longer than 370 days or backwards", () => {
    expect(calendarDays([], "2025-01-01", "2026-01-05", zoneClock("UTC"))).toHaveLength(370);
    expect(() => calendarDays([], "2025-01-01", "2026-01-06", zoneClock("UTC"))).toThrow(RangeError);
    expect(() => calendarDays([], "2026-01-02", "2026-01-01", zoneClock("UTC"))).toThrow(RangeError);
  });
});

describe("weekly totals", () => {
  it("sums Monday-to-Sunday weeks in cents, the first and last cut at the range", () => {
    const clock = zoneClock("UTC");
    const days = calendarDays(
      [
        exit("2026-03-01T12:00:00Z", 0.1),
        exit("2026-03-02T12:00:00Z", 0.2),
        exit("2026-03-08T12:00:00Z", -50),
        exit("2026-03-09T12:00:00Z", 12.5),
      ],
      "2026-03-01",
      "2026-03-10",
      clock,
    );
    expect(calendarWeekTotals(days)).toEqual([
      // Sunday 1 March is the end of a week that began in February.
      { start: "2026-03-01", end: "2026-03-01", netPnl: 0.1, tradeCount: 1 },
      { start: "2026-03-02", end: "2026-03-08", netPnl: -49.8, tradeCount: 2 },
      { start: "2026-03-09", end: "2026-03-10", netPnl: 12.5, tradeCount: 1 },
    ]);
  });

  it("has no weeks without days, and zero weeks without trades", () => {
    expect(calendarWeekTotals([])).toEqual([]);
    const quiet = calendarDays([], "2026-03-02", "2026-03-03", zoneClock("UTC"));
    expect(calendarWeekTotals(quiet)).toEqual([{ start: "2026-03-02", end: "2026-03-03", netPnl: 0, tradeCount: 0 }]);
  });
});
