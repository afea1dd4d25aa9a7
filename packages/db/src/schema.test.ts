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
    ["--schema-only", "--no-owner", "--no-privileges", "--exclude-table=_prisma_migrations", "--schema=public", "--dbname", url],
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
      expect(migratedDump).toBe(schemaPrismaDump);
    },
    120_000,
  );
});
