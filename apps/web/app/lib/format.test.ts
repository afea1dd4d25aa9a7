// Runs with `pnpm --filter @tradecraft/web test` (node:test through tsx: this app has no vitest).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatCount,
  formatMoney,
  formatPercent,
  formatPnl,
  formatPnlCompact,
  formatPrice,
  formatQuantity,
  formatR,
  formatRatio,
  pnlTone,
} from "./format.ts";

describe("formatPnl", () => {
  it("always shows the sign, with thousands separators and cents", () => {
    assert.equal(formatPnl("1234.5"), "+$1,234.50");
    assert.equal(formatPnl(-1234.5), "-$1,234.50");
    assert.equal(formatPnl(1234567.891), "+$1,234,567.89");
  });

  it("leaves zero unsigned and says so when there is no P&L", () => {
    assert.equal(formatPnl(0), "$0.00");
    assert.equal(formatPnl("0.00"), "$0.00");
    assert.equal(formatPnl("0.004"), "$0.00"); // rounds to no cents: shown as zero
    assert.equal(formatPnl(null), "—");
    assert.equal(formatPnl(undefined), "—");
  });

  it("uses the account's currency", () => {
    assert.equal(formatPnl(-12.5, "EUR"), "-€12.50");
  });
});

describe("pnlTone", () => {
  it("is gain above zero, loss below, flat at zero or without a value", () => {
    assert.equal(pnlTone("0.01"), "gain");
    assert.equal(pnlTone(-0.01), "loss");
    assert.equal(pnlTone("0"), "flat");
    assert.equal(pnlTone("-0.004"), "flat"); // shown as "$0.00", so no colour either
    assert.equal(pnlTone(null), "flat");
  });
});

describe("formatMoney", () => {
  it("shows costs without a plus sign", () => {
    assert.equal(formatMoney("54"), "$54.00");
    assert.equal(formatMoney(12000), "$12,000.00");
    assert.equal(formatMoney(0), "$0.00");
    assert.equal(formatMoney(null), "—");
  });
});

describe("formatPrice", () => {
  it("gives stocks and options 2 decimals, 4 below $1", () => {
    assert.equal(formatPrice("140.93333333", { assetClass: "stock" }), "140.93");
    assert.equal(formatPrice("1500", { assetClass: "stock" }), "1,500.00");
    assert.equal(formatPrice("0.123456", { assetClass: "stock" }), "0.1235");
    assert.equal(formatPrice("0.5", { assetClass: "stock" }), "0.50");
    assert.equal(formatPrice("2.35", { assetClass: "option" }), "2.35");
    assert.equal(formatPrice("99.999"), "100.00"); // no instrument: a stock's rule
  });

  it("gives futures the decimals of their tick when the contract is known, else up to 4", () => {
    assert.equal(formatPrice("5012.25", { assetClass: "future", symbol: "ESZ5" }), "5,012.25");
    assert.equal(formatPrice("5012.5", { assetClass: "future", symbol: "ES" }), "5,012.50");
    assert.equal(formatPrice("39000", { assetClass: "future", symbol: "YMH26" }), "39,000");
    assert.equal(formatPrice("24.125", { assetClass: "future", symbol: "SIK5" }), "24.125");
    assert.equal(formatPrice("1.08455", { assetClass: "future", symbol: "6EM5" }), "1.08455");
    assert.equal(formatPrice("101.123456", { assetClass: "future", symbol: "XYZU5" }), "101.1235");
    assert.equal(formatPrice("101.5", { assetClass: "future", symbol: "XYZU5" }), "101.50");
  });

  it("gives crypto up to 8 decimals and forex up to 5, trailing zeros trimmed", () => {
    assert.equal(formatPrice("0.000012340", { assetClass: "crypto" }), "0.00001234");
    assert.equal(formatPrice("64250.5", { assetClass: "crypto" }), "64,250.50");
    assert.equal(formatPrice("1.084500", { assetClass: "forex" }), "1.0845");
  });

  it("says so when there is no price", () => {
    assert.equal(formatPrice(null, { assetClass: "stock" }), "—");
  });
});

describe("counts, quantities, percentages, R and ratios", () => {
  it("puts thousands separators in counts and quantities", () => {
    assert.equal(formatCount(12000), "12,000");
    assert.equal(formatCount(0), "0");
    assert.equal(formatCount(null), "—");
    assert.equal(formatQuantity("1500"), "1,500");
    assert.equal(formatQuantity("0.12500000"), "0.125");
  });

  it("shows percentages with one decimal", () => {
    assert.equal(formatPercent(1 / 3), "33.3%");
    assert.equal(formatPercent(0.5), "50.0%");
    assert.equal(formatPercent(12.5), "1,250.0%");
    assert.equal(formatPercent(null), "—");
  });

  it("shows R with its sign and 2 decimals", () => {
    assert.equal(formatR("1.5"), "+1.50R");
    assert.equal(formatR(-0.756), "-0.76R");
    assert.equal(formatR(0), "0.00R");
    assert.equal(formatR(null), "—");
  });

  it("shows a ratio with 2 decimals, ∞ without a denominator", () => {
    assert.equal(formatRatio(1.755), "1.76");
    assert.equal(formatRatio(Infinity), "∞");
    assert.equal(formatRatio(null), "—");
  });
});

describe("formatPnlCompact", () => {
  it("keeps the sign and shortens thousands for a narrow cell", () => {
    assert.equal(formatPnlCompact(43), "+43");
    assert.equal(formatPnlCompact("-420.4"), "-420");
    assert.equal(formatPnlCompact(1234.5), "+1.2K");
    assert.equal(formatPnlCompact(-12_345), "-12.3K");
    assert.equal(formatPnlCompact(0.3), "0");
    assert.equal(formatPnlCompact(null), "—");
  });
});
