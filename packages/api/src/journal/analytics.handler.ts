import { Prisma } from "@tradecraft/db";
import type { z } from "zod";
import type { MemberContext } from "./accounts.handler.ts";
import { type MetricTrade, summarize } from "./domain/metrics.ts";
import { dayRangeToUtc } from "./domain/time-zone.ts";
import { memberTimeZone } from "./journal.handler.ts";
import type { TradeFilters, TradeFiltersSchema } from "./schemas.ts";

/** The filters as SQL over "Trade" (the same rules as filters.ts's Prisma where, for raw aggregate queries). */
export function tradeFilterSql(userId: string, filters: TradeFilters, timeZone: string): Prisma.Sql {
  const { gte, lt } = dayRangeToUtc(filters.from, filters.to, timeZone);
  const parts: Prisma.Sql[] = [Prisma.sql`"userId" = ${userId}`];
  if (gte) parts.push(Prisma.sql`"entryAt" >= ${gte}`);
  if (lt) parts.push(Prisma.sql`"entryAt" < ${lt}`);
  if (filters.accountId) parts.push(Prisma.sql`"accountId" = ${filters.accountId}`);
  if (filters.symbol) parts.push(Prisma.sql`"symbol" = ${filters.symbol}`);
  if (filters.side) parts.push(Prisma.sql`"direction" = ${filters.side}::"Direction"`);
  if (filters.status) parts.push(Prisma.sql`"status" = ${filters.status}::"TradeStatus"`);
  if (filters.assetClass) parts.push(Prisma.sql`"assetClass" = ${filters.assetClass}::"AssetClass"`);
  if (filters.setupId) parts.push(Prisma.sql`"setupId" = ${filters.setupId}`);
  if (filters.tag) parts.push(Prisma.sql`${filters.tag} = ANY("tags")`);
  if (filters.outcome === "win") parts.push(Prisma.sql`"netPnl" > 0`);
  if (filters.outcome === "loss") parts.push(Prisma.sql`"netPnl" < 0`);
  if (filters.outcome === "scratch") parts.push(Prisma.sql`"netPnl" = 0`);
  return Prisma.join(parts, " AND ");
}

interface Columns {
  net: number[] | null;
  gross: number[] | null;
  fees: number[] | null;
  r: (number | null)[] | null;
  entry: number[] | null;
  exit: number[] | null;
}

/**
 * The summary statistics of the member's closed trades matching the filters. One query returns
 * the columns as arrays in exit order (no row objects), so 100,000 trades cost one round trip.
 */
export async function analyticsSummary(ctx: MemberContext, filters: z.infer<typeof TradeFiltersSchema>) {
  const where = tradeFilterSql(ctx.user.id, filters, await memberTimeZone(ctx));
  const [[columns], accounts] = await Promise.all([
    ctx.prisma.$queryRaw<Columns[]>`
      SELECT array_agg("netPnl"::float8 ORDER BY "exitAt", "entryAt") AS net,
             array_agg(coalesce("grossPnl", "netPnl")::float8 ORDER BY "exitAt", "entryAt") AS gross,
             array_agg("fees"::float8 ORDER BY "exitAt", "entryAt") AS fees,
             array_agg("rMultiple"::float8 ORDER BY "exitAt", "entryAt") AS r,
             array_agg(extract(epoch FROM "entryAt") * 1000 ORDER BY "exitAt", "entryAt") AS entry,
             array_agg(extract(epoch FROM coalesce("exitAt", "entryAt")) * 1000 ORDER BY "exitAt", "entryAt") AS exit
      FROM "Trade" WHERE ${where} AND "status" = 'closed'::"TradeStatus" AND "netPnl" IS NOT NULL`,
    ctx.prisma.brokerAccount.findMany({
      where: { userId: ctx.user.id, ...(filters.accountId ? { id: filters.accountId } : {}) },
      select: { startingBalance: true },
    }),
  ]);
  const n = columns?.net?.length ?? 0;
  const trades: MetricTrade[] = new Array(n);
  for (let i = 0; i < n; i++) {
    trades[i] = {
      netPnl: columns!.net![i]!,
      grossPnl: columns!.gross![i]!,
      fees: columns!.fees![i]!,
      rMultiple: columns!.r![i] ?? null,
      entryAt: new Date(Number(columns!.entry![i])),
      exitAt: new Date(Number(columns!.exit![i])),
    };
  }
  const balances = accounts.map((a) => a.startingBalance);
  const startingBalance = balances.length && balances.every((b) => b !== null) ? balances.reduce((acc, b) => acc + Number(b), 0) : null;
  return summarize(trades, { startingBalance });
}
