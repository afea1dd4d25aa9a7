import { CsvError, parseCsv } from "./csv.ts";
import { GENERIC_COLUMNS, parseGeneric } from "./generic.ts";
import { IBKR_COLUMNS, parseIbkr } from "./ibkr.ts";
import { headerIndex } from "./csv.ts";
import { RowProblem } from "./rows.ts";
import { BROKER_LABELS, type BrokerName, type ParseOptions, type ParseResult } from "./types.ts";

/** Formats we read today, with the columns that identify them. */
const READERS: Partial<Record<BrokerName, { columns: readonly string[]; parse: typeof parseGeneric }>> = {
  generic: { columns: GENERIC_COLUMNS.filter((c) => c !== "account" && c !== "multiplier"), parse: parseGeneric },
  ibkr: { columns: IBKR_COLUMNS, parse: parseIbkr },
};

export class ImportFormatError extends Error {}

const expected = () =>
  Object.entries(READERS)
    .map(([name, r]) => `${BROKER_LABELS[name as BrokerName]} (columns ${r!.columns.join(", ")})`)
    .join("; ");

/** The format whose identifying columns are all in the header, or null. */
export function detectBroker(header: string[]): BrokerName | null {
  const index = headerIndex(header);
  for (const [name, reader] of Object.entries(READERS)) {
    if (reader!.columns.every((c) => index(c) !== -1)) return name as BrokerName;
  }
  return null;
}

/**
 * Reads a broker file: detects its format from the header unless the member chose one, then
 * every row. File-level problems (unreadable, unknown format, missing columns) throw an
 * ImportFormatError with a message that says what was expected; row problems are returned.
 */
export function readBrokerFile(content: string, options: ParseOptions & { broker?: BrokerName }): ParseResult & { broker: BrokerName } {
  if (content.includes("\uFFFD")) throw new ImportFormatError("This file is not UTF-8 text. Export it again as CSV (UTF-8).");
  let table;
  try {
    table = parseCsv(content);
  } catch (error) {
    if (error instanceof CsvError) throw new ImportFormatError(error.message);
    throw error;
  }
  const header = table.records[0]?.fields ?? [];
  if (!header.length) throw new ImportFormatError("This file is empty.");
  const broker = options.broker ?? detectBroker(header);
  if (!broker) throw new ImportFormatError(`We don't recognise this file. We read: ${expected()}.`);
  const reader = READERS[broker];
  if (!reader) throw new ImportFormatError(`Importing ${BROKER_LABELS[broker]} files is not available yet. We read: ${expected()}.`);
  try {
    return { broker, ...reader.parse(table.records, options, { decimalComma: table.delimiter === ";" }) };
  } catch (error) {
    if (error instanceof RowProblem) throw new ImportFormatError(error.message);
    throw error;
  }
}
