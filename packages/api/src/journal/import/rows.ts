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
    throw new RowProblem(undefined, `This ${format} file is missing the column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}.`);
  }
  return index;
}

export function rowReader(fields: string[], index: (name: string) => number, { decimalComma = false } = {}) {
  const raw = (column: string) => {
    const i = index(column);
    return i === -1 ? "" : (fields[i] ?? "").trim();
  };
  type Bounds = { min?: number; max?: number };
  const optionalAmount = (column: string, { min, max }: Bounds = {}): string | null => {
    const text = raw(column);
    if (text === "") return null;
    const value = parseAmount(text, { decimalComma });
    if (value === null) throw new RowProblem(column, `"${text.slice(0, 40)}" is not a number`);
    if (min !== undefined && dec(value).lessThan(min)) throw new RowProblem(column, `must be at least ${min}`);
    if (max !== undefined && dec(value).greaterThan(max)) throw new RowProblem(column, `must be at most ${max.toLocaleString("en-US")}`);
    return value;
  };
  const amount = (column: string, bounds: Bounds = {}): string => {
    const value = optionalAmount(column, bounds);
    if (value === null) throw new RowProblem(column, "is empty");
    return value;
  };
  const time = (column: string, timeZone: string) => {
    try {
      return parseTimestamp(raw(column), timeZone);
    } catch (error) {
      if (error instanceof TimestampError) throw new RowProblem(column, error.message);
      throw error;
    }
  };
  const symbol = (column: string) => {
    const text = raw(column).toUpperCase().replace(/^\//, "");
    if (!SYMBOL_PATTERN.test(text)) throw new RowProblem(column, `"${text.slice(0, 20)}" is not a symbol (letters, digits, "." and "/", at most 16)`);
    return text;
  };
  return { raw, amount, optionalAmount, time, symbol };
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
