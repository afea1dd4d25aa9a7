import { PrismaPg } from "@prisma/adapter-pg";
import { watchPoolsOf } from "@tradecraft/config";
import { releasingBrokenTransactions } from "./broken-transactions.ts";
import { PrismaClient } from "./generated/prisma/client.ts";

export type { PrismaClient };

/** Options every connection gets: the session runs in UTC whatever the server's default. */
const CONNECTION_OPTIONS = "-c TimeZone=UTC";

/** A new Prisma client on the pg adapter (the same path for PostgreSQL and embedded PGlite). */
export function createPrismaClient(
  connectionString: string,
  { max = 10, connectionTimeoutMillis = 5_000 }: { max?: number; connectionTimeoutMillis?: number } = {},
) {
  const adapter = new PrismaPg({
    connectionString,
    options: CONNECTION_OPTIONS,
    max,
    // Also how long a query waits for a free connection: past it the request answers 503.
    connectionTimeoutMillis,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter: releasingBrokenTransactions(watchPoolsOf(adapter)) });
}

let singleton: PrismaClient | undefined;

/** The process's one Prisma client, created on first use from DATABASE_URL. */
export function getPrisma(): PrismaClient {
  if (!singleton) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `pnpm dev` or set it");
    // Sized by DATABASE_POOL_SIZE / DATABASE_POOL_TIMEOUT_MS (validated at start-up by the env schema).
    singleton = createPrismaClient(url, {
      max: Number(process.env.DATABASE_POOL_SIZE) || 10,
      connectionTimeoutMillis: Number(process.env.DATABASE_POOL_TIMEOUT_MS) || 5_000,
    });
  }
  return singleton;
}

/** Disconnects the process's client, if one was created (graceful shutdown). */
export async function closePrisma(): Promise<void> {
  const client = singleton;
  singleton = undefined;
  await client?.$disconnect();
}
