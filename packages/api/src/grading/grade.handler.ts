// grading.grade and grading.history. The model grades when a key is configured; when it fails in
// any way the rules answer instead, so the member always gets a grade. Each grade is kept (the
// newest is the trade's grade) and its letter copied onto the trade for the list's filter.
import { addBreadcrumb } from "@tradecraft/config";
import type { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { MemberContext } from "../journal/accounts.handler.ts";
import { consumeQuota, releaseQuota } from "../usage/quota.ts";
import { loadGradingFacts, ruleInputOf } from "./facts.ts";
import { gradeWithModel, type ModelGrade } from "./model-grader.ts";
import { type GradeResult, gradeTradeRuleBased, RULE_BASED_MODEL } from "./rule-based.ts";

/** Why the rules answered although a model is configured (the reason itself is only logged). */
export type FallbackOutcome = Extract<ModelGrade, { ok: false }>["outcome"];

/** How many past grades a trade's history returns, newest first. */
export const MAX_HISTORY = 50;

const GRADE = {
  id: true,
  tradeId: true,
  grade: true,
  score: true,
  setupQuality: true,
  riskManagement: true,
  execution: true,
  discipline: true,
  psychology: true,
  strengths: true,
  improvements: true,
  summary: true,
  model: true,
  gradedAt: true,
} satisfies Prisma.TradeGradeSelect;
type GradeRow = Prisma.TradeGradeGetPayload<{ select: typeof GRADE }>;

/** A stored grade as the API returns it. */
export function toGradeDto(row: GradeRow) {
  return { ...row, isRuleBased: row.model === RULE_BASED_MODEL };
}
export type GradeDto = ReturnType<typeof toGradeDto>;

const OPEN_TRADE =
  "Close the trade before grading it: a grade judges the exit, the result and the holding time, which are not known yet.";

/**
 * Grades one of the member's closed trades and stores the grade. With a model configured this
 * takes one grading from the member's monthly allowance, even when the rules have to answer
 * for a failed call; without one the rules answer and nothing is taken.
 */
export async function gradeTrade(
  ctx: MemberContext,
  tradeId: string,
): Promise<GradeDto & { fallback: FallbackOutcome | null }> {
  const facts = await loadGradingFacts(ctx, tradeId);
  if (facts.trade.status !== "closed" || !facts.trade.exitAt)
    throw new TRPCError({ code: "BAD_REQUEST", message: OPEN_TRADE });

  const client = ctx.ai.client;
  addBreadcrumb({
    category: "grading",
    message: "grading a trade",
    data: { tradeId, grader: client ? "model" : "rules" },
  });
  let result: GradeResult;
  let fallback: FallbackOutcome | null = null;
  if (client) {
    await consumeQuota(ctx, { kind: "gradings", units: 1 });
    try {
      const answer = await gradeWithModel(ctx, client, facts);
      if (answer.ok) {
        result = answer.grade;
      } else {
        fallback = answer.outcome;
        // The request's logger carries its request id; the reason names the error, never the prompt.
        ctx.logger.warn(
          { tradeId, outcome: answer.outcome, reason: answer.reason },
          "trade grading fell back to the rules",
        );
        result = gradeTradeRuleBased(ruleInputOf(facts));
      }
      return { ...(await storeGrade(ctx, tradeId, result)), fallback };
    } catch (error) {
      // Nothing was graded for the member (the store failed, or the trade went away): give it back.
      await releaseQuota(ctx, { kind: "gradings", units: 1 });
      throw error;
    }
  }
  result = gradeTradeRuleBased(ruleInputOf(facts));
  return { ...(await storeGrade(ctx, tradeId, result)), fallback: null };
}

/** Writes the grade and the trade's letter together; the trade may have been deleted meanwhile. */
async function storeGrade(ctx: MemberContext, tradeId: string, result: GradeResult): Promise<GradeDto> {
  const row = await ctx.prisma.$transaction(async (tx) => {
    const { count } = await tx.trade.updateMany({
      where: { id: tradeId, userId: ctx.user.id },
      data: { grade: result.grade },
    });
    if (!count) throw new TRPCError({ code: "NOT_FOUND", message: "That trade was not found." });
    return tx.tradeGrade.create({
      data: {
        userId: ctx.user.id,
        tradeId,
        grade: result.grade,
        score: result.score,
        setupQuality: result.setupQuality,
        riskManagement: result.riskManagement,
        execution: result.execution,
        discipline: result.discipline,
        psychology: result.psychology,
        strengths: result.strengths,
        improvements: result.improvements,
        summary: result.summary,
        model: result.model.slice(0, 100),
      },
      select: GRADE,
    });
  });
  return toGradeDto(row);
}

/** The trade's grades, newest first (the first is its current grade); NOT_FOUND for anyone else's trade. */
export async function gradeHistory(ctx: MemberContext, tradeId: string): Promise<GradeDto[]> {
  const trade = await ctx.prisma.trade.findFirst({ where: { id: tradeId, userId: ctx.user.id }, select: { id: true } });
  if (!trade) throw new TRPCError({ code: "NOT_FOUND", message: "That trade was not found." });
  const rows = await ctx.prisma.tradeGrade.findMany({
    where: { tradeId, userId: ctx.user.id },
    orderBy: [{ gradedAt: "desc" }, { id: "desc" }],
    take: MAX_HISTORY,
    select: GRADE,
  });
  return rows.map(toGradeDto);
}
