import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, MigrationError, readMigrations } from "./migrator.ts";
import { repoRoot } from "./paths.ts";
import { createTestDatabase, type TestDatabase } from "./testing/database.ts";

const onRealPostgres = process.env.TEST_DATABASE_KIND === "postgres";
const databases: TestDatabase[] = [];
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  await Promise.all(tempDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrated: false });
  databases.push(db);
  return db;
}

/** Writes `{ folderName: sql }` as a migrations folder and returns its path. */
async function writeMigrations(files: Record<string, string>, dir?: string): Promise<string> {
  if (!dir) {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "tc-migrations-"));
    tempDirs.push(dir);
  }
  for (const [name, sql] of Object.entries(files)) {
    await fs.mkdir(path.join(dir, name), { recursive: true });
    await fs.writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const historyNames = async (url: string) =>
  (
    await query<{ migration_name: string }>(
      url,
      `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
    )
  ).map((r) => r.migration_name);

const tableExists = async (url: string, table: string) =>
  (await query<{ found: string | null }>(url, `SELECT to_regclass('public.${table}')::text AS found`))[0]!.found !==
  null;

describe("migrate", () => {
  it("applies every migration in prisma/migrations in order, records its checksum, and is a no-op the second time", async () => {
    const db = await freshDatabase();
    const dir = path.join(repoRoot(), "prisma", "migrations");
    const names = (await fs.readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(names.length).toBeGreaterThan(0);
    expect((await readMigrations()).map((m) => m.name)).toEqual(names);

    const first = await migrate(db.url);
    expect(first).toEqual({ applied: names, alreadyApplied: 0 });

    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      db.url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY started_at`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const content = await fs.readFile(path.join(dir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(content).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }

    await expect(migrate(db.url)).resolves.toEqual({ applied: [], alreadyApplied: names.length });
  });

  it("refuses to run, applying nothing, when an applied migration's file was edited", async () => {
    const db = await freshDatabase();
    const dir = await writeMigrations({ "20240101000000_first": "CREATE TABLE first_t (id int);" });
    await expect(migrate(db.url, { dir })).resolves.toEqual({ applied: ["20240101000000_first"], alreadyApplied: 0 });

    await writeMigrations(
      {
        "20240101000000_first": "CREATE TABLE first_t (id int, extra text);",
        "20240102000000_second": "CREATE TABLE second_t (id int);",
      },
      dir,
    );
    const error = await migrate(db.url, { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toMatch(/20240101000000_first was modified after it was applied/);

    expect(await tableExists(db.url, "second_t")).toBe(false);
    expect(await historyNames(db.url)).toEqual(["20240101000000_first"]);
  });

  it("rolls a failing migration back entirely and keeps the ones before it", async () => {
    const db = await freshDatabase();
    const dir = await writeMigrations({
      "20240101000000_create_a": "CREATE TABLE a (id int);",
      "20240102000000_create_b": "CREATE TABLE b (id int); SELECT * FROM does_not_exist;",
    });
    const error = await migrate(db.url, { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toMatch(/^Migration 20240102000000_create_b failed and was rolled back/);
    expect((error as MigrationError).message).toContain("does_not_exist");

    expect(await tableExists(db.url, "a")).toBe(true);
    expect(await tableExists(db.url, "b")).toBe(false);
    expect(await historyNames(db.url)).toEqual(["20240101000000_create_a"]);
  });

  it.skipIf(!onRealPostgres)(
    "(real PostgreSQL) six migrators started at once apply each migration exactly once",
    async () => {
      const db = await freshDatabase();
      const names = ["20240101000000_one", "20240102000000_two", "20240103000000_three"];
      const dir = await writeMigrations({
        [names[0]!]: "CREATE TABLE one (id int);",
        [names[1]!]: "CREATE TABLE two (id int); SELECT pg_sleep(0.3);",
        [names[2]!]: "CREATE TABLE three (id int);",
      });

      const results = await Promise.all(Array.from({ length: 6 }, () => migrate(db.url, { dir })));

      expect(results.reduce((sum, r) => sum + r.applied.length, 0)).toBe(3);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
      expect(await historyNames(db.url)).toEqual(names);
    },
  );
});
