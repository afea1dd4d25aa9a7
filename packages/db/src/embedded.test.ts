import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { BatchQueue, startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded.ts";
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

  it("keeps each pooled connection's parameterised queries and transactions apart under load", async () => {
    const db = await start();
    const pool = new pg.Pool({ connectionString: db.url, max: 8 });
    try {
      await pool.query("CREATE TABLE counter (n int)");
      // Different statements with different parameter counts, all in flight at once: each
      // answer must be its own (the socket server once interleaved one client's Bind with
      // another's Parse).
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          i % 2 === 0
            ? pool.query<{ v: string }>("SELECT $1::text AS v", [`one-${i}`]).then((r) => r.rows[0]!.v)
            : pool
                .query<{ v: string }>("SELECT $1::text || $2::text || $3::text AS v", ["three-", String(i), ""])
                .then((r) => r.rows[0]!.v),
        ),
      );
      expect(answers).toEqual(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? `one-${i}` : `three-${i}`)));
      // Transactions from several connections at once still commit whole.
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const client = await pool.connect();
          try {
            await client.query("BEGIN");
            await client.query("INSERT INTO counter VALUES ($1)", [i]);
            await client.query("INSERT INTO counter VALUES ($1)", [i]);
            await client.query("COMMIT");
          } finally {
            client.release();
          }
        }),
      );
      const { rows } = await pool.query<{ count: number; sum: number }>(
        "SELECT count(*)::int AS count, sum(n)::int AS sum FROM counter",
      );
      expect(rows).toEqual([{ count: 20, sum: 90 }]);
    } finally {
      await pool.end();
    }
    await stop(db);
  });
});

describe("BatchQueue (the embedded server's turn-taking)", () => {
  /** A stand-in PGlite that records which client's message ran, in order. */
  function recordingDb() {
    const ran: string[] = [];
    let inTransaction = false;
    const db = {
      runExclusive: <T>(fn: () => Promise<T>) => fn(),
      execProtocolRawStream: async (message: Uint8Array, { onRawData }: { onRawData: (d: Uint8Array) => void }) => {
        const text = new TextDecoder().decode(message);
        ran.push(text);
        if (text.endsWith("BEGIN")) inTransaction = true;
        if (text.endsWith("COMMIT")) inTransaction = false;
        onRawData(new Uint8Array([1]));
        await new Promise((r) => setTimeout(r, 1));
      },
      isInTransaction: () => inTransaction,
      exec: async () => {},
    };
    return { db: db as unknown as ConstructorParameters<typeof BatchQueue>[0], ran };
  }
  const msg = (client: string, type: string, rest = "") => new TextEncoder().encode(`${type}${client}${rest}`);

  it("runs one client's Parse, Bind, Execute and Sync without another client's messages in between", async () => {
    const { db, ran } = recordingDb();
    const queue = new BatchQueue(db);
    const done = [
      queue.enqueue(1, msg("a", "P"), () => {}),
      queue.enqueue(2, msg("b", "P"), () => {}),
      queue.enqueue(1, msg("a", "B"), () => {}),
      queue.enqueue(2, msg("b", "B"), () => {}),
      queue.enqueue(1, msg("a", "E"), () => {}),
      queue.enqueue(1, msg("a", "S"), () => {}),
      queue.enqueue(2, msg("b", "E"), () => {}),
      queue.enqueue(2, msg("b", "S"), () => {}),
    ];
    await Promise.all(done);
    expect(ran).toEqual(["Pa", "Ba", "Ea", "Sa", "Pb", "Bb", "Eb", "Sb"]);
  });

  it("keeps a client's turn through its transaction, and gives it back when the client goes away", async () => {
    const { db, ran } = recordingDb();
    const queue = new BatchQueue(db);
    await queue.enqueue(1, msg("a", "Q", "BEGIN"), () => {});
    const other = queue.enqueue(2, msg("b", "Q", "SELECT"), () => {});
    await queue.enqueue(1, msg("a", "Q", "INSERT"), () => {});
    expect(ran).toEqual(["QaBEGIN", "QaINSERT"]);
    // Client a disconnects inside its transaction: the database is rolled back and b goes on.
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    await other;
    expect(ran).toEqual(["QaBEGIN", "QaINSERT", "QbSELECT"]);
  });
});
