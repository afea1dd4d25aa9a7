// CSV as brokers write it, read by csv-parse (node-csv): a BOM or not, commas, semicolons or
// tabs, quoted fields with separators, quotes and line breaks inside, CRLF or LF. Every record
// keeps the line it started on; rows with nothing in them (blank, or only separators) are skipped.
import { CsvError as NodeCsvError, parse } from "csv-parse/sync";

export interface CsvRecord {
  /** 1-based line number in the file where the record starts. */
  line: number;
  fields: string[];
}

export interface CsvTable {
  delimiter: "," | ";" | "\t";
  records: CsvRecord[];
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column?: number,
  ) {
    super(`Line ${line}${column ? `, column ${column}` : ""}: ${message}`);
    this.name = "CsvError";
  }
}

/** The separator of the first non-empty line, counted outside quotes. */
export function detectDelimiter(text: string): CsvTable["delimiter"] {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  let best: CsvTable["delimiter"] = ",";
  let bestCount = 0;
  for (const candidate of [",", ";", "\t"] as const) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === candidate && !quoted) count += 1;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

// U+0000 cannot be stored in PostgreSQL text and an unpaired surrogate is no character at all (it
// would become U+FFFD on the way to UTF-8): both are marked with U+FFFF, itself a noncharacter,
// before parsing, so the field holding one is found and named.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|\uFFFF|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MARK = "\uFFFF";
const LINE_BREAKS = /\r\n|\r|\n/g;

/** Byte offsets (UTF-8) where each line starts, for line numbers of records csv-parse reports by byte. */
function lineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Splits CSV text into records. Throws CsvError naming the line (and column) of an unclosed quote,
 * a NUL character or an unpaired surrogate.
 */
export function parseCsv(input: string, delimiter = detectDelimiter(input.replace(/^\uFEFF/, ""))): CsvTable {
  const text = input.replace(/^\uFEFF/, "");
  const marked = UNSTORABLE.test(text);
  UNSTORABLE.lastIndex = 0;
  const bytes = Buffer.from(marked ? text.replace(UNSTORABLE, MARK) : text, "utf8");
  const starts = lineStarts(bytes);
  // csv-parse counts a CRLF inside quotes as two lines: the line is found from the record's end byte.
  let cursor = 0;
  const lineAt = (offset: number) => {
    while (cursor + 1 < starts.length && starts[cursor + 1]! <= offset) cursor += 1;
    return cursor + 1;
  };
  const records: CsvRecord[] = [];
  let lastEnd = 0;
  try {
    parse(bytes, {
      delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      relax_quotes: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      on_record: (fields: string[], { bytes: end }) => {
        // `end` is past the record's line break, if it has one: its last character is before it.
        let last = end - 1;
        if (bytes[last] === 10) last -= 1;
        if (bytes[last] === 13) last -= 1;
        let breaks = 0;
        for (const field of fields)
          if (field.includes("\n") || field.includes("\r")) breaks += field.match(LINE_BREAKS)!.length;
        const line = lineAt(last) - breaks;
        records.push({ line, fields });
        lastEnd = end;
        return null;
      },
    });
  } catch (error) {
    if (error instanceof NodeCsvError) {
      // The record that failed starts on the first line after the last one read that has text.
      let line = lineAt(lastEnd);
      while (
        line < starts.length &&
        bytes
          .subarray(starts[line - 1]!, starts[line]!)
          .toString()
          .trim() === ""
      )
        line += 1;
      throw new CsvError(
        error.code === "CSV_QUOTE_NOT_CLOSED"
          ? "a quoted field is never closed"
          : "this line is not valid CSV (check its quotes)",
        line,
      );
    }
    throw error;
  }
  if (marked) {
    for (const { line, fields } of records) {
      const column = fields.findIndex((f) => f.includes(MARK));
      if (column !== -1)
        throw new CsvError(
          "holds a character that is not text (a NUL byte or a broken character): export the file again as UTF-8 CSV",
          line,
          column + 1,
        );
    }
  }
  return { delimiter, records };
}

const PLAIN_AMOUNT = /^\d+(\.\d+)?$/;

/**
 * A number as brokers print it: "1,234.56", "$1,234.56", "(1,234.56)" for −1234.56,
 * "-0.5", "1.234,56" (decimal comma, when the file separates with semicolons). Returns a
 * plain decimal string, or null when the text is not a number.
 */
export function parseAmount(raw: string, { decimalComma = false } = {}): string | null {
  // The usual case, digits with a decimal point: what the general path below would return.
  if (!decimalComma && PLAIN_AMOUNT.test(raw)) return raw.replace(/^0+(?=\d)/, "");
  let text = raw
    .trim()
    .replace(/^[$€£]|[$€£]$/g, "")
    .replace(/\s/g, "");
  if (text === "" || text === "-" || text === "--") return null;
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  text = text.replace(/^[$€£]/, "");
  if (text.startsWith("-")) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith("+")) text = text.slice(1);
  text = text.replace(/^[$€£]/, "");
  if (
    decimalComma
      ? !/^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$/.test(text)
      : !/^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$|^\.\d+$/.test(text)
  ) {
    return null;
  }
  text = decimalComma ? text.replace(/\./g, "").replace(",", ".") : text.replace(/,/g, "");
  if (text.startsWith(".")) text = `0${text}`;
  const normal = text.replace(/^0+(?=\d)/, "");
  return negative && !/^0(\.0*)?$/.test(normal) ? `-${normal}` : normal;
}

/** Finds columns by header name (case, spacing and punctuation ignored), in any order, extra columns allowed. */
export function headerIndex(header: string[]): (name: string) => number {
  const normal = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const map = new Map(header.map((h, i) => [normal(h), i]));
  // Parsers look the same few names up on every row: normalise each name once.
  const found = new Map<string, number>();
  return (name) => {
    let i = found.get(name);
    if (i === undefined) {
      i = map.get(normal(name)) ?? -1;
      found.set(name, i);
    }
    return i;
  };
}
