import { describe, expect, it } from "vitest";
import { delayedSymbols, moved, orderProblem, sparklinePoints } from "./limits.ts";

describe("watchlist rules", () => {
  it("accepts an order naming each held id once", () => {
    expect(orderProblem(["b", "a"], ["a", "b"], "lists")).toBeNull();
    expect(orderProblem(["a"], ["a", "b"], "lists")).toBe("The new order must name all 2 of your lists, each once.");
    expect(orderProblem(["a", "a"], ["a", "b"], "lists")).toBe("The new order names one of your lists twice.");
    expect(orderProblem(["a", "x"], ["a", "b"], "lists")).toMatch(/not yours/);
  });

  it("moves an id up or down, leaving the ends alone", () => {
    expect(moved(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moved(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moved(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });

  it("reads the delayed symbols from the service's warning", () => {
    expect(
      delayedSymbols([
        "Delayed: AAPL as of 14:02:11 UTC, BTC as of 14:03:00 UTC.",
        "Quotes unavailable right now: ES.",
      ]),
    ).toEqual(new Set(["AAPL", "BTC"]));
  });

  it("draws a series in its box, highest at the top", () => {
    expect(sparklinePoints([1, 3, 2], 100, 20)).toBe("0,20 50,0 100,10");
    expect(sparklinePoints([5, 5], 10, 20)).toBe("0,10 10,10");
    expect(sparklinePoints([5], 10, 20)).toBe("");
  });
});
