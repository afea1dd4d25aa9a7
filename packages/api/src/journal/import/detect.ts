import { isCalendarDayInRange } from "../../validation/dates.ts";
import { CsvError, type CsvRecord, parseCsv } from "./csv.ts";
import { wrongExport } from "./export-kinds.ts";
import { GENERIC_COLUMNS, parseGeneric } from "./generic.ts";
import { IBKR_COLUMNS, parseIbkr } from "./ibkr.ts";
import {
  activityFlexRecords,
  activityStatementRecords,
  flexXmlRecords,
  isActivityFlex,
  isActivityStatement,
  isFlexXml,
} from "./ibkr-layouts.ts";
import { headerIndex } from "./csv.ts";
import { parseRobinhood, ROBINHOOD_COLUMNS } from "./robinhood.ts";
import { RowProblem } from "./rows.ts";
import { parseTastytrade, TASTYTRADE_COLUMNS } from "./tastytrade.ts";
import { isThinkorswimStatement, parseThinkorswim, TOS_HINT, TOS_TRADE_COLUMNS } from "./thinkorswim.ts";
import { parseTradovate, TRADOVATE_COLUMNS } from "./tradovate.ts";
import { isTradovatePairs, tradovatePairRecords } from "./tradovate-pairs.ts";
import { BROKER_TIME_ZONES } from "../../constants.ts";
import { BROKER_LABELS, type BrokerName, type ParseOptions, type ParseResult } from "./types.ts";
import { parseWebull, WEBULL_COLUMNS } from "./webull.ts";

interface Reader {
  /** The columns that identify the format in its header row. */
  columns: readonly string[];
  parse: (records: CsvRecord[], options: ParseOptions, format: { decimalComma: boolean }) => ParseResult;
  /** For a file of several sections, whose header is not its first row: whether the file is of this format. */
  recognise?: (records: CsvRecord[]) => boolean;
  /** What a member is told to look for, when not the header's columns. */
  hint?: string;
}

/** Formats we read today, with the columns that identify them. */
const READERS: Record<BrokerName, Reader> = {
  generic: { columns: GENERIC_COLUMNS.filter((c) => c !== "account" && c !== "multiplier"), parse: parseGeneric },
  ibkr: { columns: IBKR_COLUMNS, parse: parseIbkr },
  thinkorswim: {
    columns: TOS_TRADE_COLUMNS,
    parse: parseThinkorswim,
    recognise: isThinkorswimStatement,
    hint: TOS_HINT,
  },
  tradovate: { columns: TRADOVATE_COLUMNS, parse: parseTradovate },
  webull: { columns: WEBULL_COLUMNS, parse: parseWebull },
  robinhood: { columns: ROBINHOOD_COLUMNS, parse: parseRobinhood },
  tastytrade: { columns: TASTYTRADE_COLUMNS, parse: parseTastytrade },
};

export class ImportFormatError extends Error {}

const expected = () =>
  Object.entries(READERS)
    .map(([name, r]) => `${BROKER_LABELS[name as BrokerName]} (${r.hint ?? `columns ${r.columns.join(", ")}`})`)
    .join("; ");

/** The format whose identifying columns are all in the header (or that recognises its sections), or null. */
export function detectBroker(records: CsvRecord[]): BrokerName | null {
  const index = headerIndex(records[0]?.fields ?? []);
  for (const [name, reader] of Object.entries(READERS)) {
    if (reader.recognise ? reader.recognise(records) : reader.columns.every((c) => index(c) !== -1))
      return name as BrokerName;
  }
  return null;
}

/**
 * Reads a broker file: detects its format from the header unless the member chose one, then
 * every row. File-level problems (unreadable, unknown format, missing columns) throw an
 * ImportFormatError with a message that says what was expected; row problems are returned.
 */
export function readBrokerFile(
  content: string,
  options: ParseOptions & { broker?: BrokerName },
): ParseResult & { broker: BrokerName; timeZone: string } {
  if (content.includes("\uFFFD"))
    throw new ImportFormatError("This file is not UTF-8 text. Export it again as CSV (UTF-8).");
  try {
    // Interactive Brokers' other layouts (Flex XML, Activity Statement, Activity Flex) are read
    // by the Flex reader, their rows under its columns.
    if (isFlexXml(content)) {
      if (options.broker && options.broker !== "ibkr")
        throw new ImportFormatError(
          `This is an Interactive Brokers Flex Query XML, not a ${BROKER_LABELS[options.broker]} file.`,
        );
      const flex = flexXmlRecords(content);
      const timeZone = fileZone("ibkr", options);
      const result = parseIbkr(flex.records, { ...options, timeZone });
      return { broker: "ibkr", timeZone, ...withRealExpiries({ ...result, skipped: result.skipped + flex.skipped }) };
    }
    let table;
    try {
      table = parseCsv(content);
    } catch (error) {
      if (error instanceof CsvError) throw new ImportFormatError(error.message);
      throw error;
    }
    const header = table.records[0]?.fields ?? [];
    if (!header.length) throw new ImportFormatError("This file is empty.");
    const layout = isActivityStatement(table.records)
      ? activityStatementRecords(table.records)
      : isActivityFlex(table.records)
        ? activityFlexRecords(table.records)
        : isTradovatePairs(table.records)
          ? tradovatePairRecords(table.records)
          : null;
    const records = layout?.records ?? table.records;
    const wrong = wrongExport(records);
    if (wrong) throw new ImportFormatError(wrong);
    const broker = options.broker ?? detectBroker(records);
    if (!broker) throw new ImportFormatError(`We don't recognise this file. We read: ${expected()}.`);
    const timeZone = fileZone(broker, options);
    const result = READERS[broker].parse(records, { ...options, timeZone }, { decimalComma: table.delimiter === ";" });
    return { broker, timeZone, ...withRealExpiries({ ...result, skipped: result.skipped + (layout?.skipped ?? 0) }) };
  } catch (error) {
    if (error instanceof RowProblem) throw new ImportFormatError(error.message);
    throw error;
  }
}

/** The zone a file's times without one are read in: the member's choice, else the broker's, else the member's own. */
const fileZone = (broker: BrokerName, { timeZone, fileTimeZone }: ParseOptions) =>
  fileTimeZone ?? BROKER_TIME_ZONES[broker] ?? timeZone;

/**
 * Every reader's option fills, checked once: an expiry that is no real day from 1970 to 2100
 * (0000-00-00, 2026-02-30) is a row error, never a Date that PostgreSQL refuses (a 500) or that
 * rolls over into the next month.
 */
function withRealExpiries(result: ParseResult): ParseResult {
  const bad = result.fills.filter((f) => f.option && !isCalendarDayInRange(f.option.expiry));
  if (bad.length === 0) return result;
  const lines = new Set(bad.map((f) => f.line));
  return {
    ...result,
    fills: result.fills.filter((f) => !lines.has(f.line)),
    errors: [
      ...result.errors,
      ...bad.map((f) => ({
        line: f.line,
        column: "expiry",
        message: `${f.option!.expiry} is not a real expiry date (use a date like 2026-03-20)`,
      })),
    ].sort((a, b) => a.line - b.line),
  };
}
