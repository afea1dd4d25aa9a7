// Interactive Brokers Flex "Trade Confirmation" CSV (BROKERS.md).
import { type Dec, dec } from "../domain/decimal.ts";
import { type AssetClass, futuresRoot } from "../domain/instruments.ts";
import type { CsvRecord } from "./csv.ts";
import { MAX_PRICE, readRow, requireColumns, RowProblem, rowReader } from "./rows.ts";
import { instrumentKey, type OptionNotice, type ParsedFill, type ParseOptions, type ParseResult } from "./types.ts";

export const IBKR_COLUMNS = [
  "ClientAccountID",
  "Date/Time",
  "AssetClass",
  "Buy/Sell",
  "Symbol",
  "Quantity",
  "Price",
  "Commission",
  "TradeID",
] as const;
const ASSET: Record<string, AssetClass> = { STK: "stock", OPT: "option", FUT: "future", CRYPTO: "crypto" };

/** Proceeds are the cash before commission (Price may be rounded): the price is Proceeds per unit, when given. */
function priceFromProceeds(price: string, proceeds: string | null, quantity: Dec, multiplier: string): string {
  if (proceeds === null || dec(proceeds).isZero()) return dec(price).toString();
  return dec(proceeds).abs().dividedBy(quantity.times(multiplier)).toDecimalPlaces(8).toString();
}

/** Code Ep: an option expired; A: assigned; Ex: exercised (the shares delivered are rows of their own). */
function optionEnd(code: string): OptionNotice["kind"] | null {
  const codes = new Set(code.split(/[;,\s]+/));
  return codes.has("Ep") ? "expiration" : codes.has("A") ? "assignment" : codes.has("Ex") ? "exercise" : null;
}

/** "BUY (Ca.)" and "SELL (Ca.)": a cancelled execution (so is Code Ca). */
const CANCELLED = /\s*\(CA\.?\)\s*$/i;

/**
 * Takes out each execution a cancel row cancels, with its commission: the one of the same trade id
 * (IBKR may reuse it for the execution booked again), else of the same instrument, side, quantity
 * and price, before the cancel. Returns the rows taken out (cancels and cancelled).
 */
function removeCancelled(fills: ParsedFill[], cancels: ParsedFill[], errors: ParseResult["errors"]): number {
  let removed = 0;
  for (const cancel of cancels) {
    const same = (f: ParsedFill) =>
      instrumentKey(f) === instrumentKey(cancel) && f.side === cancel.side && dec(f.quantity).equals(cancel.quantity);
    const before = fills.filter((f) => f.line < cancel.line && same(f));
    const target =
      before.find((f) => f.executionId === cancel.executionId) ?? before.find((f) => dec(f.price).equals(cancel.price));
    if (!target) {
      errors.push({
        line: cancel.line,
        column: "Buy/Sell",
        message: "cancels an execution that is not in this file: export the period that holds it too",
      });
      continue;
    }
    fills.splice(fills.indexOf(target), 1);
    removed += 2;
  }
  return removed;
}

/** Code "O" opens, "C" closes; "C;O" (a fill through zero) or no code says nothing we can use. */
function positionEffect(code: string): ParsedFill["effect"] {
  const codes = new Set(code.toUpperCase().split(/[;,\s]+/));
  if (codes.has("O") === codes.has("C")) return null;
  return codes.has("O") ? "open" : "close";
}

export function parseIbkr(records: CsvRecord[], { timeZone }: ParseOptions): ParseResult {
  const [header, ...rows] = records;
  const index = requireColumns(header?.fields ?? [], IBKR_COLUMNS, "Interactive Brokers Flex");
  const fills: ParsedFill[] = [];
  const errors: ParseResult["errors"] = [];
  let skipped = 0;
  const notices: OptionNotice[] = [];
  const cancels: ParsedFill[] = [];
  const currencies = new Map<string, number>();
  for (const { line, fields } of rows) {
    const row = rowReader(fields, index);
    const code = row.raw("AssetClass").toUpperCase();
    // Flex files repeat their header per section; CASH rows are currency conversions.
    if (code === "ASSETCLASS" || code === "CASH") {
      skipped += 1;
      continue;
    }
    const fill = readRow(line, errors, () => {
      const assetClass = ASSET[code];
      if (!assetClass) throw new RowProblem("AssetClass", `"${code}" is not STK, OPT, FUT or CASH`);
      const side = row.raw("Buy/Sell").toUpperCase().replace(CANCELLED, "");
      if (side !== "BUY" && side !== "SELL") throw new RowProblem("Buy/Sell", 'must be "BUY" or "SELL"');
      const symbol =
        assetClass === "option" && row.raw("UnderlyingSymbol") ? row.symbol("UnderlyingSymbol") : row.symbol("Symbol");
      let option: ParsedFill["option"] = null;
      if (assetClass === "option") {
        const expiry = row.raw("Expiry");
        const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(expiry);
        if (!m) throw new RowProblem("Expiry", "must be a date (YYYYMMDD) for an option");
        const pc = row.raw("Put/Call").toUpperCase();
        if (pc !== "P" && pc !== "C") throw new RowProblem("Put/Call", 'must be "P" or "C" for an option');
        option = {
          expiry: `${m[1]}-${m[2]}-${m[3]}`,
          strike: dec(row.amount("Strike", { min: 0, max: MAX_PRICE })).toString(),
          right: pc === "C" ? "call" : "put",
        };
      }
      const quantity = dec(row.amount("Quantity")).abs();
      if (quantity.isZero()) throw new RowProblem("Quantity", "must not be 0");
      const executionId = row.raw("TradeID");
      if (!executionId) throw new RowProblem("TradeID", "is empty");
      const multiplier = row.optionalAmount("Multiplier", { min: 0.0001 }) ?? (assetClass === "option" ? "100" : "1");
      return {
        line,
        // Futures are journaled under their root (MESH6 → MES), options under their underlying.
        symbol: assetClass === "future" ? futuresRoot(symbol) : symbol.replace(/\s.*$/, ""),
        assetClass,
        side: side === "BUY" ? "buy" : "sell",
        quantity: quantity.toString(),
        price: priceFromProceeds(
          row.amount("Price", { min: 0, max: MAX_PRICE }),
          row.optionalAmount("Proceeds"),
          quantity,
          multiplier,
        ),
        // IBKR prints commissions as negative numbers.
        fees: dec(row.optionalAmount("Commission") ?? "0")
          .abs()
          .toString(),
        executedAt: row.time("Date/Time", timeZone),
        executionId,
        multiplier: dec(multiplier).toString(),
        option,
        effect: positionEffect(row.raw("Code")),
        // Optional Flex fields: a combo order's legs share the order id (option strategies group by it).
        orderId: row.raw("IBOrderID") || row.raw("OrderID") || null,
      } satisfies ParsedFill;
    });
    const currency = row.raw("CurrencyPrimary").toUpperCase();
    if (fill && currency && !currencies.has(currency)) currencies.set(currency, line);
    if (
      fill &&
      (CANCELLED.test(row.raw("Buy/Sell")) ||
        row
          .raw("Code")
          .split(/[;,\s]+/)
          .includes("Ca"))
    )
      cancels.push(fill);
    else if (fill) {
      fills.push(fill);
      const end = fill.option ? optionEnd(row.raw("Code")) : null;
      if (end && fill.option) {
        const series = `${fill.symbol} ${fill.option.expiry} ${fill.option.strike} ${fill.option.right}`;
        notices.push({
          line,
          kind: end,
          symbol: fill.symbol,
          description: `${fill.quantity} ${series} ${end === "expiration" ? "expired" : end === "assignment" ? "assigned" : "exercised"}: closed at ${fill.price}${end === "expiration" ? "" : "; the shares are the file's own row"}`,
        });
      }
    }
  }
  skipped += removeCancelled(fills, cancels, errors);
  return {
    fills,
    errors,
    skipped,
    notices,
    currencies: [...currencies].map(([currency, line]) => ({ currency, line })),
  };
}
