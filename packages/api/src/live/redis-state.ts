import type { Redis } from "ioredis";

/**
 * True while the client has lost its connection and waits to reconnect: a command sent now would
 * sit in the offline queue for seconds before failing, so callers with a local fallback use it at once.
 * A client still connecting for the first time is not "down" (its commands are sent once it is).
 */
export function isRedisDown(redis: Redis): boolean {
  return redis.status === "reconnecting" || redis.status === "close" || redis.status === "end";
}
