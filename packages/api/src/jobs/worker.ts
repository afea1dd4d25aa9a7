import { getEnv, type Logger } from "@tradecraft/config";
import { bossOptions, getPrisma, QUEUES, type JobData } from "@tradecraft/db";
import PgBoss from "pg-boss";
import { closeEmailTransports, deliverEmail, type DeliveryConfig } from "../email/deliver.ts";
import { archiveExpiredConversations } from "../coach/archive.ts";
import { runMaintenance } from "./maintenance.ts";

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
}

/**
 * Starts the background workers of this process: email delivery, and the daily maintenance
 * (expired sessions and tokens). pg-boss keeps at most one maintenance run at a time across instances.
 */
export async function startJobWorkers({ databaseUrl, logger, email = {}, pollingIntervalSeconds = 1 }: StartJobWorkersOptions): Promise<JobWorkers> {
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
  await boss.start();

  const prisma = getPrisma();
  await boss.work<JobData["email-deliver"]>(
    QUEUES.emailDeliver.name,
    { includeMetadata: true, pollingIntervalSeconds, batchSize: 1 },
    async (jobs) => {
      for (const job of jobs) {
        await deliverEmail(prisma, job.data.messageId, { isFinalAttempt: job.retryCount >= job.retryLimit }, delivery);
      }
    },
  );
  await boss.work(QUEUES.maintenance.name, { pollingIntervalSeconds: 30 }, async () => {
    const result = await runMaintenance(prisma);
    log.info({ event: "maintenance", ...result }, "maintenance done");
  });
  await boss.schedule(QUEUES.maintenance.name, "17 3 * * *", {}, { tz: "UTC" });
  await boss.work(QUEUES.coachArchive.name, { pollingIntervalSeconds: 30 }, async () => {
    await archiveExpiredConversations(prisma, log);
  });
  await boss.schedule(QUEUES.coachArchive.name, "41 3 * * *", {}, { tz: "UTC" });
  log.info({ smtp: delivery.smtpUrl ? "configured" : "none" }, "job workers started");

  return {
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      closeEmailTransports();
    },
  };
}
