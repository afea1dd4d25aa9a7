// Shared reading of one row: columns by name, and values checked with the column named in errors.
import { dec } from "../domain/decimal.ts";
import { SYMBOL_PATTERN } from "../domain/instruments.ts";
import { headerIndex, parseAmount } from "./csv.ts";
import { parseTimestamp, TimestampError } from "./timestamps.ts";
import type { RowError } from "./types.ts";

export class RowProblem extends Error {
  constructor(
    readonly column: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Finds the required columns or throws a message naming the ones missing. */
export function requireColumns(header: string[], required: readonly string[], format: string) {
  const index = headerIndex(header);
  const missing = required.filter((name) => index(name) === -1);
  if (missing.length) {
    throw new RowProblem(
      undefined,
      `This ${format} file is missing the column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}.`,
    );
  }
  return index;
}

type Bounds = { min?: number; max?: number };

// Under 16 characters a decimal has at most 15 significant digits, and distinct such decimals are
// distinct doubles: Number() then orders them exactly, without a Decimal per bound per row.
const isBelow = (value: string, bound: number) =>
  value.length <= 15 ? Number(value) < bound : dec(value).lessThan(bound);
const isAbove = (value: string, bound: number) =>
  value.length <= 15 ? Number(value) > bound : dec(value).greaterThan(bound);

/** Reads one row's cells by column name; a class, so 10,000 rows do not build 50,000 closures. */
class RowReader {
  constructor(
    private readonly fields: string[],
    private readonly index: (name: string) => number,
    private readonly decimalComma: boolean,
  ) {}

  raw(column: string): string {
    const i = this.index(column);
    return i === -1 ? "" : (this.fields[i] ?? "").trim();
  }

  optionalAmount(column: string, { min, max }: Bounds = {}): string | null {
    const text = this.raw(column);
    if (text === "") return null;
    const value = parseAmount(text, { decimalComma: this.decimalComma });
    if (value === null) throw new RowProblem(column, `"${text.slice(0, 40)}" is not a number`);
    if (min !== undefined && isBelow(value, min)) throw new RowProblem(column, `must be at least ${min}`);
    if (max !== undefined && isAbove(value, max))
      throw new RowProblem(column, `must be at most ${max.toLocaleString("en-US")}`);
    return value;
  }

  amount(column: string, bounds: Bounds = {}): string {
    const value = this.optionalAmount(column, bounds);
    if (value === null) throw new RowProblem(column, "is empty");
    return value;
  }

  time(column: string, timeZone: string): Date {
    try {
      return parseTimestamp(this.raw(column), timeZone);
    } catch (error) {
      if (error instanceof TimestampError) throw new RowProblem(column, error.message);
      throw error;
    }
  }

  symbol(column: string): string {
    // "BRK B", as IBKR writes a class, is BRK.B.
    const text = this.raw(column)
      .toUpperCase()
      .replace(/^\//, "")
      .replace(/^([A-Z0-9]+) ([A-Z0-9]{1,4})$/, "$1.$2");
    if (!SYMBOL_PATTERN.test(text)) {
      throw new RowProblem(
        column,
        `"${text.slice(0, 20)}" is not a symbol (letters, digits, ".", "/", "-", "+" and "^", at most 16)`,
      );
    }
    return text;
  }
}

/** A reader of one row's cells by column name, amounts and times checked with the column named in errors. */
export function rowReader(fields: string[], index: (name: string) => number, { decimalComma = false } = {}): RowReader {
  return new RowReader(fields, index, decimalComma);
}

export const MAX_PRICE = 999_999;

/** Runs `read` on a row, turning a RowProblem into a RowError with the line and column. */
export function readRow<T>(line: number, errors: RowError[], read: () => T | null): T | null {
  try {
    return read();
  } catch (error) {
    if (error instanceof RowProblem) {
      errors.push({ line, ...(error.column ? { column: error.column } : {}), message: error.message });
      return null;
    }
    throw error;
  }
}
