// Every process (web, admin, worker) says it is alive in Redis every few seconds, with the facts
// the admin's system page shows: version, uptime, live connections, circuit breakers. A key per
// instance expires on its own when the process dies without saying goodbye, so the page lists
// only the ones that are running; an index set lets the page read them without SCAN.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { type Logger, rootLogger } from "@tradecraft/config";
import { getRedis } from "@tradecraft/db";
import type { Redis } from "ioredis";
import { z } from "zod";
import { liveConnectionCounts } from "../live/connections.ts";
import { getMarket } from "../market/index.ts";
import type { ProviderHealth } from "../market/types.ts";
import { APP_VERSION } from "../version.ts";

export const HEARTBEAT_PREFIX = "tradecraft:instance:";
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** Four missed beats and the instance drops off the page. */
export const HEARTBEAT_TTL_SECONDS = 20;

const CircuitSchema = z.enum(["closed", "open", "half-open"]);

/** What one instance says about itself in each heartbeat. */
export const InstanceSchema = z.object({
  id: z.string().max(200),
  app: z.string().max(40),
  version: z.string().max(100),
  pid: z.number().int(),
  host: z.string().max(255),
  /** Epoch ms the process started. */
  startedAt: z.number(),
  uptimeSeconds: z.number(),
  liveConnections: z.object({ sse: z.number().int(), ws: z.number().int() }),
  breakers: z.record(z.string(), CircuitSchema),
  /** Epoch ms of this heartbeat. */
  at: z.number(),
});
export type Instance = z.infer<typeof InstanceSchema>;

export interface HeartbeatOptions {
  /** "web", "admin", "worker"… */
  app: string;
  version?: string;
  redis?: Redis | null;
  logger?: Logger;
  /** Unique per process unless a test runs several in one. */
  id?: string;
  intervalMs?: number;
  ttlSeconds?: number;
  prefix?: string;
  /** This process's circuit breakers (the market service's by default). */
  breakers?: () => ProviderHealth[];
}

const processStartedAt = Date.now() - Math.round(process.uptime() * 1000);
const defaultId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
/** The app this process announced itself as (the first heartbeat started), for the page's own row. */
let thisApp: string | null = null;

const indexKey = (prefix: string) => `${prefix}index`;

/** This process's facts now, as a heartbeat carries them. */
export function describeThisInstance({
  app,
  fallbackApp = "unknown",
  id = defaultId,
  version = APP_VERSION,
  breakers = () => getMarket().health(),
  now = Date.now(),
}: {
  app?: string;
  /** The app to name when no heartbeat said which this process is. */
  fallbackApp?: string;
  id?: string;
  version?: string;
  breakers?: () => ProviderHealth[];
  now?: number;
} = {}): Instance {
  return {
    id,
    app: app ?? thisApp ?? fallbackApp,
    version,
    pid: process.pid,
    host: os.hostname(),
    startedAt: processStartedAt,
    uptimeSeconds: Math.floor((now - processStartedAt) / 1000),
    liveConnections: liveConnectionCounts(),
    breakers: Object.fromEntries(breakers().map((h) => [h.provider, h.circuit])),
    at: now,
  };
}

/**
 * Writes this process's heartbeat to Redis now and every `intervalMs` until stopped; stop()
 * removes it at once so a clean shutdown leaves the page at once. Without Redis it does nothing
 * (the page then shows only the instance answering it). Never throws: a failed write is logged.
 */
export function startHeartbeat(options: HeartbeatOptions): { id: string; stop(): Promise<void> } {
  const {
    app,
    version = APP_VERSION,
    redis = getRedis(),
    logger = rootLogger(),
    id = defaultId,
    intervalMs = HEARTBEAT_INTERVAL_MS,
    ttlSeconds = HEARTBEAT_TTL_SECONDS,
    prefix = HEARTBEAT_PREFIX,
    breakers,
  } = options;
  thisApp ??= app;
  if (!redis) return { id, stop: async () => {} };
  let lastWarned = 0;
  const beat = async () => {
    const facts = describeThisInstance({ app, id, version, breakers });
    try {
      await redis
        .multi()
        .set(`${prefix}${id}`, JSON.stringify(facts), "EX", ttlSeconds)
        .sadd(indexKey(prefix), id)
        .exec();
    } catch (error) {
      // At most once a minute: Redis being down is reported by /readyz and the page already.
      if (Date.now() - lastWarned > 60_000) {
        lastWarned = Date.now();
        logger.warn({ err: error, component: "heartbeat" }, "could not write the instance heartbeat");
      }
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), intervalMs);
  timer.unref();
  return {
    id,
    async stop() {
      clearInterval(timer);
      await redis
        .multi()
        .del(`${prefix}${id}`)
        .srem(indexKey(prefix), id)
        .exec()
        .catch(() => undefined);
    },
  };
}

/**
 * The instances whose heartbeat has not expired, oldest first. Ids whose key has expired are
 * pruned from the index. Throws when Redis does not answer (the caller falls back).
 */
export async function listInstances(redis: Redis, prefix = HEARTBEAT_PREFIX): Promise<Instance[]> {
  const ids = await redis.smembers(indexKey(prefix));
  if (!ids.length) return [];
  const values = await redis.mget(ids.map((id) => `${prefix}${id}`));
  const gone: string[] = [];
  const instances: Instance[] = [];
  values.forEach((value, i) => {
    const parsed = value ? InstanceSchema.safeParse(safeJson(value)) : null;
    if (parsed?.success) instances.push(parsed.data);
    else gone.push(ids[i]!);
  });
  if (gone.length) await redis.srem(indexKey(prefix), ...gone);
  return instances.sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
