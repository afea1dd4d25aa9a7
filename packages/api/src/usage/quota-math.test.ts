import { describe, expect, it } from "vitest";
import {
  EPOCH,
  limitOf,
  MESSAGE_UNITS,
  periodEnd,
  periodStart,
  quotaExceededMessage,
  resetPeriodOf,
  type UsageLimits,
  usageLevel,
} from "./quota-math.ts";

const limits: UsageLimits = {
  resetPeriod: "monthly",
  tiers: {
    FREE: { conversations: 5, messagesPerConversation: 8, gradingsPerMonth: 20, activeAlerts: 200 },
    PRO: { conversations: 100, messagesPerConversation: 60, gradingsPerMonth: 500, activeAlerts: 1000 },
  },
};

describe("periodStart / periodEnd (UTC)", () => {
  // 2026-03-04 is a Wednesday; 23:30 UTC is already Thursday in Tokyo, still Wednesday here.
  const at = new Date("2026-03-04T23:30:00Z");

  it("never: the epoch, no end", () => {
    expect(periodStart(at, "never")).toEqual(EPOCH);
    expect(periodEnd(at, "never")).toBeNull();
  });

  it("daily: midnight UTC to the next midnight", () => {
    expect(periodStart(at, "daily").toISOString()).toBe("2026-03-04T00:00:00.000Z");
    expect(periodEnd(at, "daily")?.toISOString()).toBe("2026-03-05T00:00:00.000Z");
  });

  it("weekly: Monday to Monday, including from a Sunday and on a Monday itself", () => {
    expect(periodStart(at, "weekly").toISOString()).toBe("2026-03-02T00:00:00.000Z");
    expect(periodEnd(at, "weekly")?.toISOString()).toBe("2026-03-09T00:00:00.000Z");
    expect(periodStart(new Date("2026-03-08T12:00:00Z"), "weekly").toISOString()).toBe("2026-03-02T00:00:00.000Z");
    expect(periodStart(new Date("2026-03-09T00:00:00Z"), "weekly").toISOString()).toBe("2026-03-09T00:00:00.000Z");
    // A week across a year end.
    expect(periodStart(new Date("2027-01-01T08:00:00Z"), "weekly").toISOString()).toBe("2026-12-28T00:00:00.000Z");
  });

  it("monthly: the first of the month, across a year end and a leap February", () => {
    expect(periodStart(at, "monthly").toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(periodEnd(new Date("2026-12-31T23:59:59.999Z"), "monthly")?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(periodStart(new Date("2028-02-29T10:00:00Z"), "monthly").toISOString()).toBe("2028-02-01T00:00:00.000Z");
    expect(periodEnd(new Date("2028-02-29T10:00:00Z"), "monthly")?.toISOString()).toBe("2028-03-01T00:00:00.000Z");
  });
});

describe("what each kind counts", () => {
  it("messages never reset (their scope is the conversation); gradings are monthly; conversations follow the file", () => {
    expect(resetPeriodOf("messages", { ...limits, resetPeriod: "daily" })).toBe("never");
    expect(resetPeriodOf("gradings", { ...limits, resetPeriod: "daily" })).toBe("monthly");
    expect(resetPeriodOf("conversations", { ...limits, resetPeriod: "weekly" })).toBe("weekly");
  });

  it("limits per tier and weights", () => {
    expect(limitOf(limits, "FREE", "messages")).toBe(8);
    expect(limitOf(limits, "PRO", "conversations")).toBe(100);
    expect(limitOf(limits, "PRO", "gradings")).toBe(500);
    expect(MESSAGE_UNITS).toEqual({ quick: 1, enhanced: 2 });
  });

  it("levels: ok below 80 %, low from 80 %, out at the limit (and for a zero allowance)", () => {
    expect(usageLevel(3, 5)).toBe("ok");
    expect(usageLevel(4, 5)).toBe("low");
    expect(usageLevel(6, 8)).toBe("ok");
    expect(usageLevel(7, 8)).toBe("low");
    expect(usageLevel(8, 8)).toBe("out");
    expect(usageLevel(0, 0)).toBe("out");
  });
});

describe("quotaExceededMessage", () => {
  it("Free members are told the limit and what Pro gives", () => {
    expect(quotaExceededMessage(limits, "FREE", "messages")).toBe(
      "You've used all 8 messages in this conversation on the Free plan. Upgrade to Pro for 60 per conversation.",
    );
    expect(quotaExceededMessage(limits, "FREE", "conversations")).toBe(
      "You've started all 5 conversations this month on the Free plan. Upgrade to Pro for 100 a month.",
    );
    expect(quotaExceededMessage({ ...limits, resetPeriod: "daily" }, "FREE", "gradings")).toBe(
      "You've used all 20 gradings this month on the Free plan. Upgrade to Pro for 500 a month.",
    );
  });

  it("Pro members are told what still helps", () => {
    expect(quotaExceededMessage(limits, "PRO", "messages")).toBe(
      "You've used all 60 messages in this conversation on the Pro plan. Start a new conversation to continue.",
    );
    expect(quotaExceededMessage({ ...limits, resetPeriod: "weekly" }, "PRO", "conversations")).toBe(
      "You've started all 100 conversations this week on the Pro plan. It resets at the start of the next period.",
    );
  });
});
