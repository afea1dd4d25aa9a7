export { closePrisma, createPrismaClient, getPrisma } from "./client.ts";
export type { PrismaClient } from "./client.ts";
export { Prisma, Role, Tier } from "./generated/prisma/client.ts";
export type { NotificationKind, User } from "./generated/prisma/client.ts";
export { migrate, MigrationError, readMigrations } from "./migrator.ts";
export { seed, SEED_ACCOUNTS, SEED_PASSWORD } from "./seed.ts";
export { repoRoot } from "./paths.ts";
export { closeRedis, getRedis } from "./redis.ts";
export {
  enqueueExcursionsJob,
  enqueueJob,
  enqueueJobs,
  EXCURSIONS_DEBOUNCE_SECONDS,
  installJobQueues,
  bossOptions,
  JOB_SCHEMA,
  QUEUES,
} from "./jobs.ts";
export type { JobData, QueueName } from "./jobs.ts";
