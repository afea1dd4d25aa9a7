// The excursions job's work: a member's closed trades without MFE/MAE, measured in a bounded
// batch, oldest exit first, with provider calls overlapping and the results written in a few
// statements. Resumable: a run stops at a cursor the next job starts after.
import type { Prisma } from "@tradecraft/db";
import { EXCURSION_TRADE, type EnrichDeps, type Measurement, measureTrade, memberTimeZone } from "./enrich.service.ts";

/** Where a backlog run stopped: the last trade it looked at, in (exitAt, id) order. */
export interface BacklogCursor {
  exitAt: string;
  id: string;
}

export interface BacklogResult {
  looked: number;
  computed: number;
  unavailable: number;
  /** Set when the batch was full: the next run starts after it. */
  next: BacklogCursor | null;
}

/**
 * Trades measured at once: the time goes in waiting for the provider, so its calls overlap.
 * Writes are buffered (WRITE_BATCH trades a statement), so the database sees few round trips.
 */
const CONCURRENCY = 16;
const WRITE_BATCH = 200;

type Computed = { tradeId: string; m: Extract<Measurement, { status: "computed" }> };

/** Writes many trades' measurements in one UPDATE … FROM unnest(…), scoped to the member. */
async function storeMeasurements(deps: EnrichDeps, userId: string, rows: Computed[], at: Date): Promise<void> {
  if (!rows.length) return;
  const col = (f: (r: Computed) => string | boolean | null) => rows.map(f);
  const text = (d: { toString(): string } | null) => (d === null ? null : d.toString());
  await deps.prisma.$executeRaw`
    UPDATE "Trade" AS t SET
      "mfePrice" = v.mfe_price, "maePrice" = v.mae_price, "mfe" = v.mfe, "mae" = v.mae, "mfeR" = v.mfe_r, "maeR" = v.mae_r,
      "bestExitPnl" = v.best, "excursionsAt" = ${at}, "excursionsTimeAssumed" = v.assumed, "excursionsSource" = v.source
    FROM unnest(
      ${col((r) => r.tradeId)}::text[], ${col((r) => text(r.m.excursions.mfePrice))}::numeric[],
      ${col((r) => text(r.m.excursions.maePrice))}::numeric[], ${col((r) => text(r.m.excursions.mfe))}::numeric[],
      ${col((r) => text(r.m.excursions.mae))}::numeric[], ${col((r) => text(r.m.excursions.mfeR))}::numeric[],
      ${col((r) => text(r.m.excursions.maeR))}::numeric[], ${col((r) => text(r.m.excursions.bestExitPnl))}::numeric[],
      ${col((r) => r.m.timeAssumed)}::boolean[], ${col((r) => r.m.source)}::text[]
    ) AS v(id, mfe_price, mae_price, mfe, mae, mfe_r, mae_r, best, assumed, source)
    WHERE t."id" = v.id AND t."userId" = ${userId}`;
}

/**
 * Measures up to `batchSize` of the member's closed trades without excursions, oldest exit first,
 * after `after`. Trades with no data stay without excursions (a later run asks again); a provider
 * that is down stops the run with MarketUnavailableError after storing what was measured.
 */
export async function enrichBacklog(
  deps: EnrichDeps,
  userId: string,
  { batchSize = 2000, after = null }: { batchSize?: number; after?: BacklogCursor | null } = {},
): Promise<BacklogResult> {
  const cursor: Prisma.TradeWhereInput = after
    ? { OR: [{ exitAt: { gt: new Date(after.exitAt) } }, { exitAt: new Date(after.exitAt), id: { gt: after.id } }] }
    : {};
  const trades = await deps.prisma.trade.findMany({
    where: { userId, status: "closed", costBasisUnknown: false, excursionsAt: null, exitAt: { not: null }, ...cursor },
    orderBy: [{ exitAt: "asc" }, { id: "asc" }],
    take: batchSize,
    select: EXCURSION_TRADE,
  });
  const timeZone = await memberTimeZone(deps.prisma, userId);
  const now = deps.now ?? Date.now;
  let computed = 0;
  let next = 0;
  let pending: Computed[] = [];
  const flush = async () => {
    const rows = pending;
    pending = [];
    await storeMeasurements(deps, userId, rows, new Date(now()));
  };
  const worker = async () => {
    while (next < trades.length) {
      const trade = trades[next++]!;
      const m = await measureTrade(deps, trade, timeZone);
      if (m.status !== "computed") continue;
      computed++;
      pending.push({ tradeId: trade.id, m });
      if (pending.length >= WRITE_BATCH) await flush();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, trades.length) }, worker));
  } finally {
    // What was measured before a failure is kept.
    await flush();
  }
  const last = trades.at(-1);
  return {
    looked: trades.length,
    computed,
    unavailable: trades.length - computed,
    next: trades.length === batchSize && last ? { exitAt: last.exitAt!.toISOString(), id: last.id } : null,
  };
}
