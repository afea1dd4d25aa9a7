// Tradecraft's own CSV: one row per fill. Our export writes it, so an export imports back unchanged.
import { dec, decimalString } from "../domain/decimal.ts";
import { ASSET_CLASSES, type AssetClass, defaultMultiplier, futuresRoot } from "../domain/instruments.ts";
import type { CsvRecord } from "./csv.ts";
import { MAX_PRICE, readRow, requireColumns, RowProblem, rowReader } from "./rows.ts";
import type { ParsedFill, ParseOptions, ParseResult } from "./types.ts";

export const GENERIC_COLUMNS = [
  "account",
  "time",
  "symbol",
  "side",
  "quantity",
  "price",
  "fees",
  "asset_class",
  "multiplier",
  "execution_id",
] as const;
export const GENERIC_OPTION_COLUMNS = ["underlying", "expiry", "strike", "right"] as const;
/** Optional: "open" or "close" when known; a "close" with nothing open is a trade opened before the file. */
export const GENERIC_EFFECT_COLUMN = "effect";
/** Optional: the broker's order id; option legs of one order are grouped as one strategy. */
export const GENERIC_ORDER_COLUMN = "order_id";

export function parseGeneric(
  records: CsvRecord[],
  { timeZone }: ParseOptions,
  { decimalComma = false } = {},
): ParseResult {
  const [header, ...rows] = records;
  const index = requireColumns(
    header?.fields ?? [],
    GENERIC_COLUMNS.filter((c) => c !== "account" && c !== "multiplier"),
    "Tradecraft CSV",
  );
  const fills: ParsedFill[] = [];
  const errors: ParseResult["errors"] = [];
  for (const { line, fields } of rows) {
    const fill = readRow(line, errors, () => {
      const row = rowReader(fields, index, { decimalComma });
      const assetClass = row.raw("asset_class").toLowerCase() || "stock";
      if (!ASSET_CLASSES.includes(assetClass as AssetClass))
        throw new RowProblem("asset_class", `must be one of ${ASSET_CLASSES.join(", ")}`);
      const side = row.raw("side").toLowerCase();
      if (side !== "buy" && side !== "sell") throw new RowProblem("side", 'must be "buy" or "sell"');
      const executionId = row.raw("execution_id");
      if (!executionId || executionId.length > 100)
        throw new RowProblem(
          "execution_id",
          "is required (at most 100 characters), so a re-import can skip what it already has",
        );
      let option: ParsedFill["option"] = null;
      let symbol = row.symbol("symbol");
      if (assetClass === "option") {
        if (row.raw("underlying")) symbol = row.symbol("underlying");
        const expiry = row.raw("expiry");
        if (!/^\d{4}-\d{2}-\d{2}$/.test(expiry))
          throw new RowProblem("expiry", "must be a date like 2026-03-20 for an option");
        const right = row.raw("right").toLowerCase();
        const normalRight =
          right === "c" || right === "call" ? "call" : right === "p" || right === "put" ? "put" : null;
        if (!normalRight) throw new RowProblem("right", 'must be "call" or "put" for an option');
        option = {
          expiry,
          strike: dec(row.amount("strike", { min: 0, max: MAX_PRICE })).toString(),
          right: normalRight,
        };
      }
      // Futures are journaled under their root (MESH6 → MES), like an option under its underlying.
      if (assetClass === "future") symbol = futuresRoot(symbol);
      const multiplier =
        row.optionalAmount("multiplier", { min: 0.0001, max: 1_000_000 }) ??
        defaultMultiplier(assetClass as AssetClass, symbol)?.toString();
      if (!multiplier) throw new RowProblem("multiplier", `is needed for ${symbol}: we don't know its point value`);
      const effect = row.raw(GENERIC_EFFECT_COLUMN).toLowerCase();
      if (effect !== "" && effect !== "open" && effect !== "close")
        throw new RowProblem(GENERIC_EFFECT_COLUMN, 'must be "open", "close" or empty');
      const quantity = decimalString(row.amount("quantity", { max: 100_000_000 })).replace(/^-/, "");
      if (quantity === "0") throw new RowProblem("quantity", "must not be 0");
      return {
        line,
        symbol,
        assetClass: assetClass as AssetClass,
        side,
        quantity,
        price: decimalString(row.amount("price", { min: 0, max: MAX_PRICE })),
        fees: decimalString(row.optionalAmount("fees") ?? "0").replace(/^-/, ""),
        executedAt: row.time("time", timeZone),
        executionId,
        multiplier: decimalString(multiplier),
        option,
        effect: effect === "open" || effect === "close" ? effect : null,
        orderId: row.raw(GENERIC_ORDER_COLUMN).slice(0, 100) || null,
      } satisfies ParsedFill;
    });
    if (fill) fills.push(fill);
  }
  return { fills, errors, skipped: 0 };
}

const escapeCsv = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Writes fills in the generic format (the journal's export). */
export function writeGeneric(fills: (Omit<ParsedFill, "line"> & { account: string })[]): string {
  const header = [...GENERIC_COLUMNS, ...GENERIC_OPTION_COLUMNS, GENERIC_EFFECT_COLUMN];
  const lines = fills.map((f) =>
    [
      f.account,
      f.executedAt.toISOString(),
      f.symbol,
      f.side,
      f.quantity,
      f.price,
      f.fees,
      f.assetClass,
      f.multiplier,
      f.executionId,
      f.option ? f.symbol : "",
      f.option?.expiry ?? "",
      f.option?.strike ?? "",
      f.option?.right ?? "",
      f.effect ?? "",
    ]
      .map((v) => escapeCsv(String(v)))
      .join(","),
  );
  return `${[header.join(","), ...lines].join("\n")}\n`;
}
