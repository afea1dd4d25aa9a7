import { describe, expect, it } from "vitest";
import { summarizeOptionsChain } from "./options-summary.ts";
import type { OptionContract, OptionsChain } from "./types.ts";

const contract = (
  expiration: string,
  type: "call" | "put",
  strike: number,
  iv: number | null,
  gamma: number | null,
  openInterest: number,
): OptionContract => ({
  ticker: `O:SPY${expiration}${type}${strike}`,
  type,
  strike,
  expiration,
  bid: null,
  ask: null,
  last: null,
  impliedVolatility: iv,
  delta: null,
  gamma,
  theta: null,
  vega: null,
  openInterest,
  volume: null,
});

describe("summarizeOptionsChain", () => {
  // Friday 6 March 2026, 10:00 in New York.
  const now = Date.parse("2026-03-06T15:00:00Z");
  const chain = {
    underlying: "SPY",
    underlyingPrice: 100,
    at: now,
    contracts: [
      contract("2026-03-05", "call", 100, 9, 1, 999), // expired yesterday: left out
      contract("2026-03-06", "call", 100, 0.3, 0.05, 1000),
      contract("2026-03-06", "put", 100, 0.34, 0.04, 1500),
      contract("2026-03-06", "call", 105, 0.28, 0.02, 500),
      contract("2026-03-13", "put", 95, 0.4, 0.01, 2000),
      contract("2026-03-13", "call", 110, 0.25, null, 100), // no gamma: open interest only
    ],
  };

  it("ATM IV, put/call open interest, gamma exposure by strike and 0DTE, by hand", () => {
    // ATM: strike 100 on the nearest expiration (today): (0.30 + 0.34) / 2 = 0.32.
    // OI: puts 1,500 + 2,000 = 3,500; calls 1,000 + 500 + 100 = 1,600 → 2.1875.
    // GEX = gamma × OI × 100 × 100² × 1 % = gamma × OI × 10,000: strike 100: 500,000 - 600,000;
    // 105: +100,000; 95: -200,000 (a put); total -200,000.
    expect(summarizeOptionsChain(chain, now)).toEqual({
      underlying: "SPY",
      underlyingPrice: 100,
      nearestExpiration: "2026-03-06",
      atmImpliedVolatility: 0.32,
      atmStrike: 100,
      putCallOpenInterestRatio: 2.1875,
      totalGammaExposure: -200000,
      gammaExposureByStrike: [
        { strike: 95, gammaExposure: -200000 },
        { strike: 100, gammaExposure: -100000 },
        { strike: 105, gammaExposure: 100000 },
      ],
      hasZeroDte: true,
      zeroDteContracts: 3,
    });
  });

  it("without the underlying's price: no ATM and no gamma; a week later nothing expires today", () => {
    const summary = summarizeOptionsChain({ ...chain, underlyingPrice: null }, Date.parse("2026-03-09T15:00:00Z"));
    expect(summary).toMatchObject({
      nearestExpiration: "2026-03-13",
      atmImpliedVolatility: null,
      totalGammaExposure: null,
      gammaExposureByStrike: [],
      hasZeroDte: false,
      // Only the 13 March contracts are left: puts 2,000, calls 100.
      putCallOpenInterestRatio: 20,
    });
  });
});

// More hand-computed cases: GEX by strike with an expired contract and a missing gamma.
const TUESDAY = Date.UTC(2026, 2, 10, 15); // 11:00 in New York
// The same builder as above, with this block's argument order.
const option = (
  type: "call" | "put",
  expiration: string,
  strike: number,
  gamma: number | null,
  openInterest: number,
  iv: number,
) => contract(expiration, type, strike, iv, gamma, openInterest);

// Spot 100, so each contract's GEX is gamma × OI × 100 × 100² × 0.01 = gamma × OI × 10,000.
const chain: OptionsChain = {
  underlying: "SPY",
  underlyingPrice: 100,
  at: TUESDAY,
  contracts: [
    option("call", "2026-03-10", 100, 0.05, 1000, 0.3), // +500,000
    option("put", "2026-03-10", 100, 0.05, 2000, 0.32), // −1,000,000
    option("call", "2026-03-13", 100, 0.03, 500, 0.25), // +150,000
    option("put", "2026-03-13", 100, 0.03, 1500, 0.27), // −450,000
    option("call", "2026-03-13", 105, 0.02, 3000, 0.22), // +600,000
    option("put", "2026-03-13", 95, 0.01, 2500, 0.3), // −250,000
    option("call", "2026-03-13", 110, null, 700, 0.2), // no gamma: in the OI, not in GEX
    option("call", "2026-03-06", 100, 0.9, 9999, 0.9), // expired last week: left out
  ],
};

// More cases for options-summary.ts, computed by hand: expired contracts, missing gamma, New York's date.
describe("summarizeOptionsChain, by hand", () => {
  it("computes GEX by strike and in total, calls positive and puts negative", () => {
    const summary = summarizeOptionsChain(chain, TUESDAY);
    expect(summary.gammaExposureByStrike).toEqual([
      { strike: 95, gammaExposure: -250_000 },
      { strike: 100, gammaExposure: -800_000 }, // 500,000 − 1,000,000 + 150,000 − 450,000
      { strike: 105, gammaExposure: 600_000 },
    ]);
    expect(summary.totalGammaExposure).toBe(-450_000);
  });

  it("gives the put/call open-interest ratio and the ATM volatility at the nearest expiration", () => {
    const summary = summarizeOptionsChain(chain, TUESDAY);
    // Puts 2000 + 1500 + 2500 = 6000 over calls 1000 + 500 + 3000 + 700 = 5200 (the expired call left out).
    expect(summary.putCallOpenInterestRatio).toBe(1.1538);
    expect(summary.nearestExpiration).toBe("2026-03-10");
    expect([summary.atmStrike, summary.atmImpliedVolatility]).toEqual([100, 0.31]); // (0.30 + 0.32) / 2
    expect(summary.zeroDteContracts).toBe(2);
  });

  it("flags 0DTE by New York's date, not UTC's", () => {
    expect(summarizeOptionsChain(chain, TUESDAY).hasZeroDte).toBe(true);
    // 01:00 UTC on the 11th is still the 10th in New York (20:00 EDT).
    expect(summarizeOptionsChain(chain, Date.UTC(2026, 2, 11, 1)).hasZeroDte).toBe(true);
    expect(summarizeOptionsChain(chain, Date.UTC(2026, 2, 11, 5)).hasZeroDte).toBe(false);
  });

  it("reports no GEX without an underlying price, and no ratio without calls", () => {
    const summary = summarizeOptionsChain(
      { ...chain, underlyingPrice: null, contracts: chain.contracts.filter((c) => c.type === "put") },
      TUESDAY,
    );
    expect(summary).toMatchObject({
      gammaExposureByStrike: [],
      totalGammaExposure: null,
      putCallOpenInterestRatio: null,
      atmImpliedVolatility: null,
    });
  });
});
