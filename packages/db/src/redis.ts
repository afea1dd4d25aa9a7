import { Redis } from "ioredis";

let singleton: Redis | null | undefined;

/** The process's one Redis connection when REDIS_URL is set, otherwise null (in-memory fallbacks). */
export function getRedis(): Redis | null {
  if (singleton === undefined) {
    const url = process.env.REDIS_URL;
    singleton = url
      ? new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 2_000 })
      : null;
    // ioredis reconnects by itself; an unhandled 'error' event would crash the process.
    singleton?.on("error", () => {});
  }
  return singleton;
}

/** Closes the process's Redis connection, if one was opened (graceful shutdown). */
export async function closeRedis(): Promise<void> {
  const client = singleton;
  singleton = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}
