import { describe, expect, it } from "vitest";
import { parseTimestamp, TimestampError } from "./timestamps.ts";

const NY = "America/New_York";
const iso = (raw: string, zone = NY) => parseTimestamp(raw, zone).toISOString();

describe("broker timestamps", () => {
  it("reads ISO 8601 with an offset as given, whatever the member's zone", () => {
    expect(iso("2026-03-02T09:30:00-05:00", "Asia/Tokyo")).toBe("2026-03-02T14:30:00.000Z");
    expect(iso("2026-03-02 14:30:00Z")).toBe("2026-03-02T14:30:00.000Z");
  });

  it("reads a time without a zone in the member's zone, daylight saving included", () => {
    expect(iso("2026-03-02 09:30:00")).toBe("2026-03-02T14:30:00.000Z");
    expect(iso("2026-07-01 09:30:00")).toBe("2026-07-01T13:30:00.000Z");
    expect(iso("20260302;093000")).toBe("2026-03-02T14:30:00.000Z");
    expect(iso("3/2/2026 9:30:00 AM")).toBe("2026-03-02T14:30:00.000Z");
    expect(iso("03/02/26 15:45")).toBe("2026-03-02T20:45:00.000Z");
  });

  it("honours zone abbreviations", () => {
    expect(iso("03/02/2026 09:30:00 EST", "UTC")).toBe("2026-03-02T14:30:00.000Z");
    expect(iso("07/01/2026 09:30:00 EDT", "UTC")).toBe("2026-07-01T13:30:00.000Z");
    expect(iso("07/01/2026 09:30:00 ET", "UTC")).toBe("2026-07-01T13:30:00.000Z");
  });

  it("refuses what it cannot read, saying so", () => {
    expect(() => parseTimestamp("03/02/2026 09:30 BST", NY)).toThrow(/unknown time zone "BST"/);
    expect(() => parseTimestamp("yesterday", NY)).toThrow(TimestampError);
    expect(() => parseTimestamp("2026-13-02 09:30", NY)).toThrow(TimestampError);
  });
});
