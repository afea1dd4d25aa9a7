// Runs with `pnpm --filter @tradecraft/web test` (node:test through tsx: this app has no vitest).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EMPTY_ALERT_FORM } from "../components/alerts/alert-form.tsx";
import { alertInputOf } from "./alerts.server.ts";

describe("alertInputOf", () => {
  it("reads a level condition's price as typed, with thousands separators", () => {
    const { input } = alertInputOf({ ...EMPTY_ALERT_FORM, symbol: "aapl", type: "above", level: "1,234.5" }, "UTC");
    assert.deepEqual(input.condition, { type: "above", level: 1234.5 });
    assert.equal(input.expiresAt, null);
  });

  it("leaves a blank number undefined and a word NaN, so the API names the field", () => {
    assert.equal(
      (alertInputOf({ ...EMPTY_ALERT_FORM, type: "below", level: "" }, "UTC").input.condition as { level?: number })
        .level,
      undefined,
    );
    assert.ok(
      Number.isNaN(
        (
          alertInputOf({ ...EMPTY_ALERT_FORM, type: "below", level: "lots" }, "UTC").input.condition as {
            level: number;
          }
        ).level,
      ),
    );
  });

  it("builds a moving condition's window from minutes or the session, ignoring the level field", () => {
    const minutes = alertInputOf(
      { ...EMPTY_ALERT_FORM, type: "moving_up", level: "5", amount: "2.5", unit: "percent", minutes: "30" },
      "UTC",
    );
    assert.deepEqual(minutes.input.condition, {
      type: "moving_up",
      amount: 2.5,
      unit: "percent",
      window: { kind: "minutes", minutes: 30 },
    });
    const session = alertInputOf(
      { ...EMPTY_ALERT_FORM, type: "moving_down", amount: "3", unit: "dollars", window: "session" },
      "UTC",
    );
    assert.deepEqual(session.input.condition, {
      type: "moving_down",
      amount: 3,
      unit: "dollars",
      window: { kind: "session" },
    });
  });

  it("reads the expiry in the member's zone; an unreadable one is reported, not guessed", () => {
    const { input } = alertInputOf(
      { ...EMPTY_ALERT_FORM, type: "above", level: "1", expiresAt: "2030-01-02T09:30" },
      "America/New_York",
    );
    assert.equal(input.expiresAt, Date.parse("2030-01-02T14:30:00Z"));
    assert.equal(alertInputOf({ ...EMPTY_ALERT_FORM, expiresAt: "next tuesday" }, "UTC").expiryUnreadable, true);
  });
});
