// A transaction whose connection dies (PostgreSQL stopped or restarted under it) gives its pool slot
// back: before, Prisma's failed ROLLBACK skipped the release, so each outage shrank the pool for
// good and $disconnect() at shutdown never returned (found by the fault suite).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "./client.ts";
import { createTestDatabase, type TestDatabase } from "./testing/database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ prefix: "tc_broken_tx", migrated: false });
});
afterAll(async () => {
  await db.drop();
});

/** Ends another session's connection from the server side, as a PostgreSQL restart does. */
async function terminate(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  try {
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
  } finally {
    await admin.end();
  }
}

describe("a transaction on a connection that died", () => {
  it("fails, and its pool slot is free again: the next query runs and $disconnect() returns", async () => {
    // One connection: a lost slot would leave none.
    const prisma = createPrismaClient(db.url, { max: 1, connectionTimeoutMillis: 1_000 });
    const failed = await prisma
      .$transaction(async (tx) => {
        const [session] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
        await terminate(session!.pid);
        await tx.$queryRaw`SELECT 1 AS one`;
      })
      .then(
        () => null,
        (error: Error) => error,
      );
    expect(failed).toBeInstanceOf(Error);
    await expect(prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).resolves.toEqual([{ one: 1 }]);
    const disconnected = await Promise.race([
      prisma.$disconnect().then(() => "disconnected"),
      new Promise((resolve) => setTimeout(() => resolve("still waiting after 3 s"), 3_000)),
    ]);
    expect(disconnected).toBe("disconnected");
  });

  it("a transaction that commits still commits and frees its slot", async () => {
    const prisma = createPrismaClient(db.url, { max: 1, connectionTimeoutMillis: 1_000 });
    const rows = await prisma.$transaction(async (tx) => tx.$queryRaw<{ n: number }[]>`SELECT 2 AS n`);
    expect(rows).toEqual([{ n: 2 }]);
    await expect(prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).resolves.toEqual([{ one: 1 }]);
    await prisma.$disconnect();
  });
});
