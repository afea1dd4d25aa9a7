import { describe, expect, it } from "vitest";
import { isIanaTimeZone } from "./time-zone.schema.ts";
import { timeZoneFromAcceptLanguage } from "./time-zone-from-locale.ts";

describe("timeZoneFromAcceptLanguage", () => {
  it("maps the first range's region to its zone", () => {
    expect(timeZoneFromAcceptLanguage("en-US,en;q=0.9")).toBe("America/New_York");
    expect(timeZoneFromAcceptLanguage("en-GB")).toBe("Europe/London");
    expect(timeZoneFromAcceptLanguage("de-DE,de;q=0.9,en;q=0.8")).toBe("Europe/Berlin");
    expect(timeZoneFromAcceptLanguage("hi-IN")).toBe("Asia/Kolkata");
    expect(timeZoneFromAcceptLanguage("zh-Hant-TW")).toBe("Asia/Taipei");
  });

  it("follows q-values, not the order written", () => {
    expect(timeZoneFromAcceptLanguage("fr-FR;q=0.5, ja-JP;q=0.8")).toBe("Asia/Tokyo");
  });

  it("skips ranges without a known region and gives UTC when none has one", () => {
    expect(timeZoneFromAcceptLanguage("en, fr-CA;q=0.7")).toBe("America/Toronto");
    expect(timeZoneFromAcceptLanguage("en,fr;q=0.5")).toBe("UTC");
    expect(timeZoneFromAcceptLanguage("xx-QQ")).toBe("UTC");
    expect(timeZoneFromAcceptLanguage("en-AU;q=0")).toBe("UTC");
    expect(timeZoneFromAcceptLanguage("")).toBe("UTC");
    expect(timeZoneFromAcceptLanguage(null)).toBe("UTC");
  });

  it("only ever answers zones the runtime knows", () => {
    for (const region of ["US", "CA", "GB", "DE", "FR", "IN", "AU", "JP", "AR", "NZ", "ZA"]) {
      expect(isIanaTimeZone(timeZoneFromAcceptLanguage(`en-${region}`))).toBe(true);
    }
  });
});
