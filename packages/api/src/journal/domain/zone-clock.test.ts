import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localTime } from "./time-zone.ts";
import { zoneClock } from "./zone-clock.ts";

// Zones with unusual rules: half-hour DST (Lord Howe), 45-minute offsets (Chatham), southern
// hemisphere DST, a day skipped across the date line (Apia, December 2011), several changes a
// year (Casablanca around Ramadan), no DST at all (Kolkata).
const ZONES = [
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/Santiago",
  "Pacific/Apia",
  "Africa/Casablanca",
  "Asia/Kolkata",
  "America/St_Johns",
  "UTC",
];

describe("the zone clock", () => {
  it("a trade at 23:30 New York on a Monday is Monday's, whatever zone the server runs in", () => {
    const clock = zoneClock("America/New_York");
    expect(clock.local(new Date("2026-03-03T04:30:00Z"))).toEqual({ day: "2026-03-02", weekday: "Mon", hour: 23 });
    // In summer the same wall-clock time is an hour earlier in UTC.
    expect(clock.local(new Date("2026-07-07T03:30:00Z"))).toEqual({ day: "2026-07-06", weekday: "Mon", hour: 23 });
    expect(zoneClock("UTC").local(new Date("2026-03-03T04:30:00Z"))).toEqual({
      day: "2026-03-03",
      weekday: "Tue",
      hour: 4,
    });
    expect(zoneClock("Asia/Tokyo").local(new Date("2026-03-02T14:59:59Z"))).toEqual({
      day: "2026-03-02",
      weekday: "Mon",
      hour: 23,
    });
    expect(zoneClock("Asia/Tokyo").local(new Date("2026-03-02T15:00:00Z"))).toEqual({
      day: "2026-03-03",
      weekday: "Tue",
      hour: 0,
    });
  });

  it("follows a DST change to the minute, on both sides", () => {
    const clock = zoneClock("America/New_York");
    // 2026-03-08: 01:59 EST is followed by 03:00 EDT (07:00 UTC).
    expect(clock.local(new Date("2026-03-08T06:59:00Z")).hour).toBe(1);
    expect(clock.local(new Date("2026-03-08T07:00:00Z")).hour).toBe(3);
    // 2026-11-01: 01:59 EDT is followed by 01:00 EST (06:00 UTC).
    expect(clock.local(new Date("2026-11-01T05:59:00Z")).hour).toBe(1);
    expect(clock.local(new Date("2026-11-01T06:00:00Z")).hour).toBe(1);
    expect(clock.local(new Date("2026-11-01T07:00:00Z")).hour).toBe(2);
  });

  it("agrees with Intl every 15 minutes through a year of New York and Lord Howe", () => {
    for (const zone of ["America/New_York", "Australia/Lord_Howe"]) {
      const clock = zoneClock(zone);
      const start = Date.UTC(2025, 11, 31);
      for (let ms = start; ms < start + 366 * 86_400_000; ms += 15 * 60_000) {
        const fast = clock.local(ms);
        const exact = localTime(new Date(ms), zone);
        if (fast.day !== exact.day || fast.hour !== exact.hour || fast.weekday !== exact.weekday) {
          throw new Error(
            `${zone} at ${new Date(ms).toISOString()}: ${JSON.stringify(fast)} ≠ ${JSON.stringify(exact)}`,
          );
        }
      }
    }
  });

  it("gives the same answers whatever zone the server process runs in", () => {
    const instants = [
      Date.UTC(2026, 2, 3, 4, 30),
      Date.UTC(2026, 2, 8, 7),
      Date.UTC(2026, 10, 1, 5, 59),
      Date.UTC(2026, 6, 7, 3, 30),
    ];
    const original = process.env.TZ;
    const seen: { serverHour: number; local: unknown[] }[] = [];
    try {
      for (const serverZone of ["Pacific/Kiritimati", "America/Los_Angeles", "UTC"]) {
        process.env.TZ = serverZone; // Node re-reads TZ on assignment
        const clock = zoneClock("America/New_York");
        seen.push({ serverHour: new Date(instants[0]!).getHours(), local: instants.map((ms) => clock.local(ms)) });
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
    // The server's own clock did move (18:30 in Kiritimati, 20:30 in Los Angeles, 04:30 in UTC)…
    expect(seen.map((s) => s.serverHour)).toEqual([18, 20, 4]);
    // …the member's did not.
    expect(seen[1]!.local).toEqual(seen[0]!.local);
    expect(seen[2]!.local).toEqual(seen[0]!.local);
    expect(seen[0]!.local[0]).toEqual({ day: "2026-03-02", weekday: "Mon", hour: 23 });
  });

  it("agrees with Intl for any instant from 1990 to 2040 in zones with odd rules", () => {
    const clocks = new Map(ZONES.map((z) => [z, zoneClock(z)]));
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, ms) => {
          expect(clocks.get(zone)!.local(ms)).toEqual(localTime(new Date(ms), zone));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
