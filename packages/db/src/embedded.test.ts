import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded.ts";
import { migrate, readMigrations } from "./migrator.ts";

const tempDirs: string[] = [];
const running: EmbeddedDatabase[] = [];

afterAll(async () => {
  await Promise.all(running.map((db) => db.stop().catch(() => {})));
  await Promise.all(tempDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

async function start(dataDir?: string): Promise<EmbeddedDatabase> {
  const db = await startEmbeddedDatabase({ dataDir });
  running.push(db);
  return db;
}

async function stop(db: EmbeddedDatabase): Promise<void> {
  running.splice(running.indexOf(db), 1);
  await db.stop();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe("embedded PGlite database", () => {
  it("keeps migrations and rows in its data directory across a restart", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "tc-pglite-"));
    tempDirs.push(dataDir);
    const migrationCount = (await readMigrations()).length;

    const first = await start(dataDir);
    expect(first.url).toBe(`postgresql://postgres@127.0.0.1:${first.port}/postgres?sslmode=disable`);
    expect((await migrate(first.url)).applied).toHaveLength(migrationCount);
    await withClient(first.url, (client) =>
      client.query(
        `INSERT INTO "User" (id, email, "displayName", "updatedAt") VALUES ('user-persisted', 'kept@embedded.test', 'Kept', now())`,
      ),
    );
    await stop(first);

    const second = await start(dataDir);
    const rows = await withClient(second.url, async (client) => {
      const result = await client.query<{ id: string; email: string; role: string }>(
        `SELECT id, email, role::text AS role FROM "User"`,
      );
      return result.rows;
    });
    expect(rows).toEqual([{ id: "user-persisted", email: "kept@embedded.test", role: "MEMBER" }]);
    await expect(migrate(second.url)).resolves.toEqual({ applied: [], alreadyApplied: migrationCount });
    await stop(second);
  });

  it("serves two clients connected at the same time", async () => {
    const db = await start();
    const a = new pg.Client({ connectionString: db.url });
    const b = new pg.Client({ connectionString: db.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query("CREATE TABLE shared (n int)");
      await b.query("INSERT INTO shared VALUES (2), (3)");
      const [fromA, fromB] = await Promise.all([
        a.query<{ total: number }>("SELECT sum(n)::int AS total FROM shared"),
        b.query<{ total: number }>("SELECT count(*)::int AS total FROM shared"),
      ]);
      expect(fromA.rows).toEqual([{ total: 5 }]);
      expect(fromB.rows).toEqual([{ total: 2 }]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    await stop(db);
  });
});
