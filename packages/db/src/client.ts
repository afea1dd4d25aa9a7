import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type { PrismaClient };

/** Options every connection gets: the session runs in UTC whatever the server's default. */
const CONNECTION_OPTIONS = "-c TimeZone=UTC";

/** A new Prisma client on the pg adapter (the same path for PostgreSQL and embedded PGlite). */
export function createPrismaClient(connectionString: string, { max = 10 }: { max?: number } = {}) {
  const adapter = new PrismaPg({
    connectionString,
    options: CONNECTION_OPTIONS,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}

let singleton: PrismaClient | undefined;

/** The process's one Prisma client, created on first use from DATABASE_URL. */
export function getPrisma(): PrismaClient {
  if (!singleton) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `pnpm dev` or set it");
    singleton = createPrismaClient(url);
  }
  return singleton;
}

/** Disconnects the process's client, if one was created (graceful shutdown). */
export async function closePrisma(): Promise<void> {
  const client = singleton;
  singleton = undefined;
  await client?.$disconnect();
}
