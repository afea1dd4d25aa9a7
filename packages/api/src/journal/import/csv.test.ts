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
    expect(() => parseCsv('a,b\r\n1,2\r\n\r\n3,"oops\r\n4,5')).toThrow(
      new CsvError("a quoted field is never closed", 4),
    );
  });

  it("keeps line numbers after quoted line breaks written as CRLF, and after blank and separator-only rows", () => {
    const text = 'a,b,c\r\n1,"two\r\nlines\r\nhere",x\r\n,,,\r\n\r\n2,y,z\r\n  , , \r\n3,"q",r\r\n';
    expect(parseCsv(text).records.map((r) => [r.line, r.fields[0]])).toEqual([
      [1, "a"],
      [2, "1"],
      [7, "2"],
      [9, "3"],
    ]);
  });

  it("skips separator-only rows and keeps trailing empty columns as empty fields", () => {
    const text = "Date,Symbol,Qty,,,\n,,,,,,\n2026-03-02,AAPL,10,,,\n,,,,,,\n";
    expect(parseCsv(text).records).toEqual([
      { line: 1, fields: ["Date", "Symbol", "Qty", "", "", ""] },
      { line: 3, fields: ["2026-03-02", "AAPL", "10", "", "", ""] },
    ]);
  });

  it("reads quotes inside an unquoted field as text, and spaces around a quoted field", () => {
    expect(parseCsv('a,b\n5" screen, "x, y" \n').records[1]!.fields).toEqual(['5" screen', "x, y"]);
  });

  it("refuses a NUL byte or an unpaired surrogate with its line and column", () => {
    expect(() => parseCsv("a,b,c\n1,2,3\n4,x\u0000y,6\n")).toThrow(
      /^Line 3, column 2: holds a character that is not text/,
    );
    expect(() => parseCsv("a,b,c\n1,2,\uD83D\n")).toThrow(/^Line 2, column 3: /);
    expect(() => parseCsv('a,b\n"multi\nline",\uDC00z\n')).toThrow(/^Line 2, column 2: /);
    // A surrogate pair is a character (an emoji), not a problem.
    expect(parseCsv("a,b\n\uD83D\uDE00,1\n").records[1]!.fields).toEqual(["\uD83D\uDE00", "1"]);
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
