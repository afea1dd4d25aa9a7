// The member's tier for feature gates, cached for 5 minutes: in Redis when configured (shared
// by every instance, so an admin's change is seen everywhere at once), else in this process.
import { rootLogger } from "@tradecraft/config";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";
import { middleware } from "../trpc.ts";
import { TierRequiredError } from "./errors.ts";
import type { TierName } from "./quota-math.ts";

export const TIER_CACHE_SECONDS = 5 * 60;
export const TIER_REQUIRED_MESSAGE = "This feature requires a Pro subscription";

const cacheKey = (userId: string) => `tier:v1:${userId}`;
// Without Redis each process keeps its own copy; invalidateTier clears this process's only,
// which is why several instances must share a Redis (see the README).
const local = new Map<string, { tier: TierName; expiresAt: number }>();

const isTier = (value: unknown): value is TierName => value === "FREE" || value === "PRO";

async function readTier(ctx: Pick<Context, "prisma">, userId: string): Promise<TierName | null> {
  const row = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { tier: true } });
  return row?.tier ?? null;
}

/** The member's tier, cached per user for 5 minutes (Redis when configured, else in-process). */
export async function getTier(ctx: Pick<Context, "prisma" | "redis">, userId: string): Promise<TierName> {
  if (ctx.redis) {
    const cached = await ctx.redis.get(cacheKey(userId)).catch(() => null);
    if (isTier(cached)) return cached;
    const tier = await readTier(ctx, userId);
    // An unknown user gets the lowest tier and nothing is cached for them.
    if (!tier) return "FREE";
    await ctx.redis.set(cacheKey(userId), tier, "EX", TIER_CACHE_SECONDS).catch(() => undefined);
    return tier;
  }
  const entry = local.get(userId);
  if (entry && entry.expiresAt > Date.now()) return entry.tier;
  const tier = await readTier(ctx, userId);
  if (!tier) return "FREE";
  local.set(userId, { tier, expiresAt: Date.now() + TIER_CACHE_SECONDS * 1000 });
  return tier;
}

/** Drops the cached tier at once (admin tier change). */
export async function invalidateTier(ctx: Pick<Context, "redis">, userId: string): Promise<void> {
  local.delete(userId);
  if (!ctx.redis) return;
  try {
    await ctx.redis.del(cacheKey(userId));
  } catch (error) {
    // The change is saved; the old tier lingers at most TIER_CACHE_SECONDS.
    rootLogger().warn({ err: { message: (error as Error).message }, userId }, "could not drop the cached tier");
  }
}

/**
 * A procedure middleware: `memberProcedure.use(requireTier("PRO"))` refuses FREE members with
 * FORBIDDEN and `data.requiredTier`; inside, `ctx.user.tier` is the current (cached) tier.
 */
export function requireTier(tier: "PRO") {
  return middleware(async ({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    const current = await getTier(ctx, ctx.user.id);
    if (current !== tier) {
      throw new TRPCError({ code: "FORBIDDEN", message: TIER_REQUIRED_MESSAGE, cause: new TierRequiredError(tier) });
    }
    return next({ ctx: { ...ctx, user: { ...ctx.user, tier: current } } });
  });
}
