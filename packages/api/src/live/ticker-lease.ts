// Exactly one ticker producer across instances: a lease in Redis that its holder renews on every
// poll. A holder that dies stops renewing, the key expires, and the next instance to poll takes it:
// with a 10 s lease and 5 s polls, within 15 s. Only the holder can renew or release (compare the
// stored holder id in one script), so a slow ex-holder never steals it back by accident.
import type { Redis } from "ioredis";
import { isRedisDown } from "./redis-state.ts";

const RENEW = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

export interface TickerLease {
  /** Takes the lease or renews it; true while this instance holds it. */
  hold(): Promise<boolean>;
  /** Gives the lease up (at shutdown), so another instance takes over at its next poll. */
  release(): Promise<void>;
}

/**
 * A lease for `holderId`; without Redis there is one instance, which always holds it. While Redis
 * is unreachable every instance holds it: each produces for its own members (the hub delivers
 * locally) rather than none producing at all; one holder again once Redis answers.
 */
export function tickerLease(
  redis: Redis | null,
  holderId: string,
  { leaseMs = 10_000, channel = "ws:ticker" } = {},
): TickerLease {
  if (!redis) return { hold: async () => true, release: async () => {} };
  const KEY = `${channel}:lease`;
  return {
    async hold() {
      if (isRedisDown(redis)) return true;
      try {
        const renewed = await redis.eval(RENEW, 1, KEY, holderId, String(leaseMs));
        if (renewed === 1) return true;
        return (await redis.set(KEY, holderId, "PX", leaseMs, "NX")) === "OK";
      } catch {
        // Redis stopped answering mid-call: nobody can tell who holds it, so this instance produces.
        return true;
      }
    },
    async release() {
      await redis.eval(RELEASE, 1, KEY, holderId);
    },
  };
}
