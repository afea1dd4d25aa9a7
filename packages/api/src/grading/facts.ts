// What a grade is based on: the trade with its fills, setup and account, and the member's recent
// statistics for context. Loaded once and given to both graders, so they judge the same facts.
import { dec } from "../journal/domain/decimal.ts";
import { type Summary, summarize } from "../journal/domain/metrics.ts";
import type { MemberContext } from "../journal/accounts.handler.ts";
import { getTradeWithFills, type TradeDto } from "../journal/journal.handler.ts";
import type { RuleGradeInput } from "./rule-based.ts";

/** How many of the member's latest closed trades make their "recent" statistics. */
export const RECENT_TRADES = 50;

export interface GradingFacts {
  trade: TradeDto;
  fills: Awaited<ReturnType<typeof getTradeWithFills>>["fills"];
  setup: { name: string; description: string } | null;
  currency: string;
  /** Starting balance plus the account's P&L closed before this trade opened; null without a starting balance. */
  balanceAtEntry: number | null;
  recent: Summary;
}

/** The facts of one of the member's trades (NOT_FOUND for anyone else's). */
export async function loadGradingFacts(ctx: MemberContext, tradeId: string): Promise<GradingFacts> {
  const { trade, fills } = await getTradeWithFills(ctx, tradeId);
  const userId = ctx.user.id;
  const [setup, account, before, recentRows] = await Promise.all([
    trade.setupId
      ? ctx.prisma.setup.findFirst({ where: { id: trade.setupId, userId }, select: { name: true, description: true } })
      : null,
    ctx.prisma.brokerAccount.findFirst({
      where: { id: trade.accountId, userId },
      select: { currency: true, startingBalance: true },
    }),
    ctx.prisma.trade.aggregate({
      where: {
        userId,
        accountId: trade.accountId,
        status: "closed",
        exitAt: { lte: trade.entryAt },
        id: { not: trade.id },
      },
      _sum: { netPnl: true },
    }),
    ctx.prisma.trade.findMany({
      where: { userId, status: "closed", netPnl: { not: null }, exitAt: { not: null }, id: { not: trade.id } },
      orderBy: [{ exitAt: "desc" }, { id: "desc" }],
      take: RECENT_TRADES,
      select: { netPnl: true, grossPnl: true, fees: true, rMultiple: true, entryAt: true, exitAt: true },
    }),
  ]);
  const balanceAtEntry = account?.startingBalance
    ? dec(account.startingBalance.toString())
        .plus(before._sum.netPnl?.toString() ?? "0")
        .toNumber()
    : null;
  const recent = summarize(
    recentRows.map((r) => ({
      netPnl: Number(r.netPnl),
      grossPnl: Number(r.grossPnl ?? r.netPnl),
      fees: Number(r.fees),
      rMultiple: r.rMultiple === null ? null : Number(r.rMultiple),
      entryAt: r.entryAt,
      exitAt: r.exitAt!,
    })),
  );
  return { trade, fills, setup, currency: account?.currency ?? "USD", balanceAtEntry, recent };
}

const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

/** The rule-based grader's view of a closed trade's facts. */
export function ruleInputOf({ trade, setup, balanceAtEntry, recent }: GradingFacts): RuleGradeInput {
  return {
    direction: trade.direction,
    entryPrice: Number(trade.entryPrice),
    stopLoss: numberOrNull(trade.stopLoss),
    takeProfit: numberOrNull(trade.takeProfit),
    entryAt: trade.entryAt,
    exitAt: trade.exitAt ?? trade.entryAt,
    fees: Number(trade.fees),
    grossPnl: numberOrNull(trade.grossPnl),
    initialRisk: numberOrNull(trade.initialRisk),
    rMultiple: numberOrNull(trade.rMultiple),
    notes: trade.notes,
    hasSetup: setup !== null,
    emotions: trade.emotions,
    accountBalance: balanceAtEntry,
    typicalHoldMinutes: recent.tradeCount ? recent.averageHoldMinutes : null,
  };
}
