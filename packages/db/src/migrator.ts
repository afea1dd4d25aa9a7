import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { migrationsDir } from "./paths.ts";

/** One migration folder: `<timestamp>_<name>/migration.sql`. */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/** A migration could not be applied, or the history on disk disagrees with the database. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

// Any fixed 64-bit key; every migrator takes the same lock, so two never run at once.
const LOCK_KEY = "7261646563726166"; // "tradecraf" in hex digits, as a bigint literal

// Prisma's own table layout, so `prisma migrate status` reads our history.
const CREATE_HISTORY = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Reads the migration folders in order, with the SHA-256 of each migration.sql as Prisma computes it. */
export async function readMigrations(dir = migrationsDir()): Promise<MigrationFile[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory() && /^\d{14}_[a-z0-9_]+$/.test(e.name))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await fs.readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies pending migrations in order, each in its own transaction, under an advisory lock.
 * Refuses to run (applying nothing) when an applied migration's file changed or disappeared,
 * or when an earlier attempt failed half-way.
 */
export async function migrate(
  connectionString: string,
  { dir = migrationsDir(), log = (_line: string) => {} } = {},
): Promise<MigrateResult> {
  const files = await readMigrations(dir);
  const client = new pg.Client({ connectionString, options: "-c TimeZone=UTC" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    try {
      await client.query(CREATE_HISTORY);
      const { rows } = await client.query<HistoryRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"
         WHERE rolled_back_at IS NULL ORDER BY started_at`,
      );
      const pending = checkHistory(files, rows);
      for (const file of pending) {
        await applyOne(client, file);
        log(`applied ${file.name}`);
      }
      return { applied: pending.map((f) => f.name), alreadyApplied: files.length - pending.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** Compares the files with the recorded history and returns the files still to apply. */
function checkHistory(files: MigrationFile[], rows: HistoryRow[]): MigrationFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  const applied = new Set<string>();
  for (const row of rows) {
    if (!row.finished_at) {
      throw new MigrationError(
        `Migration ${row.migration_name} started but never finished; resolve it by hand before migrating`,
      );
    }
    const file = byName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(`Migration ${row.migration_name} is applied but its folder is missing`);
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was modified after it was applied ` +
          `(checksum ${row.checksum.slice(0, 12)}… now ${file.checksum.slice(0, 12)}…); ` +
          `write a new migration instead of editing an applied one`,
      );
    }
    applied.add(row.migration_name);
  }
  return files.filter((f) => !applied.has(f.name));
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(file.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), file.checksum, file.name],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${(error as Error).message}`);
  }
}
