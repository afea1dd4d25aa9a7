// market.symbolTrades: the member's own trades on a symbol (its shares, futures, and option legs
// written on it: a leg's `symbol` is its underlying), for the chart's entry and exit markers.
import type { Prisma } from "@tradecraft/db";
import type { MemberContext } from "../journal/accounts.handler.ts";
import { MAX_SYMBOL_TRADES, type SymbolTradesInput } from "./symbol-trades.schema.ts";

/** One trade as the chart marks it: times in epoch ms, amounts as decimal strings (exact, as the journal shows them). */
export interface SymbolTrade {
  id: string;
  assetClass: string;
  direction: "long" | "short";
  status: "open" | "closed";
  quantity: string;
  entryPrice: string;
  entryAt: number;
  exitPrice: string | null;
  exitAt: number | null;
  netPnl: string | null;
  /** For an option leg: "call 200 2026-03-20"; null for anything else. */
  option: { right: "call" | "put"; strike: string; expiry: string } | null;
}

/** The member's newest trades on `symbol` (at most MAX_SYMBOL_TRADES), overlapping from..to when given; never anyone else's. */
export async function symbolTrades(
  ctx: MemberContext,
  input: SymbolTradesInput,
): Promise<{ trades: SymbolTrade[]; truncated: boolean }> {
  const where: Prisma.TradeWhereInput = { userId: ctx.user.id, symbol: input.symbol };
  // Overlap: opened before the period ends, and still open or closed after it starts.
  if (input.to !== undefined) where.entryAt = { lt: new Date(input.to) };
  if (input.from !== undefined) where.OR = [{ exitAt: null }, { exitAt: { gte: new Date(input.from) } }];
  const rows = await ctx.prisma.trade.findMany({
    where,
    orderBy: [{ entryAt: "desc" }, { id: "desc" }],
    take: MAX_SYMBOL_TRADES + 1,
    select: {
      id: true,
      assetClass: true,
      direction: true,
      status: true,
      quantity: true,
      entryPrice: true,
      entryAt: true,
      exitPrice: true,
      exitAt: true,
      netPnl: true,
      costBasisUnknown: true,
      optionRight: true,
      optionStrike: true,
      optionExpiry: true,
    },
  });
  const trades = rows.slice(0, MAX_SYMBOL_TRADES).map((t): SymbolTrade => ({
    id: t.id,
    assetClass: t.assetClass,
    direction: t.direction,
    status: t.status,
    quantity: t.quantity.toString(),
    // A position opened before its import has no known entry: no price to mark.
    entryPrice: t.entryPrice.toString(),
    entryAt: t.entryAt.getTime(),
    exitPrice: t.exitPrice?.toString() ?? null,
    exitAt: t.exitAt?.getTime() ?? null,
    netPnl: t.costBasisUnknown ? null : (t.netPnl?.toString() ?? null),
    option:
      t.optionRight && t.optionStrike && t.optionExpiry
        ? { right: t.optionRight, strike: t.optionStrike.toString(), expiry: t.optionExpiry.toISOString().slice(0, 10) }
        : null,
  }));
  return { trades, truncated: rows.length > MAX_SYMBOL_TRADES };
}
