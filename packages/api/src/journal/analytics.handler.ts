import type { z } from "zod";
import type { MemberContext } from "./accounts.handler.ts";
import { summarize } from "./domain/metrics.ts";
import { tradeWhere } from "./filters.ts";
import { memberTimeZone } from "./journal.handler.ts";
import type { TradeFiltersSchema } from "./schemas.ts";

/** The summary statistics of the member's closed trades matching the filters. */
export async function analyticsSummary(ctx: MemberContext, filters: z.infer<typeof TradeFiltersSchema>) {
  const where = { ...tradeWhere(ctx.user.id, filters, await memberTimeZone(ctx)), status: "closed" as const };
  const [rows, accounts] = await Promise.all([
    ctx.prisma.trade.findMany({ where, select: { netPnl: true, grossPnl: true, fees: true, rMultiple: true, entryAt: true, exitAt: true } }),
    ctx.prisma.brokerAccount.findMany({
      where: { userId: ctx.user.id, ...(filters.accountId ? { id: filters.accountId } : {}) },
      select: { startingBalance: true },
    }),
  ]);
  const balances = accounts.map((a) => a.startingBalance);
  const startingBalance = balances.length && balances.every((b) => b !== null) ? balances.reduce((acc, b) => acc + Number(b), 0) : null;
  return summarize(
    rows.map((r) => ({
      netPnl: Number(r.netPnl ?? 0),
      grossPnl: Number(r.grossPnl ?? 0),
      fees: Number(r.fees),
      rMultiple: r.rMultiple === null ? null : Number(r.rMultiple),
      entryAt: r.entryAt,
      exitAt: r.exitAt ?? r.entryAt,
    })),
    { startingBalance },
  );
}
