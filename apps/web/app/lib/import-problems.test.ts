// Runs with `pnpm --filter @tradecraft/web test` (node:test through tsx).
import assert from "node:assert/strict";
import { it } from "node:test";
import { problemsCsv, problemsCsvHref } from "./import-problems.ts";

it("writes one CSV row a problem, quoting commas and quotes and defusing formulas", () => {
  assert.equal(
    problemsCsv([
      { line: 4, column: "price", message: 'Price "abc" is not a number, check it' },
      { line: 7, message: "=HYPERLINK(1) is not a symbol" },
    ]),
    'line,column,problem\r\n4,price,"Price ""abc"" is not a number, check it"\r\n7,,\'=HYPERLINK(1) is not a symbol\r\n',
  );
});

it("gives a data link that decodes back to the CSV", () => {
  const rows = [{ line: 2, column: "time", message: "Dated 2027-01-05, after today" }];
  const href = problemsCsvHref(rows);
  assert.ok(href.startsWith("data:text/csv;charset=utf-8,"));
  assert.equal(decodeURIComponent(href.slice("data:text/csv;charset=utf-8,".length)), problemsCsv(rows));
});
