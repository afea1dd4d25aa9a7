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

  it("reads IBKR Flex's date and time separators, dates alone, and two-digit years", () => {
    for (const raw of [
      "2026-03-02,09:30:00",
      "2026-03-02;09:30:00",
      "2026-03-02, 09:30:00",
      "2026-03-02 09:30:00",
      "20260302;093000",
      "20260302 093000",
      "20260302,093000",
      "20260302 09:30:00",
      "20260302093000",
    ]) {
      expect(iso(raw), raw).toBe("2026-03-02T14:30:00.000Z");
    }
    expect(iso("7/21/23 9:30")).toBe("2023-07-21T13:30:00.000Z");
    expect(iso("7/21/23")).toBe("2023-07-21T04:00:00.000Z");
    expect(iso("20260302")).toBe("2026-03-02T05:00:00.000Z");
    expect(iso("2026-03-02")).toBe("2026-03-02T05:00:00.000Z");
    expect(iso("3/2/2026, 4:15 PM")).toBe("2026-03-02T21:15:00.000Z");
    expect(() => parseTimestamp("2/30/2026 09:30", NY)).toThrow(TimestampError);
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
