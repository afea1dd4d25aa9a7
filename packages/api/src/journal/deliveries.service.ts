// Links an option trade ended by assignment or exercise to the share trade its delivery went into
// (Trade.deliveredToTradeId), in the import's transaction, once the import's trades exist.
import type { Prisma } from "@tradecraft/db";
import { type DeliveryFill, matchDeliveries } from "./domain/deliveries.ts";

/** Links the deliveries among an import's fills (see domain/deliveries.ts); returns how many it linked. */
export async function linkDeliveries(
  tx: Prisma.TransactionClient,
  { accountId, fills }: { accountId: string; fills: DeliveryFill[] },
): Promise<number> {
  const pairs = matchDeliveries(fills);
  if (!pairs.length) return 0;
  const stored = await tx.fill.findMany({
    where: { accountId, executionId: { in: pairs.flatMap((p) => [p.option, p.shares]) } },
    select: { executionId: true, tradeId: true },
  });
  const tradeOf = new Map(stored.map((f) => [f.executionId, f.tradeId]));
  let linked = 0;
  for (const pair of pairs) {
    const option = tradeOf.get(pair.option);
    const shares = tradeOf.get(pair.shares);
    if (!option || !shares || option === shares) continue;
    await tx.trade.update({ where: { id: option }, data: { deliveredToTradeId: shares }, select: { id: true } });
    linked += 1;
  }
  return linked;
}
