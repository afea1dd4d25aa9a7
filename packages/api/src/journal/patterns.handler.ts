// Pro: mistake patterns and the setup comparison over the member's closed trades, for the
// analytics page (analytics.mistakePatterns / analytics.compareSetups) and the coach's tools.
// The arithmetic is pure (domain/mistakes.ts, domain/setup-comparison.ts); this file loads.
import type { MemberContext } from "./accounts.handler.ts";
import { type MistakePatterns, findMistakePatterns } from "./domain/mistakes.ts";
import { compareSetups } from "./domain/setup-comparison.ts";
import { tradeWhere } from "./filters.ts";
import { memberPreferences } from "./journal.handler.ts";
import type { TradeFilters } from "./schemas.ts";

/** Most trades a pattern or setup analysis reads: the member's most recently closed. */
export const PATTERN_TRADE_LIMIT = 2000;

async function closedTrades(ctx: MemberContext, filters: TradeFilters) {
  const { timeZone, breakevenBand } = await memberPreferences(ctx);
  // A status filter of "open" leaves nothing: every pattern is about trades that closed.
  const where = {
    AND: [
      tradeWhere(ctx.user.id, filters, timeZone, breakevenBand),
      { status: "closed" as const, netPnl: { not: null }, exitAt: { not: null } },
    ],
  };
  const rows = await ctx.prisma.trade.findMany({
    where,
    orderBy: [{ exitAt: "desc" }, { id: "desc" }],
    take: PATTERN_TRADE_LIMIT,
    select: {
      id: true,
      symbol: true,
      entryAt: true,
      exitAt: true,
      netPnl: true,
      rMultiple: true,
      quantity: true,
      entryPrice: true,
      multiplier: true,
      initialRisk: true,
      setupId: true,
    },
  });
  const trades = rows.map((t) => ({
    id: t.id,
    symbol: t.symbol,
    entryAt: t.entryAt,
    exitAt: t.exitAt!,
    netPnl: Number(t.netPnl),
    rMultiple: t.rMultiple === null ? null : Number(t.rMultiple),
    notional: Math.abs(Number(t.quantity) * Number(t.entryPrice) * Number(t.multiplier)),
    quantity: Math.abs(Number(t.quantity)),
    initialRisk: t.initialRisk === null ? null : Math.abs(Number(t.initialRisk)),
    setupId: t.setupId,
  }));
  return { trades, timeZone, breakevenBand, isLimited: rows.length === PATTERN_TRADE_LIMIT };
}

type LoadedTrade = Awaited<ReturnType<typeof closedTrades>>["trades"][number];
const involved = (t: LoadedTrade) => ({
  id: t.id,
  symbol: t.symbol,
  entryAt: t.entryAt,
  exitAt: t.exitAt,
  netPnl: t.netPnl,
  notional: Math.round(t.notional * 100) / 100,
  quantity: t.quantity,
  initialRisk: t.initialRisk,
});

/**
 * Revenge trades (with the loss before each and the trade after it), overtrading days in the
 * member's zone, and winners' vs losers' hold and R, over the filtered closed trades.
 */
export async function mistakePatterns(ctx: MemberContext, filters: TradeFilters) {
  const { trades, timeZone, isLimited } = await closedTrades(ctx, filters);
  const patterns: MistakePatterns = findMistakePatterns(trades, timeZone);
  const byId = new Map(trades.map((t) => [t.id, t]));
  const examples = patterns.revengeTrading.examples.map((e) => ({
    ...e,
    afterLoss: involved(byId.get(e.afterLossTradeId)!),
    trade: involved(byId.get(e.tradeId)!),
  }));
  return {
    ...patterns,
    revengeTrading: { ...patterns.revengeTrading, examples },
    timeZone,
    isLimited,
    tradeLimit: PATTERN_TRADE_LIMIT,
  };
}

/** Trade count, win rate, expectancy, profit factor and mean R of each setup over the filtered closed trades. */
export async function setupComparison(ctx: MemberContext, filters: TradeFilters) {
  const [{ trades, breakevenBand, isLimited }, setups] = await Promise.all([
    closedTrades(ctx, filters),
    ctx.prisma.setup.findMany({ where: { userId: ctx.user.id }, select: { id: true, name: true } }),
  ]);
  const result = compareSetups(trades, new Map(setups.map((s) => [s.id, s.name])), breakevenBand);
  return { ...result, tradeCount: trades.length, breakevenBand, isLimited, tradeLimit: PATTERN_TRADE_LIMIT };
}
