import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedDatabase } from "../embedded.ts";
import { installJobQueues } from "../jobs.ts";
import { migrate } from "../migrator.ts";

export interface TestDatabase {
  url: string;
  kind: "postgres" | "pglite";
  drop(): Promise<void>;
}

/** The server tests may create databases on: TEST_DATABASE_URL, else DATABASE_URL, else none. */
export function testServerUrl(): string | undefined {
  if (process.env.TEST_ADMIN_DATABASE_URL) return process.env.TEST_ADMIN_DATABASE_URL;
  // Inside a PGlite test run, DATABASE_URL is the run's own embedded database, not a server to
  // create databases on (PGlite has one database whatever name a client asks for).
  if (process.env.TEST_DATABASE_KIND === "pglite") return undefined;
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** A URL for another database on the same server. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * A new, empty database of its own: on the real PostgreSQL server when one is configured,
 * otherwise an in-memory embedded PGlite. Migrated unless `migrated: false`.
 */
export async function createTestDatabase({ migrated = true, prefix = "tc_test" } = {}): Promise<TestDatabase> {
  const server = testServerUrl();
  let db: TestDatabase;
  if (server) {
    const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
    await adminQuery(server, `CREATE DATABASE "${name}"`);
    db = {
      url: withDatabaseName(server, name),
      kind: "postgres",
      drop: () => adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  } else {
    const embedded = await startEmbeddedDatabase();
    db = { url: embedded.url, kind: "pglite", drop: () => embedded.stop() };
  }
  if (migrated) {
    await migrate(db.url);
    await installJobQueues(db.url);
  }
  return db;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
