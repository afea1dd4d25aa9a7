import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dec, decimalString } from "./decimal.ts";

describe("decimalString", () => {
  it("prints a plain decimal as Decimal does", () => {
    expect(decimalString("-0012.3400")).toBe("-12.34");
    expect(decimalString("0.000")).toBe("0");
    expect(decimalString("-0")).toBe("0");
    expect(decimalString("0.000001")).toBe("0.000001");
    expect(decimalString("0.0000001")).toBe("1e-7");
    expect(decimalString("123456789012345678901234")).toBe("1.23456789012345678901234e+23");
  });

  it("agrees with dec(text).toString() on any plain decimal", () => {
    const plain = fc
      .tuple(fc.constantFrom("", "-"), fc.stringMatching(/^\d{1,12}$/), fc.option(fc.stringMatching(/^\d{0,12}$/)))
      .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === null ? "" : `.${fraction}`}`);
    fc.assert(
      fc.property(plain, (text) => {
        expect(decimalString(text)).toBe(dec(text).toString());
      }),
      { numRuns: 2000 },
    );
  });
});
