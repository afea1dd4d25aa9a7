import { describe, expect, it } from "vitest";
import { barRangeProblem, MarketSymbolSchema, SYMBOL_MESSAGE, TimespanSchema } from "./market.ts";

const DAY = 86_400_000;

describe("MarketSymbolSchema", () => {
  it("trims and upper-cases what members type", () => {
    expect(MarketSymbolSchema.parse("  aapl ")).toBe("AAPL");
    expect(MarketSymbolSchema.parse("x:btcusd")).toBe("X:BTCUSD");
    expect(MarketSymbolSchema.parse("brk.b")).toBe("BRK.B");
  });

  it.each(["", "   ", "AA PL", "AAPL!", "ABCDEFGHIJKLMNOPQ", "ÄPPLE", 42, null])(
    "refuses %j with the field message",
    (value) => {
      const result = MarketSymbolSchema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(SYMBOL_MESSAGE);
    },
  );
});

describe("bar ranges", () => {
  it("accepts ranges up to each timespan's limit and names the limit beyond it", () => {
    expect(barRangeProblem("minute", 0, 5 * DAY)).toBeNull();
    expect(barRangeProblem("minute", 0, 5 * DAY + 1)).toBe("Minute bars cover at most 5 days per request");
    expect(barRangeProblem("hour", 0, 90 * DAY)).toBeNull();
    expect(barRangeProblem("hour", 0, 91 * DAY)).toBe("Hour bars cover at most 90 days per request");
    expect(barRangeProblem("day", 0, 3653 * DAY)).toBeNull();
    expect(barRangeProblem("day", 0, 3654 * DAY)).toBe("Day bars cover at most 10 years per request");
  });

  it("refuses empty or reversed ranges", () => {
    expect(barRangeProblem("day", 10, 10)).toBe("The end must be after the start");
    expect(barRangeProblem("day", Number.NaN, 10)).toBe("Give a start and an end time");
    expect(TimespanSchema.safeParse("week").success).toBe(false);
  });
});
