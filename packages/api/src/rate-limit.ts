import { noteRateLimitRefusal } from "@tradecraft/config";
import { TRPCError } from "@trpc/server";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Context } from "./context.ts";

/** Abuse limits (the accounts issue): points allowed per window, per key. */
export const RATE_LIMITS = {
  loginIpEmail: { points: 5, duration: 60 },
  loginIp: { points: 20, duration: 60 },
  signupIp: { points: 5, duration: 60 * 60 },
  forgotEmail: { points: 3, duration: 60 * 60 },
  forgotIp: { points: 10, duration: 60 * 60 },
  verifyResendUser: { points: 3, duration: 60 * 60 },
  emailChangeUser: { points: 5, duration: 60 * 60 },
  /** Password re-checks by a signed-in member (change password, change email, delete account). */
  reauthUser: { points: 10, duration: 15 * 60 },
  /** Coach messages per member (each one is a model call). */
  coachMessage: { points: 20, duration: 60 },
  /** Webhook addresses saved or tested per member: each makes our server resolve and call an address they chose. */
  webhookUser: { points: 10, duration: 60 * 60 },
  /** Studio generations and edits per admin: each is a paid image call. */
  studioImageUser: { points: 10, duration: 60 },
  /** Studio reference uploads per admin (each is up to 10 MB decoded by sharp). */
  studioUploadUser: { points: 30, duration: 60 },
} as const;
export type RateLimitName = keyof typeof RATE_LIMITS;

type Limiter = RateLimiterMemory | RateLimiterRedis;
const memoryLimiters = new Map<RateLimitName, RateLimiterMemory>();
const redisLimiters = new WeakMap<Redis, Map<RateLimitName, RateLimiterRedis>>();

function memoryLimiter(name: RateLimitName): RateLimiterMemory {
  let limiter = memoryLimiters.get(name);
  if (!limiter) {
    limiter = new RateLimiterMemory({ keyPrefix: `rl:${name}`, ...RATE_LIMITS[name] });
    memoryLimiters.set(name, limiter);
  }
  return limiter;
}

/** Redis-backed (shared by every instance) when Redis is configured; in-process otherwise. */
function limiterFor(name: RateLimitName, redis: Redis | null): Limiter {
  if (!redis) return memoryLimiter(name);
  let byName = redisLimiters.get(redis);
  if (!byName) redisLimiters.set(redis, (byName = new Map()));
  let limiter = byName.get(name);
  if (!limiter) {
    // If Redis stops answering, limits keep working per process instead of failing open or closed.
    limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `tc:rl:${name}`,
      ...RATE_LIMITS[name],
      insuranceLimiter: memoryLimiter(name),
      // Not connected: straight to the per-process limits, not seconds in ioredis's offline queue
      // (a sign-in with Redis down took 2–10 s before this).
      rejectIfRedisNotReady: true,
    });
    byName.set(name, limiter);
  }
  return limiter;
}

/**
 * Counts one attempt against each (limit, key) pair; past any limit, throws TOO_MANY_REQUESTS
 * with a readable wait and sets Retry-After on the response.
 */
export async function enforceRateLimits(
  ctx: Pick<Context, "redis" | "responseHeaders" | "logger">,
  checks: [RateLimitName, string][],
) {
  for (const [name, key] of checks) {
    try {
      await limiterFor(name, ctx.redis).consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      ctx.responseHeaders.set("Retry-After", String(seconds));
      ctx.logger.warn({ event: "rate_limited", limit: name, retryAfterSeconds: seconds }, "rate limit reached");
      noteRateLimitRefusal(name);
      throw new TRPCError({
        code: "TOO_MANY_REQUESTS",
        message: `Too many attempts. Please wait ${describeWait(seconds)} and try again.`,
      });
    }
  }
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
