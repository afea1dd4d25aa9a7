// Brokers whose files carry no execution id get a deterministic one, so a re-import of the same
// file (or of a later export that repeats a day) matches the fills already in the journal.
import { createHash } from "node:crypto";

/**
 * A namer of executions from what the file says of them. Identical rows (two fills of 100 at the
 * same second and price) get an occurrence number, counted in the order they are named, so they
 * stay two fills and naming the same rows again in the same order gives the same ids.
 */
export function executionIds(prefix: string): (...parts: string[]) => string {
  const seen = new Map<string, number>();
  return (...parts) => {
    const key = parts.join("\u001f");
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return `${prefix}-${createHash("sha256").update(`${key}\u001f${occurrence}`).digest("hex").slice(0, 24)}`;
  };
}

/**
 * The rows oldest first. A file listed newest first (its first row later than its last) is
 * reversed as a whole, which also puts rows of the same instant back in execution order; with
 * `newestFirstWhenEqual`, a file whose first and last rows tie is taken as newest first too.
 */
export function oldestFirst<T>(rows: T[], time: (row: T) => number, { newestFirstWhenEqual = false } = {}): T[] {
  if (rows.length < 2) return rows;
  const first = time(rows[0]!);
  const last = time(rows[rows.length - 1]!);
  return first > last || (newestFirstWhenEqual && first === last) ? [...rows].reverse() : rows;
}
