import { type Dec, dec } from "./decimal.ts";

import type { AssetClass } from "../../constants.ts";

export { ASSET_CLASSES, type AssetClass } from "../../constants.ts";

/** Point values of common futures, by root symbol (BROKERS.md). */
export const FUTURES_MULTIPLIERS: Record<string, number> = {
  ES: 50,
  MES: 5,
  NQ: 20,
  MNQ: 2,
  YM: 5,
  MYM: 0.5,
  RTY: 50,
  M2K: 5,
  CL: 1000,
  MCL: 100,
  GC: 100,
  MGC: 10,
  SI: 5000,
  ZB: 1000,
  ZN: 1000,
  "6E": 125000,
};

const MONTH_CODES = "FGHJKMNQUVXZ";

/** "MESZ5" or "ESH26" → "MES" / "ES": the root of a dated futures contract. */
export function futuresRoot(contract: string): string {
  const upper = contract.toUpperCase().replace(/^\//, "");
  const match = new RegExp(`^([A-Z0-9]{1,4}?)[${MONTH_CODES}]\\d{1,2}$`).exec(upper);
  const root = match?.[1];
  return root && root in FUTURES_MULTIPLIERS ? root : upper;
}

/**
 * The largest P&L, either way, one hand-entered trade may have: ±999,999 in general; futures get
 * ±99,999,999 because point values multiply (10 ES contracts over 2,000 points is $1,000,000).
 */
export function maxTradePnl(assetClass: AssetClass): number {
  return assetClass === "future" ? 99_999_999 : 999_999;
}

/** The contract multiplier: 1 for stocks, crypto and forex, 100 for equity options, the point value for futures. */
export function defaultMultiplier(assetClass: AssetClass, symbol: string): Dec | null {
  switch (assetClass) {
    case "option":
      return dec(100);
    case "future": {
      const value = FUTURES_MULTIPLIERS[futuresRoot(symbol)];
      return value === undefined ? null : dec(value);
    }
    default:
      return dec(1);
  }
}

/**
 * Symbols as stored: the underlying, upper-case, a letter or digit then letters, digits, ".", "/",
 * "-", "+" or "^", at most 16: classes and units (BRK.B, BF/B, XYZ.U), warrants (OXY-WS), rights
 * and indexes as brokers write them.
 */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9./+^-]{0,15}$/;
