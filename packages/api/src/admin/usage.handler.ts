// Admins' view of members' AI usage: a member's allowances, resetting them, and what the
// model calls cost.
import { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { recordAudit } from "../audit/record.ts";
import type { SessionUser } from "../auth/session.service.ts";
import type { Context } from "../context.ts";
import { getUsageLimits } from "../usage/limits.ts";
import { getUsage, type UsageSummary } from "../usage/quota.ts";
import { EPOCH, limitOf, periodStart, type QuotaKind, resetPeriodOf } from "../usage/quota-math.ts";
import { estimateCallCost } from "./ai-pricing.ts";
import { AI_COST_MAX_DAYS, type AiCostsInputSchema, type ResetUsageInputSchema, USAGE_KINDS } from "./usage.schema.ts";

type AdminContext = Context & { user: SessionUser };

export interface MemberUsage extends Omit<UsageSummary, "messages"> {
  /** The member's most recently used conversations and their message units. */
  conversationMessages: { conversationId: string; title: string | null; used: number; limit: number }[];
}

/** A member's allowances as the member sees them, plus their latest conversations' message use. */
export async function usageForUser(ctx: AdminContext, userId: string, now = new Date()): Promise<MemberUsage> {
  const member = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { id: true, tier: true } });
  if (!member) throw new TRPCError({ code: "NOT_FOUND", message: "No such user." });
  const limits = getUsageLimits();
  const { messages: _none, ...summary } = await getUsage({ ...ctx, user: member }, { now, limits });
  const counters = await ctx.prisma.usageCounter.findMany({
    where: { userId, kind: "messages", periodStart: EPOCH },
    orderBy: { updatedAt: "desc" },
    take: 10,
    select: { scope: true, used: true },
  });
  const titles = await ctx.prisma.conversation.findMany({
    where: { userId, id: { in: counters.map((c) => c.scope) } },
    select: { id: true, title: true },
  });
  return {
    ...summary,
    conversationMessages: counters.map((c) => ({
      conversationId: c.scope,
      title: titles.find((t) => t.id === c.scope)?.title ?? null,
      used: c.used,
      limit: limitOf(limits, member.tier, "messages"),
    })),
  };
}

/**
 * Deletes the member's counters of the current period (for messages: of every conversation,
 * whose counters never reset), so they start afresh; audited with the admin as actor.
 */
export async function resetUsage(ctx: AdminContext, input: z.infer<typeof ResetUsageInputSchema>, now = new Date()) {
  const exists = await ctx.prisma.user.count({ where: { id: input.userId } });
  if (!exists) throw new TRPCError({ code: "NOT_FOUND", message: "No such user." });
  const limits = getUsageLimits();
  const kinds: readonly QuotaKind[] = input.kind ? [input.kind] : USAGE_KINDS;
  const { count } = await ctx.prisma.usageCounter.deleteMany({
    where: {
      userId: input.userId,
      OR: kinds.map((kind) => ({ kind, periodStart: periodStart(now, resetPeriodOf(kind, limits)) })),
    },
  });
  await recordAudit(ctx, "admin.usage.reset", {
    actorId: ctx.user.id,
    subjectId: input.userId,
    metadata: { kind: input.kind ?? "all", counters: count },
  });
  return { reset: count };
}

export interface AiCostRow {
  /** The day (YYYY-MM-DD), the model, or the member's id ("" for deleted members' calls). */
  key: string;
  /** For members: their email, or null when the account was deleted. */
  label: string | null;
  calls: number;
  errors: number;
  /** Images made (Studio calls), priced per image by size and quality. */
  images: number;
  promptTokens: number;
  completionTokens: number;
  /** Estimated US dollars of the priced models; null when none of its calls has a known price. */
  estimatedCostUsd: number | null;
  /** True when some calls used a model without a price (their cost is not in the estimate). */
  hasUnpricedCalls: boolean;
}

const GROUP_KEY = {
  day: Prisma.sql`to_char(date_trunc('day', "createdAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
  model: Prisma.sql`"model"`,
  member: Prisma.sql`coalesce("userId", '')`,
} as const;

/** Largest number of member rows returned, most expensive first. */
const MAX_MEMBER_ROWS = 200;

const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);

/** AiCall totals between two UTC days (both included; the last 30 days by default), grouped by day, model or member. */
export async function aiCosts(ctx: AdminContext, input: z.infer<typeof AiCostsInputSchema>, now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  const to = input.to ?? today;
  const from = input.from ?? new Date(dayStart(to).getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  if (Date.parse(to) - Date.parse(from) >= AI_COST_MAX_DAYS * 86_400_000) {
    throw new TRPCError({ code: "BAD_REQUEST", message: `Choose at most ${AI_COST_MAX_DAYS} days` });
  }
  const end = new Date(dayStart(to).getTime() + 86_400_000);
  // Grouped by model as well, so each group's cost uses each model's own price.
  const rows = await ctx.prisma.$queryRaw<
    {
      key: string;
      model: string;
      imageSize: string | null;
      imageQuality: string | null;
      calls: number;
      errors: number;
      images: number;
      prompt: bigint;
      completion: bigint;
    }[]
  >`
    SELECT ${GROUP_KEY[input.groupBy]} AS "key", "model", "imageSize", "imageQuality",
           coalesce(sum("images"), 0)::int AS "images",
           count(*)::int AS "calls",
           (count(*) FILTER (WHERE "outcome" <> 'ok'))::int AS "errors",
           coalesce(sum("promptTokens"), 0)::bigint AS "prompt",
           coalesce(sum("completionTokens"), 0)::bigint AS "completion"
    FROM "AiCall"
    WHERE "createdAt" >= ${dayStart(from)} AND "createdAt" < ${end}
    GROUP BY 1, 2, 3, 4`;
  const groups = new Map<string, AiCostRow>();
  for (const row of rows) {
    const group = groups.get(row.key) ?? {
      key: row.key,
      label: null,
      calls: 0,
      errors: 0,
      images: 0,
      promptTokens: 0,
      completionTokens: 0,
      estimatedCostUsd: null,
      hasUnpricedCalls: false,
    };
    const prompt = Number(row.prompt);
    const completion = Number(row.completion);
    group.calls += row.calls;
    group.errors += row.errors;
    group.promptTokens += prompt;
    group.completionTokens += completion;
    group.images += row.images;
    const image =
      row.images > 0 && row.imageSize && row.imageQuality
        ? { count: row.images, size: row.imageSize, quality: row.imageQuality }
        : null;
    const cost = estimateCallCost(row.model, prompt, completion, image);
    if (cost === null) group.hasUnpricedCalls = true;
    else group.estimatedCostUsd = (group.estimatedCostUsd ?? 0) + cost;
    groups.set(row.key, group);
  }
  const totals = [...groups.values()].reduce(
    (sum, r) => ({
      calls: sum.calls + r.calls,
      errors: sum.errors + r.errors,
      images: sum.images + r.images,
      promptTokens: sum.promptTokens + r.promptTokens,
      completionTokens: sum.completionTokens + r.completionTokens,
      estimatedCostUsd:
        r.estimatedCostUsd === null ? sum.estimatedCostUsd : (sum.estimatedCostUsd ?? 0) + r.estimatedCostUsd,
      hasUnpricedCalls: sum.hasUnpricedCalls || r.hasUnpricedCalls,
    }),
    {
      calls: 0,
      errors: 0,
      images: 0,
      promptTokens: 0,
      completionTokens: 0,
      estimatedCostUsd: null as number | null,
      hasUnpricedCalls: false,
    },
  );
  let result = [...groups.values()];
  if (input.groupBy === "day") result.sort((a, b) => a.key.localeCompare(b.key));
  else
    result.sort(
      (a, b) =>
        (b.estimatedCostUsd ?? -1) - (a.estimatedCostUsd ?? -1) || b.calls - a.calls || a.key.localeCompare(b.key),
    );
  const truncated = input.groupBy === "member" && result.length > MAX_MEMBER_ROWS;
  if (input.groupBy === "member") {
    result = result.slice(0, MAX_MEMBER_ROWS);
    const users = await ctx.prisma.user.findMany({
      where: { id: { in: result.map((r) => r.key).filter(Boolean) } },
      select: { id: true, email: true },
    });
    for (const row of result) row.label = users.find((u) => u.id === row.key)?.email ?? null;
  }
  return { from, to, groupBy: input.groupBy, rows: result, totals, truncated };
}
