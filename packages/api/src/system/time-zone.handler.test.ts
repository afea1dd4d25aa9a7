import { describe, expect, it } from "vitest";
import { describeTimeZone } from "./time-zone.handler.ts";

describe("describeTimeZone", () => {
  it("gives New York's winter offset (EST, UTC−5) and its local date and time", () => {
    expect(describeTimeZone({ timeZone: "America/New_York" }, new Date("2024-01-15T12:00:00Z"))).toEqual({
      timeZone: "America/New_York",
      offsetMinutes: -300,
      localDate: "2024-01-15",
      localTime: "07:00:00",
    });
  });

  it("gives New York's summer offset (EDT, UTC−4)", () => {
    expect(describeTimeZone({ timeZone: "America/New_York" }, new Date("2024-07-15T12:00:00Z"))).toMatchObject({
      offsetMinutes: -240,
      localDate: "2024-07-15",
      localTime: "08:00:00",
    });
  });

  it("switches from EST to EDT at 07:00 UTC on 10 March 2024, when New York's clocks jump from 02:00 to 03:00", () => {
    expect(describeTimeZone({ timeZone: "America/New_York" }, new Date("2024-03-10T06:59:59Z"))).toMatchObject({
      offsetMinutes: -300,
      localTime: "01:59:59",
    });
    expect(describeTimeZone({ timeZone: "America/New_York" }, new Date("2024-03-10T07:00:00Z"))).toMatchObject({
      offsetMinutes: -240,
      localTime: "03:00:00",
    });
  });

  it("handles half-hour offsets (Asia/Kolkata, UTC+5:30)", () => {
    expect(describeTimeZone({ timeZone: "Asia/Kolkata" }, new Date("2024-01-15T12:00:00Z"))).toMatchObject({
      offsetMinutes: 330,
      localDate: "2024-01-15",
      localTime: "17:30:00",
    });
  });

  it("is already in the new year in Auckland (NZDT, UTC+13) while UTC is still on 31 December", () => {
    expect(describeTimeZone({ timeZone: "Pacific/Auckland" }, new Date("2024-12-31T23:30:00Z"))).toEqual({
      timeZone: "Pacific/Auckland",
      offsetMinutes: 780,
      localDate: "2025-01-01",
      localTime: "12:30:00",
    });
  });

  it("is still the previous day in Los Angeles (PST, UTC−8) early on 1 January UTC", () => {
    expect(describeTimeZone({ timeZone: "America/Los_Angeles" }, new Date("2024-01-01T03:00:00Z"))).toMatchObject({
      offsetMinutes: -480,
      localDate: "2023-12-31",
      localTime: "19:00:00",
    });
  });
});
