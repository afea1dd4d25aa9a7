// Runs with `pnpm --filter @tradecraft/web test` (node:test through tsx: this app has no vitest).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plannedR } from "./trade-plan.ts";

describe("plannedR", () => {
  it("is the target's distance over the stop's, in the trade's direction", () => {
    // Long 100, stop 95 (5 at risk), target 110 (10 to gain): +2R.
    assert.equal(plannedR({ direction: "long", entryPrice: "100", stopLoss: "95", takeProfit: "110" }), 2);
    // Short 50, stop 52 (2 at risk), target 47 (3 to gain): +1.5R.
    assert.equal(plannedR({ direction: "short", entryPrice: "50", stopLoss: "52", takeProfit: "47" }), 1.5);
    // A long whose target is below the entry plans a loss: 100 → 98 with stop 96 is -0.5R.
    assert.equal(plannedR({ direction: "long", entryPrice: "100", stopLoss: "96", takeProfit: "98" }), -0.5);
  });

  it("has no value without a stop or a target, or with the stop on the wrong side", () => {
    assert.equal(plannedR({ direction: "long", entryPrice: "100", stopLoss: null, takeProfit: "110" }), null);
    assert.equal(plannedR({ direction: "long", entryPrice: "100", stopLoss: "95", takeProfit: null }), null);
    assert.equal(plannedR({ direction: "long", entryPrice: "100", stopLoss: "105", takeProfit: "110" }), null);
    assert.equal(plannedR({ direction: "short", entryPrice: "100", stopLoss: "100", takeProfit: "90" }), null);
  });
});
