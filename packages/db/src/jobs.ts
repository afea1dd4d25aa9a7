// Background jobs on PostgreSQL (pg-boss): the queues, their retry policies, installing them, and
// enqueueing a job inside the Prisma transaction whose write causes it (see ARCHITECTURE.md).
import PgBoss from "pg-boss";
import type { Prisma, PrismaClient } from "./generated/prisma/client.ts";

export const JOB_SCHEMA = "pgboss";

/** Every queue the product uses, with how its jobs are retried. */
export const QUEUES = {
  /** Delivers one outbox email; backoff 30 s, 60 s, 120 s… over about half an hour. */
  emailDeliver: {
    name: "email-deliver",
    retryLimit: 6,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 120,
    retentionMinutes: 7 * 24 * 60,
  },
  /** Daily housekeeping (expired sessions and tokens, old outbox rows). */
  maintenance: {
    name: "maintenance",
    retryLimit: 2,
    retryDelay: 300,
    retryBackoff: false,
    expireInSeconds: 15 * 60,
    retentionMinutes: 7 * 24 * 60,
  },
  /** Daily archival of expired coach conversations (their messages move to the archive table). */
  coachArchive: {
    name: "coach-archive",
    retryLimit: 2,
    retryDelay: 300,
    retryBackoff: false,
    expireInSeconds: 15 * 60,
    retentionMinutes: 7 * 24 * 60,
  },
  /**
   * Measures a member's closed trades without MFE/MAE (after an import). The "short" policy keeps
   * at most one waiting job per singleton key (the member), so imports in a row fold into one.
   */
  excursions: {
    name: "excursions",
    policy: "short",
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 15 * 60,
    retentionMinutes: 24 * 60,
  },
  /**
   * Posts one notification to the member's webhook; backoff 10 s, 20 s, 40 s… (5 retries). A
   * delivery that still fails counts against the endpoint, which is disabled after repeated ones.
   */
  webhookDeliver: {
    name: "webhook-deliver",
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 60,
    retentionMinutes: 24 * 60,
  },
  /**
   * Texts one notification to the member's phone; backoff 15 s, 30 s, 60 s… (4 retries). A text
   * that still fails is dropped (logged): the in-app notification and its email remain.
   */
  smsDeliver: {
    name: "sms-deliver",
    retryLimit: 4,
    retryDelay: 15,
    retryBackoff: true,
    expireInSeconds: 60,
    retentionMinutes: 24 * 60,
  },
  /** Hourly: emails each member whose daily digest is due the notifications it collected. */
  notificationDigest: {
    name: "notification-digest",
    retryLimit: 2,
    retryDelay: 120,
    retryBackoff: false,
    expireInSeconds: 15 * 60,
    retentionMinutes: 7 * 24 * 60,
  },
} as const satisfies Record<string, PgBoss.Queue>;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]["name"];

/** Job payloads by queue. */
export interface JobData {
  "email-deliver": { messageId: string };
  "webhook-deliver": { notificationId: string };
  "sms-deliver": { notificationId: string };
  "notification-digest": Record<string, never>;
  maintenance: Record<string, never>;
  "coach-archive": Record<string, never>;
  /** `after`: where the previous batch stopped (exit time ISO, trade id), for a continuation. */
  excursions: { userId: string; after?: { exitAt: string; id: string } | null };
}

/** pg-boss connection options shared by the installer and the workers. */
export function bossOptions(url: string, extra: Partial<PgBoss.ConstructorOptions> = {}): PgBoss.ConstructorOptions {
  return { connectionString: url, schema: JOB_SCHEMA, application_name: "tradecraft-jobs", ...extra };
}

/**
 * Creates pg-boss's schema (or migrates it to this version) and every queue; idempotent.
 * The migrator calls it, so a migrated database can take jobs before any worker has started.
 */
export async function installJobQueues(url: string): Promise<void> {
  const boss = new PgBoss(bossOptions(url, { max: 1, supervise: false, schedule: false }));
  boss.on("error", () => {});
  await boss.start();
  try {
    for (const queue of Object.values(QUEUES)) {
      await boss.createQueue(queue.name, queue);
      await boss.updateQueue(queue.name, queue);
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

type Queryable = Pick<PrismaClient, "$queryRawUnsafe"> | Pick<Prisma.TransactionClient, "$queryRawUnsafe">;

// Only ever used to build the INSERT; each send runs it on the caller's transaction.
let sender: PgBoss | undefined;

/** pg-boss's SQL runner over the caller's client or transaction. */
function executorOn(db: Queryable) {
  return async (text: string, values: unknown[]) => {
    // pg serialises objects itself; through Prisma, JSON goes as text and undefined as null.
    const params = values.map((v) =>
      v === undefined ? null : v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v,
    );
    return { rows: await db.$queryRawUnsafe<unknown[]>(text, ...params) };
  };
}

function jobSender(): PgBoss {
  sender ??= new PgBoss({
    schema: JOB_SCHEMA,
    db: { executeSql: () => Promise.reject(new Error("no direct connection")) },
  });
  return sender;
}

/** Runs pg-boss's INSERT on the caller's client or transaction; the job's id, or null when a singleton rule kept it out. */
async function insertJob(
  db: Queryable,
  queue: QueueName,
  data: object,
  options: PgBoss.SendOptions,
): Promise<string | null> {
  return jobSender().send(queue, data, { ...options, db: { executeSql: executorOn(db) } });
}

/**
 * Enqueues several jobs of one queue in one statement on the caller's client or transaction (the
 * queue's retry policy applies to each), rolled back with it.
 */
export async function enqueueJobs<Q extends QueueName>(db: Queryable, queue: Q, items: JobData[Q][]): Promise<void> {
  if (!items.length) return;
  await jobSender().insert(
    items.map((data) => ({ name: queue, data })),
    { db: { executeSql: executorOn(db) } },
  );
}

/**
 * Enqueues a job on the given Prisma client or interactive transaction: when the transaction
 * rolls back, the job was never queued. Returns the job's id.
 */
export async function enqueueJob<Q extends QueueName>(
  db: Queryable,
  queue: Q,
  data: JobData[Q],
  options: Pick<PgBoss.SendOptions, "startAfter" | "singletonKey"> = {},
): Promise<string> {
  const id = await insertJob(db, queue, data as object, options);
  if (!id) throw new Error(`Job for queue "${queue}" was not queued (is the queue installed?)`);
  return id;
}

/** Seconds an excursions job waits after the import that caused it, so imports in a row share it. */
export const EXCURSIONS_DEBOUNCE_SECONDS = 5;

/**
 * Enqueues the member's excursions job to start in 5 s, unless one is already waiting for them
 * (then null: that job, run later, covers this import's trades too). On the caller's transaction.
 */
export async function enqueueExcursionsJob(
  db: Queryable,
  userId: string,
  {
    after = null,
    delaySeconds = EXCURSIONS_DEBOUNCE_SECONDS,
  }: { after?: JobData["excursions"]["after"]; delaySeconds?: number } = {},
): Promise<string | null> {
  return insertJob(db, QUEUES.excursions.name, { userId, after }, { singletonKey: userId, startAfter: delaySeconds });
}
