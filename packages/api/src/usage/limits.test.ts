import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadUsageLimits, parseUsageLimits, UsageLimitsError, usageLimitsFile } from "./limits.ts";

describe("usage limits file", () => {
  it("the repository's file holds the documented allowances", () => {
    expect(loadUsageLimits(usageLimitsFile())).toEqual({
      resetPeriod: "monthly",
      studio: { imagesPerDay: 50 },
      tiers: {
        FREE: { conversations: 5, messagesPerConversation: 8, gradingsPerMonth: 20, activeAlerts: 200 },
        PRO: { conversations: 100, messagesPerConversation: 60, gradingsPerMonth: 500, activeAlerts: 1000 },
      },
    });
  });

  it("the Studio's daily images default to 50 in a file without them, and a bad value is named", () => {
    const tiers = `tiers:\n  FREE: { conversations: 1, messagesPerConversation: 2, gradingsPerMonth: 3 }\n  PRO: { conversations: 4, messagesPerConversation: 5, gradingsPerMonth: 6 }\n`;
    expect(parseUsageLimits(tiers).studio).toEqual({ imagesPerDay: 50 });
    expect(parseUsageLimits(`${tiers}studio:\n  imagesPerDay: 7\n`).studio).toEqual({ imagesPerDay: 7 });
    expect(() => parseUsageLimits(`${tiers}studio:\n  imagesPerDay: -1\n`)).toThrow(
      "studio.imagesPerDay: imagesPerDay must be 0 or more",
    );
  });

  it("resetPeriod defaults to monthly", () => {
    const text = `tiers:\n  FREE: { conversations: 1, messagesPerConversation: 2, gradingsPerMonth: 3 }\n  PRO: { conversations: 4, messagesPerConversation: 5, gradingsPerMonth: 6 }\n`;
    expect(parseUsageLimits(text).resetPeriod).toBe("monthly");
  });

  it("a file written before alerts gets the published alert allowances; a given one is kept", () => {
    const text = `tiers:\n  FREE: { conversations: 1, messagesPerConversation: 2, gradingsPerMonth: 3 }\n  PRO: { conversations: 4, messagesPerConversation: 5, gradingsPerMonth: 6, activeAlerts: 7 }\n`;
    const { tiers } = parseUsageLimits(text);
    expect([tiers.FREE.activeAlerts, tiers.PRO.activeAlerts]).toEqual([200, 7]);
  });

  it("a bad value names the file and the field", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "limits-"));
    const file = path.join(dir, "limits.yaml");
    writeFileSync(
      file,
      `resetPeriod: hourly\ntiers:\n  FREE: { conversations: -1, messagesPerConversation: 8, gradingsPerMonth: 2.5 }\n  PRO: { conversations: 100, messagesPerConversation: "lots", gradingsPerMonth: 500, extra: 1 }\n`,
    );
    let error: unknown;
    try {
      loadUsageLimits(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageLimitsError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toContain("resetPeriod: must be never, daily, weekly or monthly");
    expect(message).toContain("tiers.FREE.conversations: conversations must be 0 or more");
    expect(message).toContain("tiers.FREE.gradingsPerMonth: gradingsPerMonth must be a whole number");
    expect(message).toContain("tiers.PRO.messagesPerConversation: messagesPerConversation must be a whole number");
    expect(message).toMatch(/tiers\.PRO: Unrecognized key: "extra"/);
  });

  it("a missing tier, broken YAML and a missing file are refused with a reason", () => {
    expect(() =>
      parseUsageLimits("tiers:\n  FREE: { conversations: 1, messagesPerConversation: 2, gradingsPerMonth: 3 }\n"),
    ).toThrow("tiers.PRO: is missing");
    expect(() => parseUsageLimits("tiers: [unclosed")).toThrow(/not valid YAML/);
    expect(() => loadUsageLimits("/nonexistent/limits.yaml")).toThrow(/cannot be read \(ENOENT\)/);
  });
});
