import { countJobOutcomes, getEnv, type Logger, noteEmailDelivery, watchJobQueues } from "@tradecraft/config";
import { bossOptions, enqueueExcursionsJob, getPrisma, QUEUES, type JobData, type QueueName } from "@tradecraft/db";
import PgBoss from "pg-boss";
import { closeEmailTransports, deliverEmail, type DeliveryConfig } from "../email/deliver.ts";
import { archiveExpiredConversations } from "../coach/archive.ts";
import { enrichBacklog } from "../journal/enrich-backlog.ts";
import { runNotificationDigest } from "../notifications/digest.ts";
import { deliverNotificationSms } from "../notifications/sms-job.ts";
import { deliverNotificationWebhook } from "../notifications/webhook-job.ts";
import { getMarket } from "../market/index.ts";
import type { MarketData } from "../market/types.ts";
import { runMaintenance } from "./maintenance.ts";
import { discardUnusedReferences } from "../studio/studio.handler.ts";
import { getStorage } from "../storage/index.ts";

export interface JobWorkers {
  stop(): Promise<void>;
}

export interface StartJobWorkersOptions {
  databaseUrl: string;
  logger: Logger;
  /** Overrides of the email settings read from the environment (tests point these at their own SMTP server). */
  email?: Partial<Omit<DeliveryConfig, "logger">>;
  /** How often idle workers look for jobs; 1 s by default. */
  pollingIntervalSeconds?: number;
  /** The market service the excursions job measures with (tests pass one over the market stub). */
  market?: MarketData;
  /** The queues this process works; all by default (tests that run in parallel each take their own). */
  queues?: readonly QueueName[];
}

/**
 * Starts the background workers of this process: email delivery, the members' MFE/MAE after
 * imports, and the daily maintenance (expired sessions and tokens). pg-boss keeps at most one
 * maintenance run at a time across instances.
 */
export async function startJobWorkers({
  databaseUrl,
  logger,
  email = {},
  pollingIntervalSeconds = 1,
  market,
  queues,
}: StartJobWorkersOptions): Promise<JobWorkers> {
  const env = getEnv();
  const log = logger.child({ component: "jobs" });
  const delivery: DeliveryConfig = {
    smtpUrl: email.smtpUrl ?? env.SMTP_URL,
    from: email.from ?? env.EMAIL_FROM,
    logLinks: email.logLinks ?? env.isDevelopment,
    logger: log,
  };
  const boss = new PgBoss(bossOptions(databaseUrl, { max: 4 }));
  boss.on("error", (error) => log.error({ err: error }, "job system error"));
  countJobOutcomes(boss);
  await boss.start();
  const unwatchQueues = watchJobQueues(boss, queues ?? Object.values(QUEUES).map((queue) => queue.name));

  const prisma = getPrisma();
  const works = (queue: QueueName) => !queues || queues.includes(queue);
  if (works(QUEUES.emailDeliver.name))
    await boss.work<JobData["email-deliver"]>(
      QUEUES.emailDeliver.name,
      // Ten at a time: one an idle poll is two a second, and an alert firing for a thousand
      // members would take minutes to mail. A message that fails is failed on its own (retried
      // with backoff); the others of its batch were sent and complete with the batch.
      { includeMetadata: true, pollingIntervalSeconds, batchSize: 10 },
      async (jobs) => {
        for (const job of jobs) {
          try {
            const outcome = await deliverEmail(
              prisma,
              job.data.messageId,
              { isFinalAttempt: job.retryCount >= job.retryLimit },
              delivery,
            );
            if (outcome === "sent") noteEmailDelivery(true);
          } catch (error) {
            noteEmailDelivery(false);
            await boss.fail(QUEUES.emailDeliver.name, job.id, { message: (error as Error).message });
          }
        }
      },
    );
  if (works(QUEUES.webhookDeliver.name))
    await boss.work<JobData["webhook-deliver"]>(
      QUEUES.webhookDeliver.name,
      { includeMetadata: true, pollingIntervalSeconds, batchSize: 1 },
      async (jobs) => {
        for (const job of jobs) {
          await deliverNotificationWebhook(prisma, job.data.notificationId, {
            isFinalAttempt: job.retryCount >= job.retryLimit,
            logger: log,
          });
        }
      },
    );
  if (works(QUEUES.smsDeliver.name))
    await boss.work<JobData["sms-deliver"]>(
      QUEUES.smsDeliver.name,
      { includeMetadata: true, pollingIntervalSeconds, batchSize: 1 },
      async (jobs) => {
        for (const job of jobs) {
          await deliverNotificationSms(prisma, job.data.notificationId, {
            isFinalAttempt: job.retryCount >= job.retryLimit,
            logger: log,
          });
        }
      },
    );
  if (works(QUEUES.notificationDigest.name)) {
    await boss.work(QUEUES.notificationDigest.name, { pollingIntervalSeconds: 30 }, async () => {
      await runNotificationDigest(prisma, { logger: log });
    });
    // Hourly: each member's digest falls due at 8 am in their own time zone.
    await boss.schedule(QUEUES.notificationDigest.name, "7 * * * *", {}, { tz: "UTC" });
  }
  if (works(QUEUES.maintenance.name)) {
    await boss.work(QUEUES.maintenance.name, { pollingIntervalSeconds: 30 }, async () => {
      const result = await runMaintenance(prisma);
      const unusedStudioReferences = await discardUnusedReferences({ prisma, storage: getStorage(), logger: log });
      log.info({ event: "maintenance", ...result, unusedStudioReferences }, "maintenance done");
    });
    await boss.schedule(QUEUES.maintenance.name, "17 3 * * *", {}, { tz: "UTC" });
  }
  if (works(QUEUES.coachArchive.name)) {
    await boss.work(QUEUES.coachArchive.name, { pollingIntervalSeconds: 30 }, async () => {
      await archiveExpiredConversations(prisma, log);
    });
    await boss.schedule(QUEUES.coachArchive.name, "41 3 * * *", {}, { tz: "UTC" });
  }
  if (works(QUEUES.excursions.name))
    await boss.work<JobData["excursions"]>(
      QUEUES.excursions.name,
      { pollingIntervalSeconds, batchSize: 1 },
      async ([job]) => {
        const { userId, after } = job!.data;
        // A provider that is down throws: pg-boss retries later, and the trades measured so far are kept.
        const result = await enrichBacklog({ prisma, market: market ?? getMarket(), logger: log }, userId, {
          after: after ?? null,
        });
        // A full batch continues in a new job (resumable, and other members' jobs get a turn in between).
        if (result.next) await enqueueExcursionsJob(prisma, userId, { after: result.next, delaySeconds: 0 });
        log.info(
          {
            event: "excursions.batch",
            userId,
            looked: result.looked,
            computed: result.computed,
            more: result.next !== null,
          },
          "excursions measured",
        );
      },
    );
  log.info({ smtp: delivery.smtpUrl ? "configured" : "none" }, "job workers started");

  return {
    async stop() {
      unwatchQueues();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      closeEmailTransports();
    },
  };
}
