import { rootLogger } from "@tradecraft/config";
import { Redis } from "ioredis";

let singleton: Redis | null | undefined;

/** The process's one Redis connection when REDIS_URL is set, otherwise null (in-memory fallbacks). */
export function getRedis(): Redis | null {
  if (singleton === undefined) {
    const url = process.env.REDIS_URL;
    singleton = url
      ? new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 2_000 })
      : null;
    // ioredis reconnects by itself; an unhandled 'error' event would crash the process. Say so in
    // the logs, at most every 30 s, so an outage is visible without flooding them.
    let lastLogged = 0;
    singleton?.on("error", (error: Error) => {
      if (Date.now() - lastLogged < 30_000) return;
      lastLogged = Date.now();
      rootLogger().warn({ err: { message: error.message } }, "redis connection error (falling back where possible)");
    });
  }
  return singleton;
}

/** Closes the process's Redis connection, if one was opened (graceful shutdown). */
export async function closeRedis(): Promise<void> {
  const client = singleton;
  singleton = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}
