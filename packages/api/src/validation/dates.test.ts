import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  calendarDay,
  calendarMonth,
  CLOCK_SKEW_MS,
  memberInstant,
  readIsoDateTime,
  resolveInstant,
  utcInstant,
  WallClock,
} from "./dates.ts";

const ENTRY = { label: "Entry time", required: "Enter when the trade was opened", future: false };
const messagesOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe("readIsoDateTime", () => {
  it("reads dates and date-times, with Z, an offset or no zone (a wall-clock time)", () => {
    expect(readIsoDateTime("2026-03-02T14:30:00Z")).toEqual(new Date("2026-03-02T14:30:00.000Z"));
    expect(readIsoDateTime("2026-03-02T14:30:00.123456789Z")).toEqual(new Date("2026-03-02T14:30:00.123Z"));
    expect(readIsoDateTime("2026-03-02T09:30-05:00")).toEqual(new Date("2026-03-02T14:30:00.000Z"));
    expect(readIsoDateTime("2026-03-02T20:00:00+0530")).toEqual(new Date("2026-03-02T14:30:00.000Z"));
    expect(readIsoDateTime("2026-03-02T09:30")).toEqual(new WallClock(2026, 3, 2, 9, 30, 0, 0));
    expect(readIsoDateTime("2026-03-02")).toEqual(new WallClock(2026, 3, 2));
    expect(readIsoDateTime("2024-02-29")).toEqual(new WallClock(2024, 2, 29));
  });

  it("refuses days not on the calendar, impossible times and other formats", () => {
    for (const bad of [
      "2026-02-30",
      "2025-02-29",
      "2026-99-99",
      "0000-00-00",
      "2026-13-01",
      "2026-03-02T24:00",
      "2026-03-02T12:60",
      "2026-03-02T12:00:60Z",
      "2026-03-02T12:00+24:00",
      "99999-12-31",
      "x 1",
      "2026-3-2",
      "03/02/2026",
      "2026-03-02 14:30",
      "Mon, 02 Mar 2026 14:30:00 GMT",
      "",
    ]) {
      expect(readIsoDateTime(bad), bad).toBeNull();
    }
  });
});

describe("utcInstant", () => {
  const schema = z.object({
    entryAt: utcInstant(ENTRY),
    exitAt: utcInstant({ label: "Exit time", future: false }).nullish(),
  });

  it("takes Dates and ISO text, a zoneless form as UTC", () => {
    expect(schema.parse({ entryAt: new Date("2026-03-02T14:30:00Z") }).entryAt).toEqual(
      new Date("2026-03-02T14:30:00Z"),
    );
    expect(schema.parse({ entryAt: "2026-03-02T14:30" }).entryAt).toEqual(new Date("2026-03-02T14:30:00Z"));
    expect(schema.parse({ entryAt: "2026-03-02" }).entryAt).toEqual(new Date("2026-03-02T00:00:00Z"));
    expect(schema.parse({ entryAt: "2026-03-02T14:30:00Z", exitAt: null }).exitAt).toBeNull();
  });

  it('refuses what new Date() used to coerce (null, true, 0, "x 1", 2026-02-30), naming the field', () => {
    const cases: [unknown, string][] = [
      [undefined, "Enter when the trade was opened"],
      [null, "Enter when the trade was opened"],
      ["", "Enter when the trade was opened"],
      ["  ", "Enter when the trade was opened"],
      [true, "Entry time must be a date like 2026-03-02 or a date-time like 2026-03-02T14:30:00Z"],
      [0, "Entry time must be a date like 2026-03-02 or a date-time like 2026-03-02T14:30:00Z"],
      ["x 1", "Entry time must be a date like 2026-03-02 or a date-time like 2026-03-02T14:30:00Z"],
      ["2026-02-30", "Entry time must be a date like 2026-03-02 or a date-time like 2026-03-02T14:30:00Z"],
      ["99999-12-31", "Entry time must be a date like 2026-03-02 or a date-time like 2026-03-02T14:30:00Z"],
      [
        { toString: () => "2026-03-02" },
        "Entry time must be a date like 2026-03-02 or a date-time like 2026-03-02T14:30:00Z",
      ],
      [new Date(Number.NaN), "Entry time is not a valid date"],
      [new Date("1969-12-31T23:59:59Z"), "Entry time must be between 1970-01-01 and 2100-12-31"],
      [new Date("2101-01-01T00:00:00Z"), "Entry time must be between 1970-01-01 and 2100-12-31"],
      ["1960-01-01", "Entry time must be between 1970-01-01 and 2100-12-31"],
    ];
    for (const [entryAt, message] of cases) {
      const result = schema.safeParse({ entryAt });
      expect(result.success, String(entryAt)).toBe(false);
      expect(
        result.error!.issues.map((i) => [i.path.join("."), i.message]),
        String(entryAt),
      ).toEqual([["entryAt", message]]);
    }
  });

  it("refuses a time of something that happened when it is in the future, with a clock-skew margin", () => {
    expect(schema.safeParse({ entryAt: new Date(Date.now() + CLOCK_SKEW_MS - 10_000) }).success).toBe(true);
    expect(messagesOf(schema.safeParse({ entryAt: new Date(Date.now() + CLOCK_SKEW_MS + 60_000) }))).toEqual([
      "Entry time can't be in the future",
    ]);
    expect(messagesOf(schema.safeParse({ entryAt: "2099-01-01T00:00:00Z" }))).toEqual([
      "Entry time can't be in the future",
    ]);
    expect(utcInstant({ label: "To" }).parse("2099-01-01")).toEqual(new Date("2099-01-01T00:00:00Z"));
  });
});

describe("memberInstant and resolveInstant", () => {
  it("keeps a zoneless time as a wall clock, read in the member's zone when resolved", () => {
    const wall = memberInstant(ENTRY).parse("2026-03-02T09:30");
    expect(wall).toEqual(new WallClock(2026, 3, 2, 9, 30, 0, 0));
    expect(resolveInstant(wall, "America/New_York", "entryAt", ENTRY)).toEqual(new Date("2026-03-02T14:30:00Z"));
    expect(memberInstant(ENTRY).parse("2026-03-02T09:30:00-05:00")).toEqual(new Date("2026-03-02T14:30:00Z"));
  });

  it("a resolved wall clock in the future is a field error on its field", () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    const wall = memberInstant(ENTRY).parse(`${nextYear}-01-01T00:00`);
    const error = (() => {
      try {
        resolveInstant(wall, "UTC", "entryAt", ENTRY);
      } catch (e) {
        return e as { code: string; message: string };
      }
    })();
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: "Entry time can't be in the future" });
  });
});

describe("calendarDay and calendarMonth", () => {
  it("take real days and months from 1970 to 2100 only", () => {
    expect(calendarDay().parse("2026-03-02")).toBe("2026-03-02");
    expect(calendarDay().parse("2100-12-31")).toBe("2100-12-31");
    for (const bad of [
      "2026-99-99",
      "2026-02-30",
      "0000-00-00",
      "1969-12-31",
      "2101-01-01",
      "2026-03-02T00:00",
      "\u0000",
    ]) {
      expect(calendarDay().safeParse(bad).success, bad).toBe(false);
    }
    expect(messagesOf(calendarDay().safeParse("2026-02-30"))).toEqual([
      "Use a date like 2026-03-02, from 1970-01-01 to 2100-12-31",
    ]);
    expect(calendarMonth().parse("2026-03")).toBe("2026-03");
    for (const bad of ["0000-01", "2026-13", "2101-01", "1969-12"])
      expect(calendarMonth().safeParse(bad).success, bad).toBe(false);
  });
});
