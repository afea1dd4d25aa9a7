import { describe, expect, it } from "vitest";
import { dayRangeToUtc, localTime, zonedToUtc, zoneOffsetMinutes } from "./time-zone.ts";

describe("the member's days", () => {
  it("a trade at 23:30 New York on a Monday is Monday's, though it is Tuesday in UTC", () => {
    const instant = new Date("2026-03-03T04:30:00Z"); // Monday 2 March 23:30 EST
    expect(localTime(instant, "America/New_York")).toEqual({ day: "2026-03-02", weekday: "Mon", hour: 23 });
    expect(localTime(instant, "UTC")).toEqual({ day: "2026-03-03", weekday: "Tue", hour: 4 });
    expect(localTime(instant, "Asia/Tokyo").day).toBe("2026-03-03");
  });

  it("knows daylight saving time", () => {
    expect(zoneOffsetMinutes(new Date("2026-01-15T12:00:00Z"), "America/New_York")).toBe(-300);
    expect(zoneOffsetMinutes(new Date("2026-07-15T12:00:00Z"), "America/New_York")).toBe(-240);
    expect(zoneOffsetMinutes(new Date("2026-07-15T12:00:00Z"), "Asia/Kolkata")).toBe(330);
  });

  it("turns a wall-clock time into the instant, across DST changes", () => {
    expect(zonedToUtc({ year: 2026, month: 3, day: 2, hour: 9, minute: 30 }, "America/New_York").toISOString()).toBe(
      "2026-03-02T14:30:00.000Z",
    );
    expect(zonedToUtc({ year: 2026, month: 7, day: 1, hour: 9, minute: 30 }, "America/New_York").toISOString()).toBe(
      "2026-07-01T13:30:00.000Z",
    );
    // 2026-03-08 02:30 does not exist in New York (clocks jump 02:00 → 03:00): it means 03:30 EDT.
    expect(zonedToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, "America/New_York").toISOString()).toBe(
      "2026-03-08T07:30:00.000Z",
    );
    // 2026-11-01 01:30 happens twice; the first is EDT.
    expect(zonedToUtc({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, "America/New_York").toISOString()).toBe(
      "2026-11-01T05:30:00.000Z",
    );
  });

  it("a date-range filter covers the member's whole days", () => {
    expect(dayRangeToUtc("2026-03-02", "2026-03-02", "America/New_York")).toEqual({
      gte: new Date("2026-03-02T05:00:00Z"),
      lt: new Date("2026-03-03T05:00:00Z"),
    });
    // The day clocks spring forward is 23 hours long.
    const { gte, lt } = dayRangeToUtc("2026-03-08", "2026-03-08", "America/New_York");
    expect((lt!.getTime() - gte!.getTime()) / 3_600_000).toBe(23);
  });
});
