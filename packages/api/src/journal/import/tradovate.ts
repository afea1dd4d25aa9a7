// Tradovate "Orders" CSV (BROKERS.md): one row per order; only Filled orders executed. The file
// has no commissions, so they come from a per-contract fee table the member can override.
import { dec } from "../domain/decimal.ts";
import { FUTURES_MULTIPLIERS, futuresRoot } from "../domain/instruments.ts";
import { TRADOVATE_DEFAULT_FEES } from "../../constants.ts";
import type { CsvRecord } from "./csv.ts";
import { MAX_PRICE, readRow, requireColumns, RowProblem, rowReader } from "./rows.ts";
import type { ParsedFill, ParseOptions, ParseResult, RowError } from "./types.ts";

export const TRADOVATE_COLUMNS = [
  "orderId",
  "B/S",
  "Contract",
  "Product",
  "Status",
  "Fill Time",
  "Filled Qty",
  "Avg Fill Price",
] as const;

/** Reads a Tradovate Orders export; the execution id is the orderId (unique per account). */
export function parseTradovate(
  records: CsvRecord[],
  { timeZone, feesPerContract = {}, pointValues = {} }: ParseOptions,
): ParseResult {
  const [header, ...rows] = records;
  const index = requireColumns(header?.fields ?? [], TRADOVATE_COLUMNS, "Tradovate orders");
  const fees = { ...TRADOVATE_DEFAULT_FEES, ...feesPerContract };
  const fills: ParsedFill[] = [];
  const errors: ParseResult["errors"] = [];
  const warnings: RowError[] = [];
  let skipped = 0;
  for (const { line, fields } of rows) {
    const row = rowReader(fields, index);
    // Values carry a leading space in Tradovate's export (" Filled", " Buy").
    if (row.raw("Status").toLowerCase() !== "filled") {
      skipped += 1;
      continue;
    }
    const fill = readRow(line, errors, () => {
      const side = row.raw("B/S").toLowerCase();
      if (side !== "buy" && side !== "sell") throw new RowProblem("B/S", 'must be "Buy" or "Sell"');
      const symbol = row.raw("Product") ? row.symbol("Product") : futuresRoot(row.symbol("Contract"));
      const multiplier = FUTURES_MULTIPLIERS[symbol] ?? pointValues[symbol];
      // One contract we don't know must not stop the file: its rows are set aside, and said so.
      if (multiplier === undefined) {
        warnings.push({
          line,
          column: "Product",
          message: `set aside: we don't know the point value of ${symbol}, so its P&L cannot be computed`,
          futuresRoot: symbol,
        });
        return null;
      }
      const perContract = fees[symbol] ?? "0";
      if (fees[symbol] === undefined)
        warnings.push({
          line,
          column: "Product",
          message: `no fee per contract is set for ${symbol}: 0 used (set yours in the fees per contract)`,
        });
      const quantity = dec(row.amount("Filled Qty", { max: 100_000 })).abs();
      if (quantity.isZero()) throw new RowProblem("Filled Qty", "must not be 0 for a filled order");
      const executionId = row.raw("orderId");
      if (!executionId || executionId.length > 100)
        throw new RowProblem("orderId", "is required (at most 100 characters)");
      return {
        line,
        symbol,
        assetClass: "future",
        side,
        quantity: quantity.toString(),
        price: dec(row.amount("Avg Fill Price", { min: 0, max: MAX_PRICE })).toString(),
        fees: dec(perContract).times(quantity).toString(),
        executedAt: row.time("Fill Time", timeZone),
        executionId,
        multiplier: dec(multiplier).toString(),
        option: null,
      } satisfies ParsedFill;
    });
    if (fill) fills.push(fill);
  }
  // Orders filled in the same second keep the order Tradovate numbered them in.
  fills.sort(
    (a, b) =>
      a.executedAt.getTime() - b.executedAt.getTime() ||
      a.executionId.localeCompare(b.executionId, "en", { numeric: true }),
  );
  return {
    fills,
    errors,
    skipped: skipped + warnings.filter((w) => w.message.startsWith("set aside")).length,
    warnings,
  };
}

export { TRADOVATE_DEFAULT_FEES };
