// Allowances enforced in PostgreSQL: taking units is one INSERT … ON CONFLICT … WHERE statement,
// so concurrent requests can never together pass a limit, and a failed check never lets a
// request through.
import { noteQuotaRefusal } from "@tradecraft/config";
import type { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context.ts";
import { QuotaExceededError } from "./errors.ts";
import { getUsageLimits } from "./limits.ts";
import {
  EPOCH,
  limitOf,
  periodEnd,
  periodStart,
  type QuotaKind,
  quotaExceededMessage,
  resetPeriodOf,
  type TierName,
  type UsageLimits,
} from "./quota-math.ts";

export type { QuotaKind };
export { MESSAGE_UNITS } from "./quota-math.ts";

export const USAGE_UNAVAILABLE = "Usage limits are temporarily unavailable";

export type QuotaContext = Pick<Context, "prisma" | "logger"> & { user: { id: string; tier: TierName } };

export interface QuotaRequest {
  kind: QuotaKind;
  units: number;
  /** The conversation's id for "messages"; ignored for the other kinds. */
  scope?: string;
  /** The instant whose period is charged (tests); now by default. */
  now?: Date;
  /** Limits other than the configured file's (tests, bench). */
  limits?: UsageLimits;
}

interface CounterKey {
  kind: QuotaKind;
  scope: string;
  periodStart: Date;
  limit: number;
  limits: UsageLimits;
  now: Date;
}

function counterKey(tier: TierName, request: QuotaRequest): CounterKey {
  const { kind, units } = request;
  if (!Number.isInteger(units) || units < 1 || units > 1_000)
    throw new Error(`quota units must be a whole number from 1 to 1000, got ${units}`);
  const scope = kind === "messages" ? (request.scope ?? "") : "";
  if (kind === "messages" && (scope === "" || scope.length > 64))
    throw new Error("quota of messages needs the conversation id as scope");
  const limits = request.limits ?? getUsageLimits();
  const now = request.now ?? new Date();
  return {
    kind,
    scope,
    periodStart: periodStart(now, resetPeriodOf(kind, limits)),
    limit: limitOf(limits, tier, kind),
    limits,
    now,
  };
}

function unavailable(ctx: QuotaContext, error: unknown, what: string): TRPCError {
  ctx.logger.error({ err: error, userId: ctx.user.id }, `usage check failed (${what})`);
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: USAGE_UNAVAILABLE, cause: error });
}

/**
 * Atomically takes `units` from the member's allowance; throws PAYMENT_REQUIRED at the limit,
 * SERVICE_UNAVAILABLE "Usage limits are temporarily unavailable" if the check itself fails.
 */
export async function consumeQuota(ctx: QuotaContext, request: QuotaRequest): Promise<{ used: number; limit: number }> {
  const key = counterKey(ctx.user.tier, request);
  let rows: { used: number }[];
  try {
    // The first insert of a period creates the row only if the units fit at all; later ones add
    // to it only while the sum stays within the limit. Row locking on conflict makes the
    // check-and-add one step under concurrency.
    rows = await ctx.prisma.$queryRaw<{ used: number }[]>`
      INSERT INTO "UsageCounter" ("userId", "kind", "scope", "periodStart", "used", "updatedAt")
      SELECT ${ctx.user.id}, ${key.kind}::"UsageKind", ${key.scope}, ${key.periodStart}::timestamptz, ${request.units}::int, now()
      WHERE ${request.units}::int <= ${key.limit}::int
      ON CONFLICT ("userId", "kind", "scope", "periodStart") DO UPDATE
        SET "used" = "UsageCounter"."used" + EXCLUDED."used", "updatedAt" = now()
        WHERE "UsageCounter"."used" + EXCLUDED."used" <= ${key.limit}::int
      RETURNING "used"`;
  } catch (error) {
    throw unavailable(ctx, error, "consume");
  }
  const taken = rows[0];
  if (taken) return { used: taken.used, limit: key.limit };
  const used = await readUsed(ctx, key).catch(() => key.limit);
  noteQuotaRefusal(key.kind);
  throw new TRPCError({
    code: "PAYMENT_REQUIRED",
    message: quotaExceededMessage(key.limits, ctx.user.tier, key.kind),
    cause: new QuotaExceededError({
      kind: key.kind,
      limit: key.limit,
      used,
      tier: ctx.user.tier,
      resetsAt: periodEnd(key.now, resetPeriodOf(key.kind, key.limits)),
    }),
  });
}

async function readUsed(ctx: QuotaContext, key: CounterKey): Promise<number> {
  const row = await ctx.prisma.usageCounter.findUnique({
    where: {
      userId_kind_scope_periodStart: {
        userId: ctx.user.id,
        kind: key.kind,
        scope: key.scope,
        periodStart: key.periodStart,
      },
    },
    select: { used: true },
  });
  return row?.used ?? 0;
}

/** Gives back units taken for work that then failed entirely (never below 0). */
export async function releaseQuota(ctx: QuotaContext, request: QuotaRequest): Promise<void> {
  const key = counterKey(ctx.user.tier, request);
  try {
    await ctx.prisma.$executeRaw`
      UPDATE "UsageCounter" SET "used" = GREATEST("used" - ${request.units}::int, 0), "updatedAt" = now()
      WHERE "userId" = ${ctx.user.id} AND "kind" = ${key.kind}::"UsageKind" AND "scope" = ${key.scope}
        AND "periodStart" = ${key.periodStart}::timestamptz`;
  } catch (error) {
    // The member keeps the charge; better than failing the request that is reporting its failure.
    ctx.logger.error({ err: error, userId: ctx.user.id, kind: key.kind }, "could not give back usage units");
  }
}

export interface Allowance {
  used: number;
  limit: number;
  /** When it renews; null when it never does. */
  resetsAt: Date | null;
}

/** What a member has used and may use, for display. */
export interface UsageSummary {
  tier: TierName;
  conversations: Allowance;
  /** Message units of the given conversation; null when no conversation was named. */
  messages: (Allowance & { conversationId: string }) | null;
  gradings: Allowance;
}

/** What the member has used and may use, for display: conversations this period, messages in a conversation, gradings this period. */
export async function getUsage(
  ctx: QuotaContext,
  {
    conversationId,
    now = new Date(),
    limits = getUsageLimits(),
  }: { conversationId?: string; now?: Date; limits?: UsageLimits } = {},
): Promise<UsageSummary> {
  const tier = ctx.user.tier;
  const periodOf = (kind: QuotaKind) => periodStart(now, resetPeriodOf(kind, limits));
  const wanted: Prisma.UsageCounterWhereInput[] = [
    { kind: "conversations", scope: "", periodStart: periodOf("conversations") },
    { kind: "gradings", scope: "", periodStart: periodOf("gradings") },
  ];
  if (conversationId) wanted.push({ kind: "messages", scope: conversationId, periodStart: EPOCH });
  const rows = await ctx.prisma.usageCounter.findMany({
    where: { userId: ctx.user.id, OR: wanted },
    select: { kind: true, used: true },
  });
  const usedOf = (kind: QuotaKind) => rows.find((row) => row.kind === kind)?.used ?? 0;
  const allowance = (kind: QuotaKind): Allowance => ({
    used: usedOf(kind),
    limit: limitOf(limits, tier, kind),
    resetsAt: periodEnd(now, resetPeriodOf(kind, limits)),
  });
  return {
    tier,
    conversations: allowance("conversations"),
    messages: conversationId ? { ...allowance("messages"), conversationId } : null,
    gradings: allowance("gradings"),
  };
}
