import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unpackNetsAndRs } from "./packed-trades.ts";

describe("unpackNetsAndRs", () => {
  it("reads cents and the R multiples that are known", () => {
    expect(unpackNetsAndRs("-95000,-1.9000;12,0.0000;300;7,12.3456")).toEqual({
      netCents: [-95000, 12, 300, 7],
      rMultiples: [-1.9, 0, 12.3456],
    });
    expect(unpackNetsAndRs(null)).toEqual({ netCents: [], rMultiples: [] });
    expect(unpackNetsAndRs("")).toEqual({ netCents: [], rMultiples: [] });
  });

  it("drops an R that is not a finite number and hands odd text to Number()", () => {
    expect(unpackNetsAndRs("1,NaN;2,Infinity;3,1e2")).toEqual({ netCents: [1, 2, 3], rMultiples: [100] });
    // Past 2^53 the digit-by-digit mantissa would round; Number() reads it instead.
    expect(unpackNetsAndRs("1,123456789012345678.9012").rMultiples).toEqual([Number("123456789012345678.9012")]);
  });

  it("gives exactly what split() and Number() give", () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }))
      .map(([negative, digits, scale]) => {
        const text = digits.toString().padStart(scale + 1, "0");
        return `${negative ? "-" : ""}${scale ? `${text.slice(0, -scale)}.${text.slice(-scale)}` : text}`;
      });
    const record = fc.tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.option(decimal));
    fc.assert(
      fc.property(fc.array(record, { maxLength: 50 }), (records) => {
        const packed = records.map(([net, r]) => (r === null ? `${net}` : `${net},${r}`)).join(";");
        expect(unpackNetsAndRs(packed)).toEqual({
          netCents: records.map(([net]) => net),
          rMultiples: records.flatMap(([, r]) => (r === null ? [] : [Number(r)])),
        });
      }),
    );
  });
});
