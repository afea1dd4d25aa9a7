// Robinhood account activity CSV (BROKERS.md): every money movement, newest first, dates without
// times. Only the Buy and Sell codes are executions; the rest (dividends, deposits, option codes
// such as BTO/STC, fees…) are skipped and counted.
import { dec } from "../domain/decimal.ts";
import { zonedToUtc } from "../domain/time-zone.ts";
import type { CorporateAction } from "./corporate-actions.ts";
import type { CsvRecord } from "./csv.ts";
import { executionIds, oldestFirst } from "./execution-ids.ts";
import { MAX_PRICE, readRow, requireColumns, RowProblem, rowReader } from "./rows.ts";
import type { ParsedFill, ParseOptions, ParseResult } from "./types.ts";

export const ROBINHOOD_COLUMNS = ["Activity Date", "Instrument", "Trans Code", "Quantity", "Price", "Amount"] as const;

/**
 * Robinhood gives the day only. Each execution is placed at 12:00 in the member's time zone, so it
 * lands on the day the file shows whatever their zone, plus one second per earlier execution of
 * that day, so a day's executions keep the file's sequence (and a buy stays before its sell).
 */
const NOON = 12;

/** "3/2/2026" or "2026-03-02" → its parts, or null. */
function calendarDay(text: string) {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = us ? [+us[3]!, +us[1]!, +us[2]!] : iso ? [+iso[1]!, +iso[2]!, +iso[3]!] : [0, 0, 0];
  if (!year || month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day, key: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` };
}

/** Reads a Robinhood activity export: stock Buy/Sell rows, oldest first, at the day's noon. */
export function parseRobinhood(records: CsvRecord[], { timeZone }: ParseOptions): ParseResult {
  const [header, ...rows] = records;
  const index = requireColumns(header?.fields ?? [], ROBINHOOD_COLUMNS, "Robinhood activity");
  type Read = Omit<ParsedFill, "executionId" | "executedAt"> & {
    day: NonNullable<ReturnType<typeof calendarDay>>;
    amount: string;
  };
  const read: Read[] = [];
  const actions: CorporateAction[] = [];
  const errors: ParseResult["errors"] = [];
  let skipped = 0;
  for (const { line, fields } of rows) {
    const row = rowReader(fields, index);
    const code = row.raw("Trans Code").toLowerCase();
    if (ACTION_CODES.has(code)) {
      const action = readRow(line, errors, () => corporateAction(code, row, line, timeZone));
      if (
        action &&
        !actions.some(
          (a) =>
            a.kind === "symbolChange" &&
            action.kind === "symbolChange" &&
            a.from === action.from &&
            a.to === action.to &&
            a.at.getTime() === action.at.getTime(),
        )
      ) {
        actions.push(action);
      }
      continue;
    }
    if (code !== "buy" && code !== "sell") {
      // The file ends with a disclaimer in a row of its own, which is no activity at all.
      if (code || row.raw("Activity Date")) skipped += 1;
      continue;
    }
    const fill = readRow(line, errors, () => {
      const day = calendarDay(row.raw("Activity Date"));
      if (!day)
        throw new RowProblem("Activity Date", `"${row.raw("Activity Date").slice(0, 20)}" is not a date like 3/2/2026`);
      const quantity = dec(row.amount("Quantity", { max: 100_000_000 })).abs();
      if (quantity.isZero()) throw new RowProblem("Quantity", "must not be 0");
      row.amount("Price", { min: 0, max: MAX_PRICE });
      const amount = dec(row.amount("Amount")).abs();
      // The Price column is rounded (to the cent, or less for cheap shares); the Amount is the cash
      // booked. The price is the Amount per share, so P&L is what the account gained or lost. The
      // file names no fees (a sale's SEC and FINRA fees are inside its Amount): fees are 0.
      const price = amount.dividedBy(quantity).toDecimalPlaces(8);
      if (price.greaterThan(MAX_PRICE))
        throw new RowProblem("Amount", `is more than ${MAX_PRICE.toLocaleString("en-US")} a share`);
      return {
        line,
        symbol: row.symbol("Instrument"),
        assetClass: "stock",
        side: code,
        quantity: quantity.toString(),
        price: price.toString(),
        fees: "0",
        multiplier: "1",
        option: null,
        // Robinhood does not sell stock short: a Sell closes shares held, if not in this file then before it.
        effect: code === "sell" ? "close" : null,
        day,
        amount: amount.toString(),
      } satisfies Read;
    });
    if (fill) read.push(fill);
  }
  const id = executionIds("robinhood");
  const perDay = new Map<string, number>();
  const fills = oldestFirst(read, (r) => Date.UTC(r.day.year, r.day.month - 1, r.day.day), {
    newestFirstWhenEqual: true,
  }).map(({ day, amount, ...fill }) => {
    const earlier = perDay.get(day.key) ?? 0;
    perDay.set(day.key, earlier + 1);
    return {
      ...fill,
      executedAt: zonedToUtc({ year: day.year, month: day.month, day: day.day, hour: NOON, second: earlier }, timeZone),
      executionId: id(day.key, fill.symbol, fill.side, fill.quantity, fill.price, amount),
    } satisfies ParsedFill;
  });
  return { fills, errors, skipped, actions };
}

/**
 * Corporate actions, as we understand Robinhood writes them: SPL (a split: Quantity is the shares
 * it added, negative for shares removed), SXCH (a symbol exchange: the Description says "from OLD
 * to NEW"; both rows of the pair give the same change) and MRGC (a merger for cash: Amount is the
 * cash paid). Each takes effect at the day's opening, before that day's trades.
 */
const ACTION_CODES = new Set(["spl", "sxch", "mrgc"]);

function corporateAction(
  code: string,
  row: ReturnType<typeof rowReader>,
  line: number,
  timeZone: string,
): CorporateAction {
  const day = calendarDay(row.raw("Activity Date"));
  if (!day)
    throw new RowProblem("Activity Date", `"${row.raw("Activity Date").slice(0, 20)}" is not a date like 3/2/2026`);
  const at = zonedToUtc({ year: day.year, month: day.month, day: day.day, hour: 9, minute: 30 }, timeZone);
  if (code === "spl")
    return { kind: "split", line, symbol: row.symbol("Instrument"), at, sharesAdded: row.amount("Quantity") };
  if (code === "mrgc")
    return {
      kind: "cashMerger",
      line,
      symbol: row.symbol("Instrument"),
      at,
      cash: dec(row.amount("Amount")).abs().toString(),
    };
  const change = /\bfrom\s+([A-Z0-9./-]{1,16})\s+to\s+([A-Z0-9./-]{1,16})\b/i.exec(row.raw("Description"));
  if (!change) throw new RowProblem("Description", 'should name the change, e.g. "Symbol change from FB to META"');
  return { kind: "symbolChange", line, from: change[1]!.toUpperCase(), to: change[2]!.toUpperCase(), at };
}
