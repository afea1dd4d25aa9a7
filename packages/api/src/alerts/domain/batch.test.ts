import { describe, expect, it } from "vitest";
import { type StoredAlert, applyCheck, checkUpdate, indexAlerts, syntheticAlerts, syntheticUpdate } from "./batch.ts";
import type { AlertDefinition } from "./frequency.ts";
import { initialAlertState } from "./frequency.ts";

const T0 = Date.UTC(2026, 2, 2, 15, 0, 0);

describe("checkUpdate on 100,000 alerts over 500 symbols", () => {
  const index = indexAlerts(syntheticAlerts(100_000, 500));
  const firedIds = (r: ReturnType<typeof checkUpdate>) => new Set(r.fired.map((f) => f.id));

  it("fires exactly the alerts whose level the price is beyond", () => {
    const result = checkUpdate(index, syntheticUpdate(500, 100, T0), T0);
    expect(result.evaluated).toBe(100_000);
    // Alert i fires when (i even, above 50 + i mod 101, so i mod 101 < 50) or (i odd, below it, so
    // i mod 101 > 50). Over one period of 202 that is 25 + 25 even and 25 + 25 odd = 100; 100,000
    // = 495 × 202 + 10 and the last 10 (r = 0…9) add the 5 even ones: 49,505.
    expect(result.fired).toHaveLength(49_505);
    const ids = firedIds(result);
    expect(ids.has("alert-0")).toBe(true); // above 50
    expect(ids.has("alert-48")).toBe(true); // above 98
    expect(ids.has("alert-50")).toBe(false); // above 100: the price is not strictly above
    expect(ids.has("alert-51")).toBe(true); // below 101
    expect(ids.has("alert-1")).toBe(false); // below 51
    expect(ids.has("alert-100")).toBe(false); // above 150
    expect(ids.has("alert-102")).toBe(true); // above 51 (102 mod 101 = 1)
    expect(ids.has("alert-99998")).toBe(true); // above 58
    expect(ids.has("alert-99999")).toBe(false); // below 59
    expect(result.changed).toEqual([]); // above/below remember nothing but the firing
  });

  it("carries states between updates: the same alerts fire again only a minute later", () => {
    const first = checkUpdate(index, syntheticUpdate(500, 100, T0), T0);
    const afterFirst = applyCheck(index, first);
    expect(checkUpdate(afterFirst, syntheticUpdate(500, 100, T0 + 5_000), T0 + 5_000).fired).toEqual([]);
    const minuteLater = checkUpdate(afterFirst, syntheticUpdate(500, 100, T0 + 60_000), T0 + 60_000);
    expect(firedIds(minuteLater)).toEqual(firedIds(first));
  });

  it("costs only the alerts on the updated symbols", () => {
    const result = checkUpdate(index, [{ symbol: "SYM0", price: 100, at: T0 }], T0);
    expect(result.evaluated).toBe(200);
    expect(result.fired.every((f) => f.sample.symbol === "SYM0")).toBe(true);
    expect(firedIds(result).has("alert-0")).toBe(true);
    expect(firedIds(result).has("alert-500")).toBe(false); // 500 mod 101 = 96: above 146
    expect(checkUpdate(index, [{ symbol: "NOPE", price: 1, at: T0 }], T0).evaluated).toBe(0);
  });
});

describe("checkUpdate and applyCheck on a few alerts", () => {
  const stored = (id: string, definition: Partial<AlertDefinition>): StoredAlert => ({
    id,
    definition: {
      symbol: "BTC",
      condition: { type: "above", level: 100 },
      frequency: "only_once",
      expiresAt: null,
      timeZone: "UTC",
      ...definition,
    },
    state: initialAlertState(),
  });
  const alerts = [
    stored("once", {}),
    stored("cross", { condition: { type: "crossing_up", level: 100 }, frequency: "once_per_minute" }),
    stored("expiring", { expiresAt: T0 }),
    stored("session", {
      condition: { type: "moving_up", amount: 10, unit: "percent", window: { kind: "session" } },
      frequency: "once_per_day",
    }),
    stored("other", { symbol: "ETH" }),
  ];

  it("reports fired, changed and retired alerts, and asks the session start once per symbol", () => {
    const asked: string[] = [];
    const sessionStartOf = (symbol: string) => (asked.push(symbol), T0 - 3_600_000);
    const index = indexAlerts(alerts);
    const r1 = checkUpdate(index, [{ symbol: "BTC", price: 99, at: T0 }], T0, { sessionStartOf });
    expect(r1.fired).toEqual([]);
    expect(r1.changed.map((c) => c.id)).toEqual(["cross", "session"]); // a side and a session low to remember
    expect(r1.retired).toEqual([{ id: "expiring", symbol: "BTC", status: "expired" }]);
    expect(asked).toEqual(["BTC"]);

    const i2 = applyCheck(index, r1);
    expect(i2.get("BTC")!.map((a) => a.id)).toEqual(["once", "cross", "session"]);
    expect(i2.get("ETH")).toBe(index.get("ETH")); // untouched symbols keep their list

    // 99 → 110: above 100 fires, crosses up, and is 11.1 % above the session low of 99.
    const r2 = checkUpdate(i2, [{ symbol: "BTC", price: 110, at: T0 + 5_000 }], T0 + 5_000, { sessionStartOf });
    expect(r2.fired.map((f) => f.id)).toEqual(["once", "cross", "session"]);

    const r3 = checkUpdate(applyCheck(i2, r2), [{ symbol: "BTC", price: 120, at: T0 + 10_000 }], T0 + 10_000, {
      sessionStartOf,
    });
    expect(r3.fired).toEqual([]);
    expect(r3.retired).toEqual([{ id: "once", symbol: "BTC", status: "disarmed" }]);
  });

  it("does not mutate the index it was given", () => {
    const index = indexAlerts(alerts);
    const before = index.get("BTC")!.map((a) => a.state);
    applyCheck(
      index,
      checkUpdate(index, [{ symbol: "BTC", price: 150, at: T0 + 1 }], T0 + 1, { sessionStartOf: () => T0 }),
    );
    expect(index.get("BTC")!.map((a) => a.state)).toEqual(before);
    expect(index.get("BTC")).toHaveLength(4);
  });
});
