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

/**
 * The summary statistics of the member's closed trades matching the filters. One query returns
 * every trade as a compact "net,gross,fees,r,entry,exit" record (cents and epoch milliseconds)
 * in exit order, in a single text value: 100,000 trades cost one round trip and no row objects.
 */
export async function analyticsSummary(ctx: MemberContext, filters: z.infer<typeof TradeFiltersSchema>) {
  const where = tradeFilterSql(ctx.user.id, filters, await memberTimeZone(ctx));
  const [[packed], accounts] = await Promise.all([
    ctx.prisma.$queryRaw<{ rows: string | null }[]>`
      SELECT string_agg(
               concat_ws(',', round("netPnl" * 100)::bigint, round(coalesce("grossPnl", "netPnl") * 100)::bigint, round("fees" * 100)::bigint,
                         coalesce("rMultiple"::text, ''), (extract(epoch FROM "entryAt") * 1000)::bigint,
                         (extract(epoch FROM coalesce("exitAt", "entryAt")) * 1000)::bigint),
               ';' ORDER BY "exitAt", "entryAt", "id") AS rows
      FROM "Trade" WHERE ${where} AND "status" = 'closed'::"TradeStatus" AND "netPnl" IS NOT NULL`,
    ctx.prisma.brokerAccount.findMany({
      where: { userId: ctx.user.id, ...(filters.accountId ? { id: filters.accountId } : {}) },
      select: { startingBalance: true },
    }),
  ]);
  const trades: MetricTrade[] = [];
  for (const record of packed?.rows ? packed.rows.split(";") : []) {
    const [net, gross, fees, r, entry, exit] = record.split(",");
    trades.push({
      netPnl: Number(net) / 100,
      grossPnl: Number(gross) / 100,
      fees: Number(fees) / 100,
      rMultiple: r ? Number(r) : null,
      entryAt: new Date(Number(entry)),
      exitAt: new Date(Number(exit)),
    });
  }
  const balances = accounts.map((a) => a.startingBalance);
  const startingBalance = balances.length && balances.every((b) => b !== null) ? balances.reduce((acc, b) => acc + Number(b), 0) : null;
  return summarize(trades, { startingBalance });
}
