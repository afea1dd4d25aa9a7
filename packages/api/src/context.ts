import { randomUUID } from "node:crypto";
import { type AppName, type Logger, rootLogger, setErrorUser } from "@tradecraft/config";
import { getPrisma, getRedis, type PrismaClient } from "@tradecraft/db";
import { type Ai, getAi } from "./ai/client.ts";
import { getMarket } from "./market/index.ts";
import type { MarketData } from "./market/types.ts";
import { getSession, type SessionUser } from "./session.ts";
import { getStorage, type Storage } from "./storage/index.ts";

/** Plain facts about a request; loaders, the HTTP handler and tests all build a context from these. */
export interface CreateContextOptions {
  headers: Headers;
  app: AppName;
  requestId?: string;
  ip?: string;
  logger?: Logger;
  /** Where procedures put headers the response must carry (session cookies). */
  responseHeaders?: Headers;
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
  /** The id of the request's session when signed in. */
  sessionId: string | null;
  responseHeaders: Headers;
  /** The model client and its limits (tests pass one pointed at the OpenAI stub). */
  ai: Ai;
  /** Where uploaded files live (tests pass a local driver on a temporary directory). */
  storage: Storage;
  /** Market data through the providers, cache and fallbacks (tests pass one on their own clock). */
  market: MarketData;
}

/** The logger bound to `requestId`, once (the HTTP layer's request logger already carries it). */
function withRequestId(logger: Logger, requestId: string): Logger {
  return logger.bindings().requestId === requestId ? logger : logger.child({ requestId });
}

/** The context of a member's procedure: signed in. */
export type MemberContext = Context & { user: SessionUser };

/** Builds the tRPC context for one request: who is asking, and the shared clients. */
export async function createContext(opts: CreateContextOptions): Promise<Context> {
  const requestId = opts.requestId ?? randomUUID();
  const prisma = getPrisma();
  const responseHeaders = opts.responseHeaders ?? new Headers();
  const session = await getSession({ headers: opts.headers, app: opts.app, prisma, responseHeaders });
  // Errors reported for this request name the member by id only.
  setErrorUser(session?.user.id ?? null);
  return {
    app: opts.app,
    headers: opts.headers,
    requestId,
    ip: opts.ip ?? "unknown",
    logger: withRequestId(opts.logger ?? rootLogger(), requestId),
    prisma,
    redis: getRedis(),
    user: session?.user ?? null,
    sessionId: session?.id ?? null,
    responseHeaders,
    ai: getAi(),
    storage: getStorage(),
    market: getMarket(),
  };
}
