import { describe, expect, it } from "vitest";
import { CRYPTO_SESSION, STOCK_SESSION, dayKey, isTimeZone, offsetMinutes, sessionStart } from "./zone.ts";

const at = (iso: string) => new Date(iso).getTime();

describe("dayKey", () => {
  it("is the member's calendar day, not UTC's", () => {
    expect(dayKey(at("2026-03-03T04:30:00Z"), "America/New_York")).toBe("2026-03-02"); // 23:30 EST
    expect(dayKey(at("2026-03-03T05:00:00Z"), "America/New_York")).toBe("2026-03-03"); // 00:00 EST
    expect(dayKey(at("2026-03-03T04:30:00Z"), "UTC")).toBe("2026-03-03");
    expect(dayKey(at("2026-03-02T18:29:59Z"), "Asia/Kolkata")).toBe("2026-03-02"); // 23:59:59 IST
    expect(dayKey(at("2026-03-02T18:30:00Z"), "Asia/Kolkata")).toBe("2026-03-03");
  });
  it("knows offsets and zone names", () => {
    expect(offsetMinutes(at("2026-01-15T12:00:00Z"), "America/New_York")).toBe(-300);
    expect(offsetMinutes(at("2026-07-15T12:00:00Z"), "America/New_York")).toBe(-240);
    expect(offsetMinutes(at("2026-07-15T12:00:00Z"), "Asia/Kolkata")).toBe(330);
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("sessionStart", () => {
  it("is 09:30 New York for stocks, in winter and in summer time", () => {
    expect(sessionStart(at("2026-03-06T15:00:00Z"), STOCK_SESSION)).toBe(at("2026-03-06T14:30:00Z")); // EST
    // 8 March 2026 is the spring-forward Sunday: from the Monday on, 09:30 EDT is 13:30Z.
    expect(sessionStart(at("2026-03-09T14:00:00Z"), STOCK_SESSION)).toBe(at("2026-03-09T13:30:00Z"));
    expect(sessionStart(at("2026-03-09T13:30:00Z"), STOCK_SESSION)).toBe(at("2026-03-09T13:30:00Z"));
  });
  it("before today's open, is the previous day's open", () => {
    expect(sessionStart(at("2026-03-09T13:29:59Z"), STOCK_SESSION)).toBe(at("2026-03-08T13:30:00Z"));
    expect(sessionStart(at("2026-03-06T03:00:00Z"), STOCK_SESSION)).toBe(at("2026-03-05T14:30:00Z")); // 22:00 EST on the 5th
  });
  it("is the UTC day for crypto", () => {
    expect(sessionStart(at("2026-03-09T14:00:00Z"), CRYPTO_SESSION)).toBe(at("2026-03-09T00:00:00Z"));
    expect(sessionStart(at("2026-03-09T00:00:00Z"), CRYPTO_SESSION)).toBe(at("2026-03-09T00:00:00Z"));
    expect(sessionStart(at("2026-03-08T23:59:59Z"), CRYPTO_SESSION)).toBe(at("2026-03-08T00:00:00Z"));
  });
});
