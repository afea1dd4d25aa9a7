// Webull orders CSV (BROKERS.md): one row per order, newest first; only Filled orders executed.
// Filled Time ends in a zone abbreviation (EST/EDT). The file has no execution id, so one is derived.
import { dec } from "../domain/decimal.ts";
import type { CsvRecord } from "./csv.ts";
import { executionIds, oldestFirst } from "./execution-ids.ts";
import { MAX_PRICE, readRow, requireColumns, RowProblem, rowReader } from "./rows.ts";
import { instrumentKey, type ParsedFill, type ParseOptions, type ParseResult } from "./types.ts";

export const WEBULL_COLUMNS = ["Symbol", "Side", "Status", "Filled", "Avg Price", "Filled Time"] as const;
/** Fee columns some Webull exports add; summed when present. */
const FEE_COLUMNS = ["Commission", "Fee", "Fees", "Platform Fee"] as const;
/** An OCC option symbol as Webull writes it: SPY260320C00580000. */
const OCC = /^([A-Z]{1,6})(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/** Reads a Webull orders export, oldest first, with ids derived from each execution's details. */
export function parseWebull(records: CsvRecord[], { timeZone }: ParseOptions): ParseResult {
  const [header, ...rows] = records;
  const index = requireColumns(header?.fields ?? [], WEBULL_COLUMNS, "Webull orders");
  const read: { fill: Omit<ParsedFill, "executionId">; placed: string }[] = [];
  const errors: ParseResult["errors"] = [];
  let skipped = 0;
  for (const { line, fields } of rows) {
    // Prices come as "@187.50" in some columns.
    const row = rowReader(
      fields.map((f) => f.trim().replace(/^@/, "")),
      index,
    );
    if (row.raw("Status").toLowerCase() !== "filled") {
      skipped += 1;
      continue;
    }
    const fill = readRow(line, errors, () => {
      const sideText = row.raw("Side").toLowerCase();
      const side = sideText === "buy" ? "buy" : sideText === "sell" || sideText === "short" ? "sell" : null;
      if (!side) throw new RowProblem("Side", 'must be "Buy", "Sell" or "Short"');
      const raw = row.raw("Symbol").toUpperCase();
      const occ = OCC.exec(raw);
      const option: ParsedFill["option"] = occ
        ? {
            expiry: `20${occ[2]}-${occ[3]}-${occ[4]}`,
            strike: dec(occ[6]!).dividedBy(1000).toString(),
            right: occ[5] === "C" ? "call" : "put",
          }
        : null;
      const quantity = dec(row.amount("Filled", { max: 100_000_000 })).abs();
      if (quantity.isZero()) throw new RowProblem("Filled", "must not be 0 for a filled order");
      let fees = dec(0);
      for (const column of FEE_COLUMNS) fees = fees.plus(dec(row.optionalAmount(column) ?? "0").abs());
      return {
        line,
        symbol: occ ? occ[1]! : row.symbol("Symbol"),
        assetClass: option ? "option" : "stock",
        side,
        quantity: quantity.toString(),
        price: dec(row.amount("Avg Price", { min: 0, max: MAX_PRICE })).toString(),
        fees: fees.toString(),
        executedAt: row.time("Filled Time", timeZone),
        multiplier: option ? "100" : "1",
        option,
        // Webull sells shares short as "Short": a stock "Sell" only closes. (An option "Sell" may open.)
        effect: sideText === "short" ? "open" : sideText === "sell" && !option ? "close" : null,
      } satisfies Omit<ParsedFill, "executionId">;
    });
    if (fill) read.push({ fill, placed: row.raw("Placed Time") });
  }
  // Ids are counted oldest first, so a later export that repeats these rows gives them the same ids.
  const id = executionIds("webull");
  const fills = oldestFirst(read, (r) => r.fill.executedAt.getTime()).map(({ fill, placed }) => ({
    ...fill,
    executionId: id(fill.executedAt.toISOString(), instrumentKey(fill), fill.side, fill.quantity, fill.price, placed),
  }));
  return { fills, errors, skipped };
}
