import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./paths.ts";
import { diffSchemas } from "./schema-diff.ts";
import { createTestDatabase, type TestDatabase } from "./testing/database.ts";

const run = promisify(execFile);
const onRealPostgres = process.env.TEST_DATABASE_KIND === "postgres";
const databases: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

/**
 * The database's schema as pg_dump prints it, minus comments, settings and blank lines. Only
 * `public`: pg-boss keeps its own tables in the `pgboss` schema and migrates them itself.
 */
async function schemaDump(url: string): Promise<string> {
  const { stdout } = await run(
    "pg_dump",
    [
      "--schema-only",
      "--no-owner",
      "--no-privileges",
      "--exclude-table=_prisma_migrations",
      "--schema=public",
      "--dbname",
      url,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout
    .split("\n")
    .filter(
      (line) =>
        line.trim() !== "" &&
        !line.startsWith("--") &&
        !/^SET\s.*;$/.test(line) &&
        !line.startsWith("SELECT pg_catalog.set_config") &&
        !/^\\(un)?restrict\b/.test(line),
    )
    .join("\n");
}

/**
 * Splits out what schema.prisma cannot describe, the functions and triggers migrations add:
 * returns the rest of the dump and their names.
 */
function withoutDatabaseCode(dump: string): { rest: string; functions: string[]; triggers: string[] } {
  const functions: string[] = [];
  const triggers: string[] = [];
  const rest: string[] = [];
  let inFunction = false;
  for (const line of dump.split("\n")) {
    const fn = /^CREATE FUNCTION public\.(\w+)\(/.exec(line);
    if (fn) {
      functions.push(fn[1]!);
      inFunction = true;
    }
    const trigger = /^CREATE TRIGGER "?(\w+)"? /.exec(line);
    if (trigger) triggers.push(trigger[1]!);
    else if (!inFunction) rest.push(line);
    if (inFunction && /^\$\$;$/.test(line.trim())) inFunction = false;
  }
  return { rest: rest.join("\n"), functions, triggers };
}

/** The page-version triggers (migrations 20261201234216, …_usage_counter_page_version, …_alerts_notifications): on each table a member's pages show. */
const PAGE_VERSION_TRIGGERS = [
  "User_page_version_insert",
  "User_page_version_update",
  ...["BrokerAccount", "Generation", "Notification", "Profile", "Setup", "Trade", "UsageCounter"].flatMap((table) =>
    ["delete", "insert", "update"].map((op) => `${table}_page_version_${op}`),
  ),
  // Migration …_option_strategies: a strategy left with fewer than two legs is removed.
  "Trade_strategy_prune_delete",
  "Trade_strategy_prune_update",
];

describe("migrations and schema.prisma", () => {
  it.skipIf(!onRealPostgres)(
    "(real PostgreSQL, pg_dump) applying every migration yields exactly the schema schema.prisma describes",
    async () => {
      const migrated = await createTestDatabase();
      databases.push(migrated);

      const fromSchema = await createTestDatabase({ migrated: false });
      databases.push(fromSchema);
      const sql = await diffSchemas(
        ["--from-empty", "--to-schema-datamodel", path.join(repoRoot(), "prisma", "schema.prisma")],
        fromSchema.url,
      );
      const client = new pg.Client({ connectionString: fromSchema.url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }

      const [migratedDump, schemaPrismaDump] = await Promise.all([
        schemaDump(migrated.url),
        schemaDump(fromSchema.url),
      ]);
      expect(migratedDump).toContain('CREATE TABLE public."User"');
      const migratedTables = withoutDatabaseCode(migratedDump);
      expect(migratedTables.rest).toBe(schemaPrismaDump);
      expect(migratedTables.functions.sort()).toEqual([
        "member_page_version_for_rows",
        "member_page_version_for_user",
        "strategy_prune_after_trade_change",
      ]);
      expect(migratedTables.triggers.sort()).toEqual([...PAGE_VERSION_TRIGGERS].sort());
    },
    120_000,
  );
});
