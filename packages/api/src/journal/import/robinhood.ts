// Robinhood account activity CSV (BROKERS.md): every money movement, newest first, dates without
// times. Executions are stock Buy/Sell and option BTO/STO/BTC/STC rows; an option's end (OEXP,
// OASGN, OEXCS) closes it at 0; splits, symbol exchanges and cash mergers are corporate actions;
// the rest (dividends, deposits, fees…) are skipped and counted.
import { dec } from "../domain/decimal.ts";
import { zonedToUtc } from "../domain/time-zone.ts";
import type { CorporateAction } from "./corporate-actions.ts";
import type { CsvRecord } from "./csv.ts";
import { executionIds, oldestFirst } from "./execution-ids.ts";
import { closeOptionEnds } from "./option-ends.ts";
import { MAX_PRICE, readRow, requireColumns, RowProblem, rowReader } from "./rows.ts";
import { instrumentKey, type OptionNotice, type ParsedFill, type ParseOptions, type ParseResult } from "./types.ts";

export const ROBINHOOD_COLUMNS = ["Activity Date", "Instrument", "Trans Code", "Quantity", "Price", "Amount"] as const;

/**
 * Robinhood gives the day only. Each execution is placed at 12:00 in the member's time zone, so it
 * lands on the day the file shows whatever their zone, plus one second per earlier execution of
 * that day, so a day's executions keep the file's sequence (and a buy stays before its sell).
 */
const NOON = 12;

/** "3/2/2026", "7/21/23" (two-digit years are 20xx) or "2026-03-02" → its parts, or null. */
function calendarDay(text: string) {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const usYear = us ? (us[3]!.length === 2 ? 2000 + +us[3]! : +us[3]!) : 0;
  const [year, month, day] = us ? [usYear, +us[1]!, +us[2]!] : iso ? [+iso[1]!, +iso[2]!, +iso[3]!] : [0, 0, 0];
  if (!year || month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day, key: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` };
}

/** Reads a Robinhood activity export: stock and option executions, oldest first, at the day's noon. */
export function parseRobinhood(records: CsvRecord[], { timeZone }: ParseOptions): ParseResult {
  const [header, ...rows] = records;
  const index = requireColumns(header?.fields ?? [], ROBINHOOD_COLUMNS, "Robinhood activity");
  type Day = NonNullable<ReturnType<typeof calendarDay>>;
  type Read = Omit<ParsedFill, "executionId" | "executedAt"> & {
    day: Day;
    amount: string;
    /** An option's end (OEXP, OASGN, OEXCS): its side is known only from the position it closes. */
    end?: OptionNotice["kind"];
  };
  const read: Read[] = [];
  const actions: CorporateAction[] = [];
  const errors: ParseResult["errors"] = [];
  const warnings: NonNullable<ParseResult["warnings"]> = [];
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
    const optionTrade = OPTION_TRADES[code];
    const end = OPTION_ENDS[code];
    if (code !== "buy" && code !== "sell" && !optionTrade && !end) {
      // The file ends with a disclaimer in a row of its own, which is no activity at all.
      if (code || row.raw("Activity Date")) skipped += 1;
      continue;
    }
    const fill = readRow(line, errors, (): Read => {
      const day = calendarDay(row.raw("Activity Date"));
      if (!day)
        throw new RowProblem("Activity Date", `"${row.raw("Activity Date").slice(0, 20)}" is not a date like 3/2/2026`);
      // "2S" is how some files write contracts held short; the side comes from the code or the position.
      const shortCount = /^(\d{1,9})S$/i.exec(row.raw("Quantity"));
      const quantity = dec(shortCount ? shortCount[1]! : row.amount("Quantity", { max: 100_000_000 })).abs();
      if (quantity.isZero()) throw new RowProblem("Quantity", "must not be 0");
      if (end) {
        const option = optionSeries(row.raw("Description"));
        return {
          line,
          symbol: option.symbol,
          assetClass: "option",
          side: "sell",
          quantity: quantity.toString(),
          price: "0",
          fees: "0",
          multiplier: "100",
          option: option.option,
          effect: "close",
          day,
          amount: "0",
          end,
        };
      }
      row.amount("Price", { min: 0, max: MAX_PRICE });
      const amount = dec(row.amount("Amount")).abs();
      if (optionTrade) {
        const option = optionSeries(row.raw("Description"));
        // The premium per share is the cash per contract over its 100 shares (fees are inside the Amount).
        const price = amount.dividedBy(quantity.times(100)).toDecimalPlaces(8);
        if (price.greaterThan(MAX_PRICE))
          throw new RowProblem("Amount", `is more than ${MAX_PRICE.toLocaleString("en-US")} a share`);
        return {
          line,
          symbol: option.symbol,
          assetClass: "option",
          side: optionTrade.side,
          quantity: quantity.toString(),
          price: price.toString(),
          fees: "0",
          multiplier: "100",
          option: option.option,
          effect: optionTrade.effect,
          day,
          amount: amount.toString(),
        };
      }
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
        side: code === "sell" ? "sell" : "buy",
        quantity: quantity.toString(),
        price: price.toString(),
        fees: "0",
        multiplier: "1",
        option: null,
        // Robinhood does not sell stock short: a Sell closes shares held, if not in this file then before it.
        effect: code === "sell" ? "close" : null,
        day,
        amount: amount.toString(),
      };
    });
    if (fill) read.push(fill);
  }
  const ordered = oldestFirst(read, (r) => Date.UTC(r.day.year, r.day.month - 1, r.day.day), {
    newestFirstWhenEqual: true,
  });
  // Robinhood's OEXP, OASGN and OEXCS rows name the contract and a count, not the side; the shares
  // an assignment delivers are a Buy/Sell row of their own ("Option Assigned") on the same day.
  const { kept, notices } = closeOptionEnds(ordered, {
    warnings,
    sameDay: (a, b) => a.day.key === b.day.key,
    deliver: (entry, delivery) => ({
      ...entry,
      ...delivery,
      end: undefined,
      amount: `${entry.end} ${instrumentKey(entry)}`,
    }),
  });
  const id = executionIds("robinhood");
  const perDay = new Map<string, number>();
  const fills = kept.map(({ day, amount, end, ...fill }) => {
    // An expiration is dated on the expiry day (Robinhood books it a day or more later).
    const on =
      end === "expiration" && fill.option && fill.option.expiry < day.key ? calendarDay(fill.option.expiry)! : day;
    const earlier = perDay.get(on.key) ?? 0;
    perDay.set(on.key, earlier + 1);
    return {
      ...fill,
      executedAt: zonedToUtc({ year: on.year, month: on.month, day: on.day, hour: NOON, second: earlier }, timeZone),
      executionId: fill.option
        ? id(day.key, instrumentKey(fill), end ?? "", fill.side, fill.quantity, fill.price, amount)
        : id(day.key, fill.symbol, fill.side, fill.quantity, fill.price, amount),
    } satisfies ParsedFill;
  });
  return { fills, errors, skipped, actions, notices, warnings };
}

const OPTION_TRADES: Record<string, { side: "buy" | "sell"; effect: "open" | "close" }> = {
  bto: { side: "buy", effect: "open" },
  sto: { side: "sell", effect: "open" },
  btc: { side: "buy", effect: "close" },
  stc: { side: "sell", effect: "close" },
};
const OPTION_ENDS: Record<string, OptionNotice["kind"]> = {
  oexp: "expiration",
  oasgn: "assignment",
  oexcs: "exercise",
};

/** "SPY 3/20/2026 Call $580.00", or "Option Expiration for SPY 3/20/26 Put $1,200.50" → the series. */
function optionSeries(description: string) {
  const m =
    /^(?:Option (?:Expiration|Assignment|Exercise) for\s+)?([A-Z0-9./-]{1,16})\s+(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\s+(Call|Put)\s+\$?([\d,]+(?:\.\d+)?)$/i.exec(
      description.replace(/\s+/g, " ").trim(),
    );
  if (!m) throw new RowProblem("Description", 'should name the option, e.g. "SPY 3/20/2026 Call $580.00"');
  const year = m[4]!.length === 2 ? 2000 + +m[4]! : +m[4]!;
  const expiry = calendarDay(`${m[2]}/${m[3]}/${year}`);
  if (!expiry) throw new RowProblem("Description", `"${m[2]}/${m[3]}/${m[4]}" is not an expiry date`);
  const strike = dec(m[6]!.replace(/,/g, ""));
  if (strike.greaterThan(MAX_PRICE)) throw new RowProblem("Description", "has a strike above 999,999");
  return {
    symbol: m[1]!.toUpperCase(),
    option: { expiry: expiry.key, strike: strike.toString(), right: m[5]!.toLowerCase() as "call" | "put" },
  };
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
