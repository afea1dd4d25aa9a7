// The admin's system page (issue 16): every heartbeating instance, each dependency's readiness
// with a reason when it fails, job queue counts, and a failed job retried (audited) by an admin.
import { randomUUID } from "node:crypto";
import { getPrisma, getRedis } from "@tradecraft/db";
import { type OpenAiStub, startOpenAiStub, startTestMailServer, type TestMailServer } from "@tradecraft/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAi } from "../ai/client.ts";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import { unreachableRedis } from "../testing/redis.ts";
import { listInstances, startHeartbeat } from "./heartbeat.ts";
import { getSystemOverview } from "./system.handler.ts";

const prisma = getPrisma();
let mail: TestMailServer;
let openai: OpenAiStub;

beforeAll(async () => {
  [mail, openai] = await Promise.all([startTestMailServer(), startOpenAiStub()]);
});
afterAll(async () => {
  await Promise.all([mail.stop(), openai.close()]);
});

async function userOf(role: "MEMBER" | "ADMIN") {
  const user = await prisma.user.create({
    data: { email: `${randomUUID()}@example.test`, displayName: `System ${role}`, role },
    select: { id: true, email: true, displayName: true, role: true, tier: true },
  });
  const ctx = await createContext({ headers: new Headers(), app: "admin", requestId: randomUUID(), ip: "192.0.2.9" });
  const withUser = { ...ctx, user, ai: createAi({ apiKey: "stub-key", baseURL: openai.url, maxRetries: 0 }) };
  return { user, ctx: withUser, caller: createCaller(withUser) };
}

/** A job of `queue` in `state`, held back an hour so no worker of another test file takes it. */
async function insertJob(queue: string, state: "created" | "failed", message = "boom", data: object = {}) {
  const [row] = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO pgboss.job (name, data, state, start_after, completed_on, output)
     VALUES ($1, $4::jsonb, $2::pgboss.job_state, now() + interval '1 hour',
             CASE WHEN $2 = 'failed' THEN now() END, CASE WHEN $2 = 'failed' THEN jsonb_build_object('message', $3::text) END)
     RETURNING id::text AS id`,
    queue,
    state,
    message,
    JSON.stringify(data),
  );
  return row!.id;
}

const stateOf = async (id: string) =>
  (await prisma.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text FROM pgboss.job WHERE id = $1::uuid`, id))[0]
    ?.state;

describe.skipIf(!process.env.REDIS_URL)("instances", () => {
  it("lists every instance whose heartbeat is live, and drops one that stopped", async () => {
    const { ctx } = await userOf("ADMIN");
    const prefix = `tc-test:${randomUUID()}:`;
    const redis = getRedis()!;
    const web = startHeartbeat({ app: "web", version: "1.2.3", id: "web-a", redis, prefix, intervalMs: 100 });
    const worker = startHeartbeat({ app: "worker", version: "1.2.3", id: "worker-b", redis, prefix, intervalMs: 100 });
    try {
      await vi.waitFor(async () => expect(await listInstances(redis, prefix)).toHaveLength(2));
      const overview = await getSystemOverview(ctx, { heartbeatPrefix: prefix, smtpUrl: mail.url });
      expect(overview.instances.source).toBe("redis");
      const byId = new Map(overview.instances.list.map((i) => [i.id, i]));
      expect(byId.get("web-a")).toMatchObject({ app: "web", version: "1.2.3", pid: process.pid });
      expect(byId.get("worker-b")).toMatchObject({ app: "worker", liveConnections: { sse: 0, ws: 0 } });
      expect(byId.get("web-a")!.breakers).toMatchObject({ simulated: "closed" });
      // The instance answering is listed too (with three: the two beating and this one).
      expect(byId.has(overview.instances.answeredBy)).toBe(true);
      expect(overview.instances.list).toHaveLength(3);

      await worker.stop();
      const after = await getSystemOverview(ctx, { heartbeatPrefix: prefix, smtpUrl: mail.url });
      expect(after.instances.list.map((i) => i.id)).toContain("web-a");
      expect(after.instances.list.map((i) => i.id)).not.toContain("worker-b");
    } finally {
      await Promise.all([web.stop(), worker.stop()]);
    }
  });
  it("drops an instance whose heartbeats stopped without a goodbye (a crash) once its key expires", async () => {
    const prefix = `tc-test:${randomUUID()}:`;
    const redis = getRedis()!;
    // One beat with a 1 s lifetime, the next not due for a minute: as if the process had died.
    const crashed = startHeartbeat({ app: "web", id: "crashed", redis, prefix, ttlSeconds: 1, intervalMs: 60_000 });
    try {
      await vi.waitFor(async () => expect((await listInstances(redis, prefix)).map((i) => i.id)).toEqual(["crashed"]));
      await vi.waitFor(async () => expect(await listInstances(redis, prefix)).toEqual([]), { timeout: 5_000 });
      expect(await redis.smembers(`${prefix}index`)).toEqual([]);
    } finally {
      await crashed.stop();
    }
  });
});

describe("readiness", () => {
  it("reports PostgreSQL, SMTP, OpenAI and the market provider ready, each with its latency", async () => {
    const { ctx } = await userOf("ADMIN");
    const { readiness } = await getSystemOverview(ctx, { smtpUrl: mail.url, freshReadiness: true });
    const byName = new Map(readiness.checks.map((c) => [c.name, c]));
    for (const name of ["PostgreSQL", "SMTP", "OpenAI", "Market: simulated"]) {
      expect(byName.get(name), name).toMatchObject({ status: "ok" });
    }
    expect(byName.get("PostgreSQL")!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(byName.get("Redis")!.status).toBe(process.env.REDIS_URL ? "ok" : "not-configured");
  });

  it("reports a down Redis and an SMTP server that refuses connections as failed, saying why", async () => {
    const { ctx } = await userOf("ADMIN");
    const dead = unreachableRedis();
    try {
      const overview = await getSystemOverview(
        { ...ctx, redis: dead },
        { smtpUrl: "smtp://127.0.0.1:1", freshReadiness: true },
      );
      const byName = new Map(overview.readiness.checks.map((c) => [c.name, c]));
      expect(byName.get("Redis")).toMatchObject({ status: "fail" });
      expect(byName.get("Redis")!.detail).toBeTruthy();
      expect(byName.get("SMTP")).toMatchObject({ status: "fail", detail: expect.stringMatching(/ECONNREFUSED/) });
      expect(byName.get("SMTP")!.latencyMs).toBeLessThan(2_500);
      expect(byName.get("PostgreSQL")).toMatchObject({ status: "ok" });
      // Without Redis the page lists only the instance answering, and says so.
      expect(overview.instances).toMatchObject({ source: "this-instance", note: expect.stringMatching(/Redis/) });
      expect(overview.instances.list).toHaveLength(1);
    } finally {
      dead.disconnect();
    }
  });

  it("says SMTP and OpenAI are not configured when they have no URL or key", async () => {
    const { ctx } = await userOf("ADMIN");
    const { readiness } = await getSystemOverview(
      { ...ctx, ai: createAi({ apiKey: undefined }) },
      { smtpUrl: undefined, freshReadiness: true },
    );
    const byName = new Map(readiness.checks.map((c) => [c.name, c]));
    expect(byName.get("SMTP")).toMatchObject({ status: "not-configured", latencyMs: null });
    expect(byName.get("OpenAI")).toMatchObject({ status: "not-configured", latencyMs: null });
  });
});

describe("job queues", () => {
  it("counts pending and failed jobs per queue and lists the failed ones with their error", async () => {
    const { caller } = await userOf("ADMIN");
    const before = await caller.admin.system.overview();
    if (!before.jobs.ok) throw new Error(before.jobs.error);
    const countOf = (
      jobs: Awaited<ReturnType<typeof caller.admin.system.overview>>["jobs"],
      state: "pending" | "failed",
    ) => (jobs.ok ? jobs.queues.find((q) => q.name === "coach-archive")![state] : NaN);

    await insertJob("coach-archive", "created");
    await insertJob("coach-archive", "created");
    const failed = await insertJob("coach-archive", "failed", `archive failed ${"x".repeat(400)}`);

    const after = await caller.admin.system.overview();
    expect(countOf(after.jobs, "pending")).toBe(countOf(before.jobs, "pending") + 2);
    expect(countOf(after.jobs, "failed")).toBe(countOf(before.jobs, "failed") + 1);
    if (!after.jobs.ok) throw new Error(after.jobs.error);
    expect(after.jobs.queues.map((q) => q.name)).toContain("email-deliver");
    const listed = after.jobs.failed.find((j) => j.id === failed);
    expect(listed).toMatchObject({ queue: "coach-archive", error: expect.stringMatching(/^archive failed x+…$/) });
    expect(listed!.error!.length).toBe(300);
  });

  it("retries a failed job (back to retry, one more attempt) and writes an audit row", async () => {
    const { caller, user } = await userOf("ADMIN");
    const id = await insertJob("coach-archive", "failed");
    const limitOf = async () =>
      (
        await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT retry_limit AS n FROM pgboss.job WHERE id = $1::uuid`, id)
      )[0]?.n;
    const limitBefore = (await limitOf())!;

    await expect(caller.admin.system.retryJob({ queue: "coach-archive", id })).resolves.toEqual({ retried: true });
    expect(await stateOf(id)).toBe("retry");
    expect(await limitOf()).toBe(limitBefore + 1);
    const audit = await prisma.auditEvent.findFirst({
      where: { action: "admin.job.retried", actorId: user.id },
      select: { metadata: true, ip: true },
    });
    expect(audit).toMatchObject({ metadata: { queue: "coach-archive", jobId: id }, ip: "192.0.2.9" });

    // Once more: it is no longer failed.
    await expect(caller.admin.system.retryJob({ queue: "coach-archive", id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("puts a failed email back in the outbox with its job, so the retry sends it; leaves a sent one alone", async () => {
    const { caller } = await userOf("ADMIN");
    const email = (status: "FAILED" | "SENT") =>
      prisma.emailMessage.create({
        data: {
          toAddress: `${randomUUID()}@example.test`,
          template: "test",
          subject: "S",
          textBody: "T",
          htmlBody: "H",
          status,
        },
        select: { id: true },
      });
    const statusOf = async (id: string) =>
      (await prisma.emailMessage.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
    const failed = await email("FAILED");
    const sent = await email("SENT");
    const failedJob = await insertJob("email-deliver", "failed", "ECONNREFUSED", { messageId: failed.id });
    const sentJob = await insertJob("email-deliver", "failed", "boom", { messageId: sent.id });
    // Another queue's job naming the message does not touch it.
    const other = await email("FAILED");
    const otherJob = await insertJob("coach-archive", "failed", "boom", { messageId: other.id });

    await caller.admin.system.retryJob({ queue: "email-deliver", id: failedJob });
    await caller.admin.system.retryJob({ queue: "email-deliver", id: sentJob });
    await caller.admin.system.retryJob({ queue: "coach-archive", id: otherJob });
    expect(await statusOf(failed.id)).toBe("QUEUED");
    expect(await statusOf(sent.id)).toBe("SENT");
    expect(await statusOf(other.id)).toBe("FAILED");
    expect(await stateOf(failedJob)).toBe("retry");
  });

  it("answers NOT_FOUND for an unknown job or the wrong queue, and refuses a bad queue name", async () => {
    const { caller } = await userOf("ADMIN");
    const id = await insertJob("coach-archive", "failed");
    await expect(caller.admin.system.retryJob({ queue: "coach-archive", id: randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(caller.admin.system.retryJob({ queue: "maintenance", id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(caller.admin.system.retryJob({ queue: "no-such-queue" as "maintenance", id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await stateOf(id)).toBe("failed");
  });
});

describe("outbox backlog", () => {
  it("counts queued emails and gives the oldest one's time", async () => {
    const { caller } = await userOf("ADMIN");
    const old = new Date(Date.now() - 3600_000);
    await prisma.emailMessage.create({
      data: {
        toAddress: "backlog@example.test",
        template: "test",
        subject: "Old",
        status: "QUEUED",
        createdAt: old,
        textBody: "x",
        htmlBody: "x",
      },
      select: { id: true },
    });
    const { outbox } = await caller.admin.system.overview();
    expect(outbox.queued).toBeGreaterThanOrEqual(1);
    expect(outbox.oldestQueuedAt!.getTime()).toBeLessThanOrEqual(old.getTime());
  });
});

describe("authorization", () => {
  it("refuses a member", async () => {
    const { caller } = await userOf("MEMBER");
    await expect(caller.admin.system.overview()).rejects.toBeInstanceOf(TRPCError);
    await expect(caller.admin.system.overview()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller.admin.system.retryJob({ queue: "maintenance", id: randomUUID() })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
