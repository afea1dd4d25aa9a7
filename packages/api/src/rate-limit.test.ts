// Rate limits with Redis unreachable (found by the fault suite, `pnpm test:faults`): they fall back
// to this process's own counts at once, still refusing past the limit, instead of waiting in
// ioredis's offline queue on every attempt (a wrong-password sign-in took 2–10 s with Redis down).
import { createLogger } from "@tradecraft/config";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { enforceRateLimits, RATE_LIMITS } from "./rate-limit.ts";
import { unreachableRedis } from "./testing/redis.ts";

describe("enforceRateLimits with Redis unreachable", () => {
  it("limits per process without waiting for Redis: the attempt past the limit gets 429 and Retry-After", async () => {
    const redis = unreachableRedis();
    const ctx = { redis, responseHeaders: new Headers(), logger: createLogger({ level: "silent" }) };
    const key = `10.0.0.1:${Math.random()}`;
    const started = performance.now();
    for (let i = 0; i < RATE_LIMITS.loginIpEmail.points; i++) await enforceRateLimits(ctx, [["loginIpEmail", key]]);
    const refused = await enforceRateLimits(ctx, [["loginIpEmail", key]]).catch((error: unknown) => error);
    const elapsed = performance.now() - started;
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect(Number(ctx.responseHeaders.get("Retry-After"))).toBeGreaterThan(0);
    // Six attempts through a client that retries for ~300 ms each took well over a second.
    expect(elapsed).toBeLessThan(300);
    redis.disconnect();
  });
});
