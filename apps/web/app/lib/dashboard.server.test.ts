// Runs with `pnpm --filter @tradecraft/web test` (node:test through tsx).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { monthsToCompare } from "./dashboard.server.ts";
import { pointsChange, valueChange } from "./month-change.ts";

describe("monthsToCompare", () => {
  it("takes the months from the member's calendar, not UTC's", () => {
    // 1 March 02:00 UTC is still 28 February in New York, already 1 March in Tokyo.
    const now = new Date("2026-03-01T02:00:00Z");
    assert.deepEqual(monthsToCompare(now, "America/New_York"), {
      thisMonth: { month: "2026-02", from: "2026-02-01", to: "2026-02-28" },
      lastMonth: { month: "2026-01", from: "2026-01-01", to: "2026-01-31" },
    });
    assert.deepEqual(monthsToCompare(now, "Asia/Tokyo").thisMonth, {
      month: "2026-03",
      from: "2026-03-01",
      to: "2026-03-01",
    });
  });

  it("crosses the year and knows leap Februaries", () => {
    assert.deepEqual(monthsToCompare(new Date("2026-01-15T12:00:00Z"), "UTC").lastMonth, {
      month: "2025-12",
      from: "2025-12-01",
      to: "2025-12-31",
    });
    assert.equal(monthsToCompare(new Date("2028-03-10T12:00:00Z"), "UTC").lastMonth.to, "2028-02-29");
  });
});

describe("changes against last month", () => {
  it("gives win rates in signed points and amounts through the formatter", () => {
    assert.deepEqual(pointsChange(0.6, 0.477), { text: "+12.3 pts", tone: "gain" });
    assert.deepEqual(pointsChange(0.5, 0.5), { text: "0.0 pts", tone: "flat" });
    assert.deepEqual(pointsChange(0.25, 0.5), { text: "-25.0 pts", tone: "loss" });
    assert.equal(pointsChange(null, 0.5), null);
    assert.deepEqual(
      valueChange(-120, 300, (d) => String(d)),
      { text: "-420", tone: "loss" },
    );
    assert.equal(valueChange(Infinity, 2, String), null);
    assert.equal(valueChange(1.5, null, String), null);
  });
});
