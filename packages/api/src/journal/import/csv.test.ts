import { describe, expect, it } from "vitest";
import { CsvError, detectDelimiter, parseAmount, parseCsv } from "./csv.ts";

describe("CSV", () => {
  it("reads quoted fields with separators, quotes and line breaks, and keeps each record's line", () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,"multi\nline",z\n';
    expect(parseCsv(text).records).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "x, y", 'say "hi"'] },
      { line: 4, fields: ["2", "multi\nline", "z"] },
    ]);
  });

  it("ignores a byte order mark and detects semicolons and tabs", () => {
    const semi = "\uFEFFsymbol;qty\nAAPL;1,5\n";
    expect(detectDelimiter(semi.slice(1))).toBe(";");
    expect(parseCsv(semi).records[0]!.fields).toEqual(["symbol", "qty"]);
    expect(parseCsv("a\tb\n1\t2").records[1]!.fields).toEqual(["1", "2"]);
  });

  it("names the line of an unclosed quote", () => {
    expect(() => parseCsv('a,b\n1,"oops\n2,3')).toThrow(new CsvError("a quoted field is never closed", 2));
  });
});

describe("amounts", () => {
  it.each([
    ["1,234.56", "1234.56"],
    ["$1,234.56", "1234.56"],
    ["($1,234.56)", "-1234.56"],
    ["-0.50", "-0.50"],
    ["+12", "12"],
    [".5", "0.5"],
    ["-$3.10", "-3.10"],
    ["0", "0"],
  ])("%s is %s", (raw, expected) => {
    expect(parseAmount(raw)).toBe(expected);
  });

  it("reads a decimal comma when told", () => {
    expect(parseAmount("1.234,56", { decimalComma: true })).toBe("1234.56");
    expect(parseAmount("0,5", { decimalComma: true })).toBe("0.5");
  });

  it("refuses what is not a number", () => {
    for (const bad of ["", "abc", "1,23,4", "12.3.4", "1e5", "--"]) expect(parseAmount(bad), bad).toBeNull();
  });
});
