import { type Dec, dec } from "./decimal.ts";

import type { AssetClass } from "../../constants.ts";

export { ASSET_CLASSES, type AssetClass } from "../../constants.ts";

/**
 * Point values (dollars per 1.0 of the quoted price) of futures by root symbol: CME, CBOT, NYMEX,
 * COMEX, CFE and ICE US, e-mini and micro. Grains and softs quoted in cents: 5,000 bushels are $50
 * a cent.
 */
export const FUTURES_MULTIPLIERS: Record<string, number> = {
  // Equity indexes (CME, CBOT)
  ES: 50,
  MES: 5,
  NQ: 20,
  MNQ: 2,
  YM: 5,
  MYM: 0.5,
  RTY: 50,
  M2K: 5,
  EMD: 100,
  NKD: 5,
  // Crypto (CME)
  BTC: 5,
  MBT: 0.1,
  ETH: 50,
  MET: 0.1,
  // Energy (NYMEX)
  CL: 1000,
  MCL: 100,
  QM: 500,
  BZ: 1000,
  NG: 10000,
  QG: 2500,
  MNG: 1000,
  RB: 42000,
  HO: 42000,
  // Metals (COMEX, NYMEX)
  GC: 100,
  MGC: 10,
  QO: 50,
  SI: 5000,
  SIL: 1000,
  QI: 2500,
  HG: 25000,
  MHG: 2500,
  PL: 50,
  PA: 100,
  // Interest rates (CBOT, CME)
  ZB: 1000,
  UB: 1000,
  ZN: 1000,
  TN: 1000,
  ZF: 1000,
  ZT: 2000,
  SR3: 2500,
  // Currencies (CME)
  "6E": 125000,
  M6E: 12500,
  E7: 62500,
  "6J": 12500000,
  "6B": 62500,
  M6B: 6250,
  "6A": 100000,
  M6A: 10000,
  "6C": 100000,
  "6S": 125000,
  "6N": 100000,
  "6M": 500000,
  // Grains and oilseeds (CBOT), in cents
  ZC: 50,
  ZS: 50,
  ZW: 50,
  KE: 50,
  ZO: 50,
  ZL: 600,
  ZM: 100,
  XC: 10,
  XK: 10,
  XW: 10,
  // Livestock (CME), in cents a pound
  HE: 400,
  LE: 400,
  GF: 500,
  // Volatility (CFE)
  VX: 1000,
  VXM: 100,
  // ICE US
  DX: 1000,
  KC: 375,
  CT: 500,
  SB: 1120,
  CC: 10,
  OJ: 150,
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
