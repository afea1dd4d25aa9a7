import { describe, expect, it } from "vitest";
import { bucketWidth, histogram } from "./distribution.ts";

describe("histogram bands", () => {
  it("uses round widths", () => {
    expect(bucketWidth(1000, 10)).toBe(100);
    expect(bucketWidth(930, 10)).toBe(100);
    expect(bucketWidth(7, 12)).toBe(1);
    expect(bucketWidth(0)).toBe(1);
  });

  it("counts trade P&L in bands with 0 as an edge, so no band mixes wins and losses", () => {
    // −21 and 43 over 64 → width 10 (at most 11 bands): −30..−20, −20..−10, …, 40..50.
    const buckets = histogram([-21, 43, 5, 0, -0.5], 12);
    expect(buckets.map((b) => [b.from, b.to, b.count])).toEqual([
      [-30, -20, 1],
      [-20, -10, 0],
      [-10, 0, 1],
      [0, 10, 2],
      [10, 20, 0],
      [20, 30, 0],
      [30, 40, 0],
      [40, 50, 1],
    ]);
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(5);
  });

  it("bands R multiples by fractions of R", () => {
    expect(histogram([-1, -1, 0.5, 2.4], 12).map((b) => [b.from, b.count])).toEqual([
      [-1, 2],
      [-0.5, 0],
      [0, 0],
      [0.5, 1],
      [1, 0],
      [1.5, 0],
      [2, 1],
    ]);
  });

  it("is empty without values, and runs from 0 for a single value", () => {
    expect(histogram([])).toEqual([]);
    expect(histogram([Number.NaN])).toEqual([]);
    const one = histogram([40]);
    expect(one[0]).toEqual({ from: 0, to: 5, count: 0 });
    expect(one.at(-1)).toEqual({ from: 40, to: 45, count: 1 });
  });

  it("reads values through a divisor exactly as their divided copies (cents as dollars), skipping what is not finite", () => {
    const cents = [-95_000, -1, 0, 29, 57, 1_099, 250_000, 99_999, -33_333, Number.NaN, Number.POSITIVE_INFINITY];
    const dollars = cents.map((c) => c / 100);
    expect(histogram(cents, 12, 100)).toEqual(histogram(dollars));
    expect(histogram(cents, 12, 100).reduce((n, b) => n + b.count, 0)).toBe(9);
    // A value on an edge falls in the band it starts: 0.29 of width 0.01 is not 0.28999…
    expect(histogram([29, 30, 31], 12, 100)).toEqual(histogram([0.29, 0.3, 0.31]));
  });
});
