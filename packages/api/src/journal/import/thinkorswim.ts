// thinkorswim (Schwab) Account Statement CSV (BROKERS.md): one file of titled sections, each with
// its own header. Executions are in "Account Trade History"; their fees only in "Cash Balance"
// (stocks and options) and "Futures Statements" (futures), whose rows name no execution: they
// are matched by date and time, then by the description ("BOT +100 AAPL @190.12").
import { type Dec, dec } from "../domain/decimal.ts";
import { type AssetClass, FUTURES_MULTIPLIERS, futuresRoot } from "../domain/instruments.ts";
import { type CsvRecord, headerIndex } from "./csv.ts";
import { executionIds, oldestFirst } from "./execution-ids.ts";
import { MAX_PRICE, readRow, RowProblem, rowReader } from "./rows.ts";
import { parseTimestamp, TimestampError } from "./timestamps.ts";
import { closeOptionEnds } from "./option-ends.ts";
import {
  instrumentKey,
  type OptionNotice,
  type ParsedFill,
  type ParseOptions,
  type ParseResult,
  type RowError,
} from "./types.ts";

export const TOS_TRADE_HISTORY = "Account Trade History";
export const TOS_TRADE_COLUMNS = ["Exec Time", "Side", "Qty", "Symbol", "Exp", "Strike", "Type", "Price"] as const;
/** The sections that hold the fees, with the columns of their date and time. */
const FEE_SECTIONS = [
  { title: "Cash Balance", date: "DATE", time: "TIME" },
  { title: "Futures Statements", date: "Exec Date", time: "Exec Time" },
] as const;
const FORMAT = "thinkorswim account statement";
const TYPES: Record<string, AssetClass> = {
  STOCK: "stock",
  ETF: "stock",
  CALL: "option",
  PUT: "option",
  FUTURE: "future",
  CRYPTO: "crypto",
};
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

export interface StatementSection {
  title: string;
  header: CsvRecord | undefined;
  rows: CsvRecord[];
}

const normal = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Splits a statement at its section titles: rows whose only text is in their first cell. */
export function statementSections(records: CsvRecord[]): StatementSection[] {
  const sections: StatementSection[] = [];
  let current: StatementSection | null = null;
  for (const record of records) {
    const [first = "", ...rest] = record.fields;
    if (first.trim() && rest.every((f) => !f.trim())) {
      current = { title: first.trim(), header: undefined, rows: [] };
      sections.push(current);
    } else if (current && !current.header) current.header = record;
    else current?.rows.push(record);
  }
  return sections;
}

const section = (sections: StatementSection[], title: string) =>
  sections.find((s) => normal(s.title) === normal(title));

/** Finds a section's columns by name, or throws a message naming the section and the columns missing. */
function sectionColumns(found: StatementSection, required: readonly string[]) {
  const index = headerIndex(found.header?.fields ?? []);
  const missing = required.filter((name) => index(name) === -1);
  if (missing.length) {
    throw new RowProblem(
      undefined,
      `The "${found.title}" section of this ${FORMAT} is missing the column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}.`,
    );
  }
  return index;
}

/** Whether the records are a thinkorswim statement: they have its trade history section. */
export function isThinkorswimStatement(records: CsvRecord[]): boolean {
  return !!section(statementSections(records), TOS_TRADE_HISTORY);
}

/** What a trade's description says: "SOLD -1,000 /MESH26:XCME @5010.5" → sell 1000 MESH26 at 5010.5. */
function describedTrade(description: string) {
  const m = /\b(BOT|SOLD)\s+([+-]?[\d,]*\.?\d+)\s+(\S+).*?\s@\s?(-?[\d,]*\.?\d+)/.exec(description);
  if (!m) return null;
  return {
    side: m[1] === "BOT" ? "buy" : "sell",
    quantity: dec(m[2]!.replace(/[+,-]/g, "")),
    token: symbolToken(m[3]!),
    price: dec(m[4]!.replace(/,/g, "")),
  };
}
/** "/MESH26:XCME" and "/MESH26" → "MESH26", as both sections write a symbol. */
const symbolToken = (text: string) => text.toUpperCase().replace(/^\//, "").replace(/:.*$/, "");

interface Execution {
  fill: Omit<ParsedFill, "executionId">;
  token: string;
  feesTaken: boolean;
}

/** Reads the trade history rows; a spread's further legs leave Exec Time empty and share the first's. */
function readExecutions(
  trades: StatementSection,
  timeZone: string,
  errors: RowError[],
  warnings: RowError[],
  setAside: Set<string>,
  pointValues: Record<string, string>,
): Execution[] {
  const index = sectionColumns(trades, TOS_TRADE_COLUMNS);
  const executions: Execution[] = [];
  let lastTime = "";
  for (const { line, fields } of trades.rows) {
    const row = rowReader(fields, index);
    if (row.raw("Exec Time")) lastTime = row.raw("Exec Time");
    const execution = readRow(line, errors, () => {
      if (!lastTime) throw new RowProblem("Exec Time", "is empty");
      const quantity = dec(row.amount("Qty", { max: 100_000_000 }));
      if (quantity.isZero()) throw new RowProblem("Qty", "must not be 0");
      const sideText = row.raw("Side").toUpperCase() || (quantity.isNegative() ? "SELL" : "BUY");
      if (sideText !== "BUY" && sideText !== "SELL") throw new RowProblem("Side", 'must be "BUY" or "SELL"');
      const type = row.raw("Type").toUpperCase();
      const assetClass = TYPES[type];
      if (!assetClass) throw new RowProblem("Type", `"${type.slice(0, 20)}" is not STOCK, ETF, CALL, PUT or FUTURE`);
      let symbol = row.symbol("Symbol");
      let multiplier = "1";
      let option: ParsedFill["option"] = null;
      if (assetClass === "option") {
        const exp = row.raw("Exp").toUpperCase();
        if (exp.startsWith("/")) throw new RowProblem("Exp", "options on futures are not read yet");
        const m = /^(\d{1,2})\s+([A-Z]{3})\s+(\d{2}|\d{4})$/.exec(exp);
        const month = m ? MONTHS.indexOf(m[2]!) + 1 : 0;
        if (!m || !month) throw new RowProblem("Exp", "must be a date like 20 MAR 26 for an option");
        const year = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
        option = {
          expiry: `${year}-${String(month).padStart(2, "0")}-${m[1]!.padStart(2, "0")}`,
          strike: dec(row.amount("Strike", { min: 0, max: MAX_PRICE })).toString(),
          right: type === "CALL" ? "call" : "put",
        };
        multiplier = "100";
      } else if (assetClass === "future") {
        symbol = futuresRoot(symbol);
        const pointValue = FUTURES_MULTIPLIERS[symbol] ?? pointValues[symbol];
        // One contract we don't know must not stop the file: its rows are set aside, and said so.
        if (pointValue === undefined) {
          warnings.push({
            line,
            column: "Symbol",
            message: `set aside: we don't know the point value of ${symbol}, so its P&L cannot be computed`,
            futuresRoot: symbol,
          });
          setAside.add(symbolToken(row.raw("Symbol")));
          return null;
        }
        multiplier = dec(pointValue).toString();
      }
      let executedAt;
      try {
        executedAt = parseTimestamp(lastTime, timeZone);
      } catch (error) {
        if (error instanceof TimestampError) throw new RowProblem("Exec Time", error.message);
        throw error;
      }
      return {
        fill: {
          line,
          symbol,
          assetClass,
          side: sideText === "BUY" ? "buy" : "sell",
          quantity: quantity.abs().toString(),
          price: dec(row.amount("Price", { min: 0, max: MAX_PRICE })).toString(),
          fees: "0",
          executedAt,
          multiplier,
          option,
          effect: /^TO OPEN$/i.test(row.raw("Pos Effect"))
            ? "open"
            : /^TO CLOSE$/i.test(row.raw("Pos Effect"))
              ? "close"
              : null,
        },
        token: symbolToken(row.raw("Symbol")),
        feesTaken: false,
      } satisfies Execution;
    });
    if (execution) executions.push(execution);
  }
  return executions;
}

/** Shares `total` among executions by quantity, in cents, the remainder to the first. */
function share(total: Dec, among: Execution[]) {
  const quantity = among.reduce((q, e) => q.plus(e.fill.quantity), dec(0));
  let left = total;
  for (const e of among.slice(1)) {
    const part = total.times(e.fill.quantity).dividedBy(quantity).toDecimalPlaces(2, 1);
    e.fill.fees = dec(e.fill.fees).plus(part).toString();
    left = left.minus(part);
  }
  among[0]!.fill.fees = dec(among[0]!.fill.fees).plus(left).toString();
  for (const e of among) e.feesTaken = true;
}

/**
 * Gives each trade row of the fee sections to its executions: the one at the same second (the
 * cash row is sometimes one second late) whose side, quantity, symbol and price match the
 * description; else those at that second whose symbol it names (a spread's legs, an order's
 * parts), shared by quantity; else all at that second.
 */
function takeFees(
  sections: StatementSection[],
  executions: Execution[],
  timeZone: string,
  errors: RowError[],
  setAside: Set<string>,
) {
  const atTime = new Map<number, Execution[]>();
  for (const e of executions)
    atTime.set(e.fill.executedAt.getTime(), [...(atTime.get(e.fill.executedAt.getTime()) ?? []), e]);
  let found = false;
  for (const { title, date, time } of FEE_SECTIONS) {
    const fees = section(sections, title);
    if (!fees) continue;
    found = true;
    const index = sectionColumns(fees, [date, time, "TYPE", "DESCRIPTION", "Commissions & Fees"]);
    for (const { line, fields } of fees.rows) {
      const row = rowReader(
        fields.map((f) => (f.trim() === "--" ? "" : f)),
        index,
      );
      if (row.raw("TYPE").toUpperCase() !== "TRD") continue;
      readRow(line, errors, () => {
        let at;
        try {
          at = parseTimestamp(`${row.raw(date)} ${row.raw(time)}`, timeZone).getTime();
        } catch (error) {
          if (error instanceof TimestampError) throw new RowProblem(time, error.message);
          throw error;
        }
        const amount = dec(row.optionalAmount("Misc Fees") ?? "0")
          .abs()
          .plus(dec(row.optionalAmount("Commissions & Fees") ?? "0").abs());
        const open = (t: number) => (atTime.get(t) ?? []).filter((e) => !e.feesTaken);
        // Trade history may give minutes only while the cash rows have seconds: the same minute matches too.
        const minute = (t: number) => t - (t % 60_000);
        const candidates =
          [open(at), open(at - 1000), open(minute(at)), open(minute(at - 1000))].find((c) => c.length) ?? [];
        const described = describedTrade(row.raw("DESCRIPTION"));
        // The fees of an execution set aside go with it.
        if (described && setAside.has(described.token)) return null;
        const exact =
          described &&
          candidates.find(
            (e) =>
              e.fill.side === described.side &&
              e.token === described.token &&
              dec(e.fill.quantity).equals(described.quantity) &&
              dec(e.fill.price).equals(described.price),
          );
        // A spread's row ("BOT +1 VERTICAL SPY 100 …") goes to the legs it names.
        const words = ` ${row.raw("DESCRIPTION").toUpperCase().replace(/[/:]/g, " ")} `;
        const named = candidates.filter((e) => words.includes(` ${e.token} `));
        if (exact) share(amount, [exact]);
        else if (named.length) share(amount, named);
        else if (candidates.length) share(amount, candidates);
        else if (amount.greaterThan(0)) {
          throw new RowProblem(
            "DESCRIPTION",
            `no execution at ${row.raw(date)} ${row.raw(time)} in the "${TOS_TRADE_HISTORY}" takes these fees`,
          );
        }
        return null;
      });
    }
  }
  if (!found)
    throw new RowProblem(
      undefined,
      `This ${FORMAT} has no "Cash Balance" section, where thinkorswim puts the fees: export the whole Account Statement.`,
    );
}

/** Reads a thinkorswim Account Statement: the trade history with its fees, oldest first. */
export function parseThinkorswim(records: CsvRecord[], { timeZone, pointValues = {} }: ParseOptions): ParseResult {
  const sections = statementSections(records);
  const trades = section(sections, TOS_TRADE_HISTORY);
  if (!trades)
    throw new RowProblem(
      undefined,
      `This ${FORMAT} has no "${TOS_TRADE_HISTORY}" section: export the Account Statement from the Monitor tab.`,
    );
  const errors: RowError[] = [];
  const warnings: RowError[] = [];
  const setAside = new Set<string>();
  const executions = readExecutions(trades, timeZone, errors, warnings, setAside, pointValues);
  takeFees(sections, executions, timeZone, errors, setAside);
  const ends = readOptionEnds(sections, timeZone, errors);
  errors.sort((a, b) => a.line - b.line);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  type Entry = Omit<ParsedFill, "executionId"> & { end?: OptionNotice["kind"] };
  // Stable: an option's end sorts after the executions of the same instant.
  const ordered: Entry[] = [
    ...oldestFirst(executions, (e) => e.fill.executedAt.getTime()).map((e) => e.fill),
    ...ends,
  ].sort((a, b) => a.executedAt.getTime() - b.executedAt.getTime());
  const { kept, notices } = closeOptionEnds(ordered, {
    warnings,
    sameDay: (a, b) => day.format(a.executedAt) === day.format(b.executedAt),
    deliver: (end, delivery) => ({ ...end, ...delivery, end: undefined }),
  });
  const id = executionIds("tos");
  const fills = kept.map(({ end, ...fill }) => ({
    ...fill,
    executionId: id(
      fill.executedAt.toISOString(),
      instrumentKey(fill),
      fill.side,
      fill.quantity,
      fill.price,
      end ?? "",
    ),
  }));
  return { fills, errors, skipped: warnings.length, warnings, notices };
}

const REMOVAL =
  /^REMOVAL OF OPTION DUE TO (EXPIRATION|ASSIGNMENT|EXERCISE)\s+([-+]?\d+(?:\.\d+)?)\s+([A-Z0-9./]{1,16})\s+(\d+)\s*(?:\([^)]*\)\s*)?(\d{1,2})\s+([A-Z]{3})\s+(\d{2}|\d{4})\s+(\d+(?:\.\d+)?)\s+(CALL|PUT)\b/i;

/**
 * The Cash Balance's removals of options ("REMOVAL OF OPTION DUE TO EXPIRATION -1 SPY 100 (Weeklys)
 * 20 MAR 26 580 PUT"), which the trade history does not list. An expiration is dated on the expiry
 * day at 16:00 (thinkorswim books it the next morning); an assignment or exercise when booked.
 */
function readOptionEnds(sections: StatementSection[], timeZone: string, errors: RowError[]) {
  const cash = section(sections, "Cash Balance");
  if (!cash) return [];
  const index = headerIndex(cash.header?.fields ?? []);
  const ends: (Omit<ParsedFill, "executionId"> & { end: OptionNotice["kind"] })[] = [];
  for (const { line, fields } of cash.rows) {
    const row = rowReader(fields, index);
    const m = REMOVAL.exec(row.raw("DESCRIPTION").replace(/\s+/g, " "));
    if (!m) continue;
    const end = readRow(line, errors, () => {
      const month = MONTHS.indexOf(m[6]!.toUpperCase()) + 1;
      if (!month) throw new RowProblem("DESCRIPTION", `"${m[6]}" is not a month`);
      const year = m[7]!.length === 2 ? `20${m[7]}` : m[7]!;
      const expiry = `${year}-${String(month).padStart(2, "0")}-${m[5]!.padStart(2, "0")}`;
      const kind = m[1]!.toLowerCase() as OptionNotice["kind"];
      const quantity = dec(m[2]!).abs();
      if (quantity.isZero()) throw new RowProblem("DESCRIPTION", "removes 0 contracts");
      let booked;
      try {
        booked = parseTimestamp(`${row.raw("DATE")} ${row.raw("TIME") || "00:00:00"}`, timeZone);
      } catch (error) {
        if (error instanceof TimestampError) throw new RowProblem("DATE", error.message);
        throw error;
      }
      const closing = parseTimestamp(`${expiry} 16:00:00`, timeZone);
      return {
        line,
        symbol: m[3]!.toUpperCase(),
        assetClass: "option" as const,
        side: "sell" as const,
        quantity: quantity.toString(),
        price: "0",
        fees: "0",
        executedAt: kind === "expiration" && closing < booked ? closing : booked,
        multiplier: m[4]!,
        option: { expiry, strike: dec(m[8]!).toString(), right: m[9]!.toLowerCase() as "call" | "put" },
        effect: "close" as const,
        end: kind,
      };
    });
    if (end) ends.push(end);
  }
  return ends;
}

/** What a member is told we look for in a statement. */
export const TOS_HINT = `an "${TOS_TRADE_HISTORY}" section with columns ${TOS_TRADE_COLUMNS.join(", ")}, and a "Cash Balance" section`;
