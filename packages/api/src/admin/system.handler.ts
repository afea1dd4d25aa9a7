import { getEnv } from "@tradecraft/config";
import { TRPCError } from "@trpc/server";
import { recordAudit } from "../audit/record.ts";
import type { Context } from "../context.ts";
import type { ProviderHealth } from "../market/types.ts";
import { describeThisInstance, HEARTBEAT_PREFIX, type Instance, listInstances } from "./heartbeat.ts";
import { failedJobs, queueCounts, retryFailedJob, scheduledRuns } from "./job-queues.ts";
import { CHECK_TIMEOUT_MS, cachedReadiness, describeFailure, type ReadinessCheck, withTimeout } from "./readiness.ts";
import type { RetryJobInput } from "./system.schema.ts";

type AdminContext = Context & { user: NonNullable<Context["user"]> };

/** Where the instance list came from: Redis (every live instance) or this process alone. */
export type InstancesSource = "redis" | "this-instance";

export interface SystemOverview {
  /** Epoch ms this answer was put together (the page counts "updated Xs ago" from it). */
  generatedAt: number;
  instances: { source: InstancesSource; note: string | null; list: Instance[]; answeredBy: string };
  readiness: { checkedAt: number; checks: ReadinessCheck[] };
  /** This instance's circuit breakers in full (others' states are in their heartbeat). */
  breakers: ProviderHealth[];
  jobs:
    | {
        ok: true;
        queues: Awaited<ReturnType<typeof queueCounts>>;
        schedules: Awaited<ReturnType<typeof scheduledRuns>>;
        failed: Awaited<ReturnType<typeof failedJobs>>;
      }
    | { ok: false; error: string };
  /** Live connections summed over the listed instances. */
  live: { sse: number; ws: number };
  outbox: { queued: number; oldestQueuedAt: Date | null };
}

export interface SystemOverviewOptions {
  /** Tests point these at their own servers and keys; the process's settings otherwise. */
  smtpUrl?: string;
  heartbeatPrefix?: string;
  /** A fresh readiness run, ignoring the shared cache (tests that change a dependency). */
  freshReadiness?: boolean;
  now?: number;
}

const sharedReadiness = cachedReadiness();

async function instancesOf(ctx: Context, prefix: string, self: Instance): Promise<SystemOverview["instances"]> {
  const answeredBy = self.id;
  if (!ctx.redis) {
    return {
      source: "this-instance",
      note: "No Redis (REDIS_URL unset): only this instance is shown.",
      list: [self],
      answeredBy,
    };
  }
  try {
    // Bounded: with Redis down, ioredis would hold the call through its reconnect attempts.
    const listed = await withTimeout(listInstances(ctx.redis, prefix), CHECK_TIMEOUT_MS);
    // The answering instance always appears, with its facts as of now, even before its first beat lands.
    const list = [...listed.filter((i) => i.id !== self.id), self].sort((a, b) => a.startedAt - b.startedAt);
    return { source: "redis", note: null, list, answeredBy };
  } catch (error) {
    const why = describeFailure(error);
    return {
      source: "this-instance",
      note: `Redis did not answer (${why}): only this instance is shown.`,
      list: [self],
      answeredBy,
    };
  }
}

async function jobsOf(ctx: Context): Promise<SystemOverview["jobs"]> {
  try {
    const [queues, schedules, failed] = await Promise.all([
      queueCounts(ctx.prisma),
      scheduledRuns(ctx.prisma),
      failedJobs(ctx.prisma),
    ]);
    return { ok: true, queues, schedules, failed };
  } catch (error) {
    ctx.logger.warn({ err: error }, "could not read the job queues");
    return { ok: false, error: describeFailure(error) };
  }
}

async function outboxOf(ctx: Context): Promise<SystemOverview["outbox"]> {
  const [queued, oldest] = await Promise.all([
    ctx.prisma.emailMessage.count({ where: { status: "QUEUED" } }),
    ctx.prisma.emailMessage.findFirst({
      where: { status: "QUEUED" },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
  ]);
  return { queued, oldestQueuedAt: oldest?.createdAt ?? null };
}

/** Everything the system page shows: instances, dependencies, breakers, job queues, live connections, outbox. */
export async function getSystemOverview(ctx: Context, options: SystemOverviewOptions = {}): Promise<SystemOverview> {
  const now = options.now ?? Date.now();
  const env = getEnv();
  const self = describeThisInstance({ fallbackApp: ctx.app, breakers: () => ctx.market.health(), now });
  const deps = {
    prisma: ctx.prisma,
    redis: ctx.redis,
    smtpUrl: "smtpUrl" in options ? options.smtpUrl : env.SMTP_URL,
    openai: ctx.ai.client,
    market: ctx.market,
  };
  const readiness = options.freshReadiness ? cachedReadiness(0)(deps, now) : sharedReadiness(deps, now);
  const [instances, checks, jobs, outbox] = await Promise.all([
    instancesOf(ctx, options.heartbeatPrefix ?? HEARTBEAT_PREFIX, self),
    readiness,
    jobsOf(ctx),
    outboxOf(ctx),
  ]);
  const live = instances.list.reduce(
    (sum, i) => ({ sse: sum.sse + i.liveConnections.sse, ws: sum.ws + i.liveConnections.ws }),
    { sse: 0, ws: 0 },
  );
  return { generatedAt: now, instances, readiness: checks, breakers: ctx.market.health(), jobs, live, outbox };
}

/** Runs a failed job again (one more attempt), audited; NOT_FOUND for no such job in that queue. */
export async function retryJob(ctx: AdminContext, input: RetryJobInput): Promise<{ retried: true }> {
  const outcome = await retryFailedJob(ctx.prisma, input.queue, input.id);
  if (outcome === "missing") throw new TRPCError({ code: "NOT_FOUND", message: "No such job in that queue." });
  if (outcome === "not-failed") {
    throw new TRPCError({ code: "CONFLICT", message: "That job has not failed (it may have been retried already)." });
  }
  await recordAudit(ctx, "admin.job.retried", {
    actorId: ctx.user.id,
    metadata: { queue: input.queue, jobId: input.id },
  });
  return { retried: true };
}
