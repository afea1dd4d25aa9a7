// The job queues as the admin's system page shows them, read straight from pg-boss's tables
// (pg-boss 10: pgboss.job, completed jobs moved to pgboss.archive after 12 h, schedules in
// pgboss.schedule), and a failed job put back to retry as pg-boss's own retry() does.
import { JOB_SCHEMA, type PrismaClient, QUEUES, type QueueName } from "@tradecraft/db";

type Db = Pick<PrismaClient, "$queryRawUnsafe">;

/** Jobs of one queue by state: pending (created or waiting to retry), running, failed. */
export interface QueueCounts {
  name: QueueName;
  pending: number;
  active: number;
  failed: number;
}

/** A scheduled queue and when a run of it last completed (null: never, as far as pg-boss keeps). */
export interface ScheduledRun {
  name: string;
  cron: string;
  timezone: string | null;
  lastCompletedAt: Date | null;
}

/** A failed job an admin may retry; `error` is its output's message, cut to 300 characters. */
export interface FailedJob {
  id: string;
  queue: string;
  retryCount: number;
  failedAt: Date | null;
  error: string | null;
}

export const FAILED_JOBS_SHOWN = 20;
const ERROR_CHARS = 300;

const S = JOB_SCHEMA;

/** Counts of every product queue (zeros for a queue with no jobs), in QUEUES order. */
export async function queueCounts(db: Db): Promise<QueueCounts[]> {
  const rows = await db.$queryRawUnsafe<{ name: string; pending: number; active: number; failed: number }[]>(
    `SELECT name,
       count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS pending,
       count(*) FILTER (WHERE state = 'active')::int AS active,
       count(*) FILTER (WHERE state = 'failed')::int AS failed
     FROM ${S}.job GROUP BY name`,
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  return Object.values(QUEUES).map(({ name }) => {
    const row = byName.get(name);
    return { name, pending: row?.pending ?? 0, active: row?.active ?? 0, failed: row?.failed ?? 0 };
  });
}

/** Each schedule pg-boss holds, with its latest completed run (live or archived). */
export async function scheduledRuns(db: Db): Promise<ScheduledRun[]> {
  return db.$queryRawUnsafe<ScheduledRun[]>(
    `SELECT s.name, s.cron, s.timezone,
       GREATEST(
         (SELECT max(completed_on) FROM ${S}.job j WHERE j.name = s.name AND j.state = 'completed'),
         (SELECT max(completed_on) FROM ${S}.archive a WHERE a.name = s.name AND a.state = 'completed')
       ) AS "lastCompletedAt"
     FROM ${S}.schedule s ORDER BY s.name`,
  );
}

/** The most recently failed jobs, newest first. */
export async function failedJobs(db: Db, limit = FAILED_JOBS_SHOWN): Promise<FailedJob[]> {
  const rows = await db.$queryRawUnsafe<(Omit<FailedJob, "error"> & { output: unknown })[]>(
    `SELECT id::text AS id, name AS queue, retry_count AS "retryCount", completed_on AS "failedAt", output
     FROM ${S}.job WHERE state = 'failed'
     ORDER BY completed_on DESC NULLS LAST, id LIMIT $1`,
    limit,
  );
  return rows.map(({ output, ...job }) => ({ ...job, error: errorOf(output) }));
}

/**
 * What a failed job's output says went wrong: pg-boss stores the error (`{ message, … }`), or
 * wraps what is not an object as `{ value }` (its own "job failed by timeout in active state"
 * arrives as `{ value: { message } }`); anything else is shown as JSON.
 */
export function errorOf(output: unknown): string | null {
  if (output === null || output === undefined) return null;
  const messageOf = (value: unknown, depth: number): string | null => {
    if (typeof value === "string") return depth > 0 ? value : null;
    if (typeof value !== "object" || value === null) return null;
    if ("message" in value && typeof value.message === "string") return value.message;
    return depth < 2 && "value" in value ? messageOf(value.value, depth + 1) : null;
  };
  const message = messageOf(output, 0) ?? JSON.stringify(output);
  return message.length > ERROR_CHARS ? `${message.slice(0, ERROR_CHARS - 1)}…` : message;
}

export type RetryOutcome = "retried" | "not-failed" | "missing";

/**
 * Puts a failed job back to "retry" with one more attempt allowed (the SQL of pg-boss's
 * retry()), so the next worker poll runs it. Says why when the job is gone or not failed. An
 * email whose last attempt failed was marked FAILED with it: it goes back to the outbox in the
 * same statement, or the retried job would find it settled and send nothing.
 */
export async function retryFailedJob(db: Db, queue: QueueName, id: string): Promise<RetryOutcome> {
  const updated = await db.$queryRawUnsafe<{ id: string }[]>(
    `WITH job AS (
       UPDATE ${S}.job SET state = 'retry', retry_limit = retry_limit + 1
       WHERE name = $1 AND id = $2::uuid AND state = 'failed' RETURNING id, name, data
     ), email AS (
       UPDATE "EmailMessage" m SET status = 'QUEUED', "updatedAt" = now() FROM job
       WHERE job.name = $3 AND m.id = job.data->>'messageId' AND m.status = 'FAILED' RETURNING m.id
     )
     SELECT id::text AS id FROM job`,
    queue,
    id,
    QUEUES.emailDeliver.name,
  );
  if (updated.length) return "retried";
  const existing = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text AS id FROM ${S}.job WHERE name = $1 AND id = $2::uuid`,
    queue,
    id,
  );
  return existing.length ? "not-failed" : "missing";
}
