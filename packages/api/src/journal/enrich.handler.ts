// journal.enrich: calculates one closed trade's excursions now; journal.excursions: what is stored
// for a trade and where its chart opens. Both answer NOT_FOUND for a trade that is not the member's.
import { TRPCError } from "@trpc/server";
import { exitEfficiency } from "../market/excursions.ts";
import { chartHref, excursionWindow } from "../market/excursions-window.ts";
import { MarketUnavailableError } from "../market/types.ts";
import { dec } from "./domain/decimal.ts";
import type { MemberContext } from "./accounts.handler.ts";
import type { EnrichInput } from "./enrich.schema.ts";
import {
  EXCURSION_TRADE,
  measureTrade,
  memberTimeZone,
  storeMeasurement,
  unmeasurableReason,
} from "./enrich.service.ts";

const STORED = {
  ...EXCURSION_TRADE,
  grossPnl: true,
  mfePrice: true,
  maePrice: true,
  mfe: true,
  mae: true,
  mfeR: true,
  maeR: true,
  bestExitPnl: true,
  excursionsAt: true,
  excursionsTimeAssumed: true,
  excursionsSource: true,
} as const;

async function requireOwnTrade(ctx: MemberContext, tradeId: string) {
  const trade = await ctx.prisma.trade.findFirst({ where: { id: tradeId, userId: ctx.user.id }, select: STORED });
  if (!trade) throw new TRPCError({ code: "NOT_FOUND", message: "Trade not found." });
  return trade;
}

type StoredTrade = Awaited<ReturnType<typeof requireOwnTrade>>;

/** A trade's stored excursions as the API returns them (decimals as exact strings), or null before they are calculated. */
function excursionsDto(t: StoredTrade) {
  if (!t.excursionsAt || t.mfe === null || t.mae === null || t.bestExitPnl === null) return null;
  const s = (d: { toString(): string } | null) => (d === null ? null : d.toString());
  return {
    mfePrice: s(t.mfePrice),
    maePrice: s(t.maePrice),
    mfe: t.mfe.toString(),
    mae: t.mae.toString(),
    mfeR: s(t.mfeR),
    maeR: s(t.maeR),
    bestExitPnl: t.bestExitPnl.toString(),
    /** Gross P&L taken / gross P&L of the best exit, in [-1, 1]; null when the trade was never in profit. */
    exitEfficiency:
      t.grossPnl === null
        ? null
        : exitEfficiency(t.grossPnl.toString(), dec(t.bestExitPnl.toString()).plus(t.fees.toString())),
    calculatedAt: t.excursionsAt,
    timeAssumed: t.excursionsTimeAssumed,
    source: t.excursionsSource,
    simulated: t.excursionsSource === "simulated",
  };
}

/** The market page around the trade (assumed times for date-only trades), for closed trades. */
async function chartOf(ctx: MemberContext, t: StoredTrade): Promise<string | null> {
  if (!t.exitAt) return null;
  const window = excursionWindow(
    { entryAt: t.entryAt, exitAt: t.exitAt, importBroker: t.import?.broker ?? null },
    await memberTimeZone(ctx.prisma, ctx.user.id),
  );
  return chartHref(t.symbol, window);
}

/** The trade's stored excursions, why they cannot be calculated (if so), and its chart link. */
export async function getExcursions(ctx: MemberContext, input: EnrichInput) {
  const trade = await requireOwnTrade(ctx, input.tradeId);
  return {
    tradeId: trade.id,
    excursions: excursionsDto(trade),
    unmeasurable: unmeasurableReason(trade),
    chartHref: await chartOf(ctx, trade),
  };
}

/**
 * Calculates and stores the trade's excursions. A trade without data (options, futures the provider
 * lacks, no bars) answers `{ status: "unavailable", reason }` and nothing is written; a provider
 * that is down is SERVICE_UNAVAILABLE, nothing written.
 */
export async function enrichTrade(ctx: MemberContext, input: EnrichInput) {
  const trade = await requireOwnTrade(ctx, input.tradeId);
  if (trade.status !== "closed" || trade.costBasisUnknown) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: unmeasurableReason(trade) ?? "This trade cannot be measured.",
    });
  }
  const timeZone = await memberTimeZone(ctx.prisma, ctx.user.id);
  let measurement;
  try {
    measurement = await measureTrade(ctx, trade, timeZone);
  } catch (error) {
    if (error instanceof MarketUnavailableError) {
      throw new TRPCError({
        code: "SERVICE_UNAVAILABLE",
        message: `Market data is unavailable right now (${error.provider}), so the excursions were not calculated. Try again in a few minutes.`,
        cause: error,
      });
    }
    throw error;
  }
  if (measurement.status === "unavailable") {
    ctx.logger.info(
      { event: "excursions.unavailable", tradeId: trade.id, reason: measurement.reason },
      "excursions unavailable",
    );
    return { status: "unavailable" as const, reason: measurement.reason, excursions: null, warnings: [] as string[] };
  }
  await storeMeasurement(ctx.prisma, ctx.user.id, trade.id, measurement, new Date());
  const stored = await requireOwnTrade(ctx, trade.id);
  return {
    status: "computed" as const,
    reason: null,
    excursions: excursionsDto(stored),
    warnings: measurement.warnings,
  };
}
