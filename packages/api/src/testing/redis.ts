// For tests only (never imported by the product): a Redis client that can never connect (port 1),
// failing each command fast, for proving what happens when Redis is down.
import { Redis } from "ioredis";

/** A lazy client to 127.0.0.1:1 whose commands fail after one quick retry; disconnect() it when done. */
export function unreachableRedis(): Redis {
  const dead = new Redis("redis://127.0.0.1:1", {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 200,
    retryStrategy: () => 100,
  });
  dead.on("error", () => undefined);
  return dead;
}
