export { closePrisma, createPrismaClient, getPrisma } from "./client.ts";
export type { PrismaClient } from "./client.ts";
export { Prisma, Role, Tier } from "./generated/prisma/client.ts";
export type { User } from "./generated/prisma/client.ts";
export { migrate, MigrationError, readMigrations } from "./migrator.ts";
export { seed, SEED_ACCOUNTS, SEED_PASSWORD } from "./seed.ts";
export { repoRoot } from "./paths.ts";
export { closeRedis, getRedis } from "./redis.ts";
