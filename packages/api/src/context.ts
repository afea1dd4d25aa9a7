import { randomUUID } from "node:crypto";
import { type AppName, type Logger, rootLogger } from "@tradecraft/config";
import { getPrisma, getRedis, type PrismaClient } from "@tradecraft/db";
import { getSessionUser, type SessionUser } from "./session.ts";

/** Plain facts about a request; loaders, the HTTP handler and tests all build a context from these. */
export interface CreateContextOptions {
  headers: Headers;
  app: AppName;
  requestId?: string;
  ip?: string;
  logger?: Logger;
}

export interface Context {
  app: AppName;
  headers: Headers;
  requestId: string;
  ip: string;
  logger: Logger;
  prisma: PrismaClient;
  /** The shared Redis connection when REDIS_URL is set; null means use in-memory fallbacks. */
  redis: ReturnType<typeof getRedis>;
  user: SessionUser | null;
}

/** Builds the tRPC context for one request: who is asking, and the shared clients. */
export async function createContext(opts: CreateContextOptions): Promise<Context> {
  const requestId = opts.requestId ?? randomUUID();
  const prisma = getPrisma();
  const user = await getSessionUser({ headers: opts.headers, app: opts.app, prisma });
  return {
    app: opts.app,
    headers: opts.headers,
    requestId,
    ip: opts.ip ?? "unknown",
    logger: (opts.logger ?? rootLogger()).child({ requestId }),
    prisma,
    redis: getRedis(),
    user,
  };
}
