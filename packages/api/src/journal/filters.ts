import type { Prisma } from "@tradecraft/db";
import { dayRangeToUtc } from "./domain/time-zone.ts";
import type { TradeFilters } from "./schemas.ts";

/**
 * The member's trades matching the filters; dates are the member's days in their time zone, and
 * a win or loss is beyond ± the member's breakeven band (within it, a scratch).
 */
export function tradeWhere(
  userId: string,
  filters: TradeFilters,
  timeZone: string,
  breakevenBand = 0,
): Prisma.TradeWhereInput {
  const { gte, lt } = dayRangeToUtc(filters.from, filters.to, timeZone);
  const where: Prisma.TradeWhereInput = { userId };
  if (gte || lt) where.entryAt = { ...(gte ? { gte } : {}), ...(lt ? { lt } : {}) };
  if (filters.accountId) where.accountId = filters.accountId;
  if (filters.symbol) where.symbol = filters.symbol;
  if (filters.side) where.direction = filters.side;
  if (filters.status) where.status = filters.status;
  if (filters.assetClass) where.assetClass = filters.assetClass;
  if (filters.setupId) where.setupId = filters.setupId;
  if (filters.tag) where.tags = { has: filters.tag };
  if (filters.grade) where.grade = filters.grade;
  if (filters.outcome) {
    where.status = "closed";
    const band = Math.abs(breakevenBand);
    where.netPnl =
      filters.outcome === "win" ? { gt: band } : filters.outcome === "loss" ? { lt: -band } : { gte: -band, lte: band };
  }
  return where;
}
