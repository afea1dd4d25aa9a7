import { describe, expect, it } from "vitest";
import { summarizeOptionsChain } from "./options-summary.ts";
import type { OptionContract } from "./types.ts";

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
