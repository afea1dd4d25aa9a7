import { describe, expect, it } from "vitest";
import { delayedSymbols, orderProblem } from "./limits.ts";

describe("watchlist rules", () => {
  it("accepts an order naming each held id once", () => {
    expect(orderProblem(["b", "a"], ["a", "b"], "lists")).toBeNull();
    expect(orderProblem(["a"], ["a", "b"], "lists")).toBe("The new order must name all 2 of your lists, each once.");
    expect(orderProblem(["a", "a"], ["a", "b"], "lists")).toBe("The new order names one of your lists twice.");
    expect(orderProblem(["a", "x"], ["a", "b"], "lists")).toMatch(/not yours/);
  });

  it("reads the delayed symbols from the service's warning", () => {
    expect(
      delayedSymbols([
        "Delayed: AAPL as of 14:02:11 UTC, BTC as of 14:03:00 UTC.",
        "Quotes unavailable right now: ES.",
      ]),
    ).toEqual(new Set(["AAPL", "BTC"]));
  });
});
