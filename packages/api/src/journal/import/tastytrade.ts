// Tastytrade history CSV (BROKERS.md): newest first; Type "Trade" rows are executions, the rest
// (Money Movement, Receive Deliver…) are skipped. Money columns are signed: debits, commissions
// and fees are negative. Average Price is per contract (an option's includes its multiplier).
import { dec } from "../domain/decimal.ts";
import { type AssetClass, FUTURES_MULTIPLIERS, futuresRoot } from "../domain/instruments.ts";
import type { CsvRecord } from "./csv.ts";
import { executionIds, oldestFirst } from "./execution-ids.ts";
import { MAX_PRICE, readRow, requireColumns, RowProblem, rowReader } from "./rows.ts";
import { instrumentKey, type OptionNotice, type ParsedFill, type ParseOptions, type ParseResult } from "./types.ts";

export const TASTYTRADE_COLUMNS = [
  "Date",
  "Type",
  "Action",
  "Symbol",
  "Instrument Type",
  "Quantity",
  "Average Price",
  "Commissions",
  "Fees",
  "Multiplier",
  "Underlying Symbol",
  "Expiration Date",
  "Strike Price",
  "Call or Put",
] as const;
const ASSET: Record<string, AssetClass> = {
  EQUITY: "stock",
  "EQUITY OPTION": "option",
  FUTURE: "future",
  CRYPTOCURRENCY: "crypto",
};
const ACTION: Record<string, "buy" | "sell"> = {
  BUY_TO_OPEN: "buy",
  BUY_TO_CLOSE: "buy",
  BUY: "buy",
  SELL_TO_OPEN: "sell",
  SELL_TO_CLOSE: "sell",
  SELL: "sell",
};

/** Reads a Tastytrade history export: its trades oldest first, with ids derived from each execution. */
export function parseTastytrade(records: CsvRecord[], { timeZone }: ParseOptions): ParseResult {
  const [header, ...rows] = records;
  const index = requireColumns(header?.fields ?? [], TASTYTRADE_COLUMNS, "Tastytrade history");
  const read: Read[] = [];
  const errors: ParseResult["errors"] = [];
  const currencies = new Map<string, number>();
  let skipped = 0;
  for (const { line, fields } of rows) {
    const row = rowReader(
      // "--" stands for no commission.
      fields.map((f) => (f.trim() === "--" ? "" : f)),
      index,
    );
    const type = row.raw("Type").toLowerCase();
    // The older tastyworks layout has no Sub Type: the Description names a removal, the Action a delivery.
    const subType = row.raw("Sub Type").toLowerCase() || legacySubType(row.raw("Description"), row.raw("Action"));
    // Receive Deliver rows remove an option at expiration, assignment or exercise, and deliver the shares.
    const lifecycle =
      type === "receive deliver" ? (LIFECYCLE[subType] ?? (DELIVERY.has(subType) ? "delivery" : undefined)) : null;
    if (type !== "trade" && !lifecycle) {
      skipped += 1;
      continue;
    }
    const fill = readRow(line, errors, () => {
      const action = row.raw("Action").toUpperCase().replace(/\s+/g, "_");
      // An older file's removal has no Action: its side is the one that closes the position (below).
      const side = ACTION[action] ?? (lifecycle && lifecycle !== "delivery" && !action ? "sell" : undefined);
      if (!side) throw new RowProblem("Action", "must be BUY_TO_OPEN, SELL_TO_CLOSE, SELL_TO_OPEN or BUY_TO_CLOSE");
      const assetClass = ASSET[row.raw("Instrument Type").toUpperCase()];
      if (!assetClass)
        throw new RowProblem(
          "Instrument Type",
          `"${row.raw("Instrument Type").slice(0, 30)}" is not Equity, Equity Option, Future or Cryptocurrency`,
        );
      const quantity = dec(row.amount("Quantity", { max: 100_000_000 })).abs();
      if (quantity.isZero()) throw new RowProblem("Quantity", "must not be 0");
      const fileMultiplier = dec(
        row.optionalAmount("Multiplier", { min: 0.0001, max: 1_000_000 }) ?? (assetClass === "option" ? "100" : "1"),
      );
      let symbol: string;
      let multiplier = fileMultiplier;
      let option: ParsedFill["option"] = null;
      let price;
      if (assetClass === "future") {
        // A future's Average Price is no price (futures settle daily): the Description has it.
        symbol = futuresRoot(row.raw("Root Symbol") ? row.symbol("Root Symbol") : row.symbol("Symbol"));
        const pointValue = FUTURES_MULTIPLIERS[symbol];
        if (pointValue !== undefined) multiplier = dec(pointValue);
        const at = /@\s*([\d,]*\.?\d+)/.exec(row.raw("Description"));
        if (!at) throw new RowProblem("Description", 'has no "@ price" for this future');
        price = dec(at[1]!.replace(/,/g, ""));
      } else {
        // Value is the cash of the execution before commissions and fees; Average Price is rounded.
        const value = row.optionalAmount("Value");
        price = (
          value !== null && (!dec(value).isZero() || lifecycle)
            ? dec(value).abs().dividedBy(quantity)
            : dec(row.amount("Average Price")).abs()
        )
          .dividedBy(fileMultiplier)
          .toDecimalPlaces(8);
        symbol = assetClass === "option" ? row.symbol("Underlying Symbol") : row.symbol("Symbol");
      }
      if (price.greaterThan(MAX_PRICE))
        throw new RowProblem("Average Price", `must be at most ${MAX_PRICE.toLocaleString("en-US")}`);
      if (assetClass === "option") {
        const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(row.raw("Expiration Date"));
        if (!m) throw new RowProblem("Expiration Date", "must be a date like 3/20/26 for an option");
        const year = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
        const right = row.raw("Call or Put").toUpperCase();
        if (!["CALL", "PUT", "C", "P"].includes(right))
          throw new RowProblem("Call or Put", 'must be "CALL" or "PUT" for an option');
        option = {
          expiry: `${year}-${m[1]!.padStart(2, "0")}-${m[2]!.padStart(2, "0")}`,
          strike: dec(row.amount("Strike Price", { min: 0, max: MAX_PRICE })).toString(),
          right: right.startsWith("C") ? "call" : "put",
        };
      }
      return {
        line,
        symbol,
        assetClass,
        side,
        quantity: quantity.toString(),
        price: price.toString(),
        fees: dec(row.optionalAmount("Commissions") ?? "0")
          .abs()
          .plus(dec(row.optionalAmount("Fees") ?? "0").abs())
          .toString(),
        executedAt: row.time("Date", timeZone),
        multiplier: multiplier.toString(),
        option,
        effect: action.endsWith("_TO_OPEN") ? "open" : action.endsWith("_TO_CLOSE") ? "close" : null,
      } satisfies Omit<ParsedFill, "executionId">;
    });
    const currency = row.raw("Currency").toUpperCase();
    if (fill && currency && !currencies.has(currency)) currencies.set(currency, line);
    if (fill)
      read.push({
        fill,
        order: row.raw("Order #"),
        lifecycle: lifecycle && lifecycle !== "delivery" ? lifecycle : null,
        sideFromPosition: !row.raw("Action") && !!lifecycle && lifecycle !== "delivery",
      });
  }
  const warnings = sidesFromPositions(read);
  const { deliveries, notices } = optionLifecycles(read);
  // One order filled in parts gives rows alike but for quantity: the order number and an
  // occurrence count tell them apart, counted oldest first as a later export would.
  const id = executionIds("tastytrade");
  // The shares an assignment delivered follow its option row.
  const ordered = oldestFirst(read, (r) => r.fill.executedAt.getTime()).flatMap((r) => [
    r,
    ...(deliveries.has(r) ? [deliveries.get(r)!] : []),
  ]);
  const fills = ordered.map(({ fill, order }) => ({
    ...fill,
    executionId: id(fill.executedAt.toISOString(), instrumentKey(fill), fill.side, fill.quantity, fill.price, order),
    orderId: order || null,
  }));
  return {
    fills,
    errors,
    skipped,
    notices,
    warnings,
    currencies: [...currencies].map(([currency, line]) => ({ currency, line })),
  };
}

type Lifecycle = "expiration" | "assignment" | "exercise";
type Read = {
  fill: Omit<ParsedFill, "executionId">;
  order: string;
  lifecycle: Lifecycle | null;
  /** A removal without an Action (older files): its side closes the file's position. */
  sideFromPosition?: boolean;
};

/** The Sub Type an older file's Receive Deliver row would have had. */
function legacySubType(description: string, action: string): string {
  const removal = /removal of (?:equity )?option due to (expiration|assignment|exercise)/i.exec(description);
  if (removal) return removal[1]!.toLowerCase();
  return action.toLowerCase().replace(/_/g, " ");
}

/**
 * Gives each removal without an Action the side that closes the file's position in its series
 * (long → sold at 0, short → bought back); with none in the file, an assignment closes a short and
 * an exercise a long; an expiration of a contract never opened in the file is dropped with a warning.
 */
function sidesFromPositions(read: Read[]) {
  const warnings: NonNullable<ParseResult["warnings"]> = [];
  const held = new Map<string, number>();
  for (const entry of oldestFirst(read, (r) => r.fill.executedAt.getTime())) {
    const { fill } = entry;
    if (!fill.option) continue;
    const key = instrumentKey(fill);
    const position = held.get(key) ?? 0;
    if (entry.sideFromPosition) {
      const long =
        position > 0
          ? true
          : position < 0
            ? false
            : entry.lifecycle === "exercise"
              ? true
              : entry.lifecycle === "assignment"
                ? false
                : null;
      if (long === null) {
        warnings.push({
          line: fill.line,
          message: `${key} expired, but this file never opened it: nothing was closed (if your journal holds it, close it at 0 on its page).`,
        });
        read.splice(read.indexOf(entry), 1);
        continue;
      }
      fill.side = long ? "sell" : "buy";
      fill.effect = "close";
    }
    held.set(key, position + (fill.side === "buy" ? 1 : -1) * Number(fill.quantity));
  }
  return warnings;
}
const LIFECYCLE: Record<string, Lifecycle> = {
  expiration: "expiration",
  assignment: "assignment",
  "cash settled assignment": "assignment",
  exercise: "exercise",
  "cash settled exercise": "exercise",
};
/** The share legs of an assignment or exercise. */
const DELIVERY = new Set(["buy to open", "sell to open", "buy to close", "sell to close"]);

/**
 * What each option removal did, for the preview, and the shares an assignment or exercise
 * delivered when the file has no share row of its own for them (at the strike, the contract's
 * multiplier of shares a contract): a short put assigned or a long call exercised buys them, a
 * short call assigned or a long put exercised sells them.
 */
function optionLifecycles(read: Read[]) {
  const notices: OptionNotice[] = [];
  const deliveries = new Map<(typeof read)[number], (typeof read)[number]>();
  for (const entry of read) {
    const { fill, lifecycle } = entry;
    if (!lifecycle || !fill.option) continue;
    const series = `${fill.symbol} ${fill.option.expiry} ${fill.option.strike} ${fill.option.right}`;
    if (lifecycle === "expiration") {
      notices.push({
        line: fill.line,
        kind: "expiration",
        symbol: fill.symbol,
        description: `${fill.quantity} ${series} expired: closed at 0 on ${fill.option.expiry}`,
      });
      continue;
    }
    const shares = dec(fill.quantity).times(fill.multiplier);
    const buys = (fill.option.right === "put") === (lifecycle === "assignment");
    const delivered = read.find(
      (r) =>
        r.fill.assetClass === "stock" &&
        r.fill.symbol === fill.symbol &&
        r.fill.executedAt.getTime() === fill.executedAt.getTime() &&
        r.fill.side === (buys ? "buy" : "sell"),
    );
    if (!delivered) {
      deliveries.set(entry, {
        fill: {
          ...fill,
          assetClass: "stock",
          side: buys ? "buy" : "sell",
          quantity: shares.toString(),
          price: fill.option.strike,
          fees: "0",
          multiplier: "1",
          option: null,
          effect: null,
        },
        order: `${lifecycle} ${series}`,
        lifecycle: null,
      });
    }
    notices.push({
      line: fill.line,
      kind: lifecycle,
      symbol: fill.symbol,
      description: `${fill.quantity} ${series} ${lifecycle === "assignment" ? "assigned" : "exercised"}: closed at 0; ${shares.toString()} ${fill.symbol} ${buys ? "bought" : "sold"} at ${fill.option.strike}${delivered ? ` (line ${delivered.fill.line})` : ""}`,
    });
  }
  return { deliveries, notices };
}
