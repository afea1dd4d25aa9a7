// CSV as brokers write it: a BOM or not, commas, semicolons or tabs, quoted fields with
// separators, quotes and line breaks inside, CRLF or LF. Every record keeps the line it started on.

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
  ) {
    super(`Line ${line}: ${message}`);
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

/** Splits CSV text into records; blank lines are skipped. Throws CsvError on an unclosed quote. */
export function parseCsv(input: string, delimiter = detectDelimiter(input.replace(/^\uFEFF/, ""))): CsvTable {
  const text = input.replace(/^\uFEFF/, "");
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;

  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]!.trim() !== "") records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    fieldStarted = false;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (ch === "\n") line += 1;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = "";
      fieldStarted = false;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += ch;
      if (ch !== " ") fieldStarted = true;
    }
  }
  if (quoted) throw new CsvError("a quoted field is never closed", recordLine);
  if (field !== "" || fields.length) endRecord();
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
  let text = raw.trim().replace(/^[$€£]|[$€£]$/g, "").replace(/\s/g, "");
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
  if (decimalComma ? !/^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$/.test(text) : !/^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$|^\.\d+$/.test(text)) {
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
