import { describe, expect, it } from "vitest";
import { blackScholes, normalCdf } from "./black-scholes.ts";

describe("normalCdf", () => {
  it("matches the table values", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 7);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });
});

describe("blackScholes", () => {
  // Hull, Options, Futures and Other Derivatives, example 15.6: S 42, K 40, r 10 %, σ 20 %, 6 months.
  // d1 = (ln 1.05 + 0.12 × 0.5) / (0.2 × √0.5) = 0.7693, d2 = 0.6278; c = 4.76, p = 0.81.
  const hull = { spot: 42, strike: 40, years: 0.5, volatility: 0.2, rate: 0.1 } as const;

  it("prices Hull's example call and put", () => {
    const call = blackScholes({ type: "call", ...hull });
    const put = blackScholes({ type: "put", ...hull });
    expect(call.price).toBeCloseTo(4.7594, 4);
    expect(put.price).toBeCloseTo(0.8086, 4);
    expect(call.delta).toBeCloseTo(0.7791, 4); // N(0.7693)
    expect(put.delta).toBeCloseTo(-0.2209, 4);
    // γ = φ(d1) / (S σ √T) = 0.29665 / (42 × 0.2 × 0.70711) = 0.04996, the same for both.
    expect(call.gamma).toBeCloseTo(0.04996, 5);
    expect(put.gamma).toBeCloseTo(call.gamma, 12);
    // vega = S φ(d1) √T = 8.813 per unit of volatility: 0.0881 per point.
    expect(call.vega).toBeCloseTo(0.08813, 5);
  });

  it("gives Hull's greeks for the at-the-money example (S 49, K 50, r 5 %, σ 20 %, 20 weeks)", () => {
    const call = blackScholes({ type: "call", spot: 49, strike: 50, years: 0.3846, volatility: 0.2, rate: 0.05 });
    expect(call.delta).toBeCloseTo(0.522, 3);
    expect(call.gamma).toBeCloseTo(0.0655, 4);
    expect(call.theta * 365).toBeCloseTo(-4.31, 2); // per year in the book; we show per day
    expect(call.vega * 100).toBeCloseTo(12.1, 1);
  });

  it("keeps put–call parity: C − P = S − K e^(−rT)", () => {
    const call = blackScholes({ type: "call", ...hull });
    const put = blackScholes({ type: "put", ...hull });
    expect(call.price - put.price).toBeCloseTo(42 - 40 * Math.exp(-0.05), 10);
  });

  it("is worth its intrinsic value at expiry", () => {
    expect(blackScholes({ type: "call", ...hull, years: 0 })).toEqual({
      price: 2,
      delta: 1,
      gamma: 0,
      theta: 0,
      vega: 0,
    });
    expect(blackScholes({ type: "put", ...hull, years: 0 })).toEqual({
      price: 0,
      delta: 0,
      gamma: 0,
      theta: 0,
      vega: 0,
    });
  });
});
