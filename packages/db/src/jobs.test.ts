import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "./client.ts";
import { bossOptions, enqueueJob, enqueueJobs, installJobQueues, JOB_SCHEMA, QUEUES } from "./jobs.ts";

const url = process.env.DATABASE_URL!;
const prisma = createPrismaClient(url);
let boss: PgBoss;

beforeAll(async () => {
  boss = new PgBoss(bossOptions(url, { supervise: false, schedule: false, max: 2 }));
  await boss.start();
});

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await prisma.$disconnect();
});

const queue = QUEUES.emailDeliver.name;

describe("jobs", () => {
  it("installing the queues twice is harmless, and they keep their retry policy", async () => {
    await installJobQueues(url);
    const installed = await boss.getQueue(queue);
    expect(installed).toMatchObject({ name: queue, retryLimit: QUEUES.emailDeliver.retryLimit, retryBackoff: true });
  });

  it("a job enqueued in a transaction that commits can be fetched with its data", async () => {
    const messageId = `commit-${Date.now()}`;
    const id = await prisma.$transaction((tx) => enqueueJob(tx, queue, { messageId }));
    const job = await boss.getJobById<{ messageId: string }>(queue, id);
    expect(job?.data).toEqual({ messageId });
    expect(job?.retryLimit).toBe(QUEUES.emailDeliver.retryLimit);
  });

  it("a job enqueued in a transaction that rolls back was never queued", async () => {
    let jobId = "";
    await expect(
      prisma.$transaction(async (tx) => {
        jobId = await enqueueJob(tx, queue, { messageId: "rolled-back" });
        throw new Error("the write that caused the job failed");
      }),
    ).rejects.toThrow("the write that caused the job failed");
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await boss.getJobById(queue, jobId)).toBeNull();
  });

  it("several jobs enqueued in one statement inside a transaction keep the queue's policy; a rollback queues none", async () => {
    const marker = `many-${Date.now()}`;
    const ids = [1, 2, 3].map((n) => `${marker}-${n}`);
    await prisma.$transaction((tx) =>
      enqueueJobs(
        tx,
        queue,
        ids.map((messageId) => ({ messageId })),
      ),
    );
    const rows = await prisma.$queryRawUnsafe<
      { data: { messageId: string }; retry_limit: number; retry_backoff: boolean }[]
    >(
      `SELECT data, retry_limit, retry_backoff FROM ${JOB_SCHEMA}.job WHERE name = $1 AND data->>'messageId' LIKE $2 ORDER BY data->>'messageId'`,
      queue,
      `${marker}-%`,
    );
    expect(rows.map((r) => r.data.messageId)).toEqual(ids);
    expect(rows.every((r) => r.retry_limit === QUEUES.emailDeliver.retryLimit && r.retry_backoff)).toBe(true);
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueJobs(tx, queue, [{ messageId: `${marker}-rolled-back` }]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const [left] = await prisma.$queryRawUnsafe<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM ${JOB_SCHEMA}.job WHERE data->>'messageId' = $1`,
      `${marker}-rolled-back`,
    );
    expect(left?.count).toBe(0);
  });
});
