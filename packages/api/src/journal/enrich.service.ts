// Measuring a closed trade's excursions against market data and storing them: one trade for
// journal.enrich, a member's whole backlog for the "excursions" job. Every query is scoped by the
// member's id. The maths is in market/excursions.ts, the window and calls in market/excursions-window.ts.
import type { Logger } from "@tradecraft/config";
import type { Prisma, PrismaClient } from "@tradecraft/db";
import { computeExcursions, type Excursions } from "../market/excursions.ts";
import { barPlan, excursionWindow } from "../market/excursions-window.ts";
import {
  type Bar,
  type MarketData,
  MarketDataNotAvailableError,
  type ProviderName,
  SymbolNotFoundError,
} from "../market/types.ts";

export interface EnrichDeps {
  prisma: PrismaClient;
  market: MarketData;
  logger: Logger;
  now?: () => number;
}

/** The columns measuring a trade reads. */
export const EXCURSION_TRADE = {
  id: true,
  symbol: true,
  assetClass: true,
  direction: true,
  status: true,
  costBasisUnknown: true,
  quantity: true,
  entryPrice: true,
  exitPrice: true,
  entryAt: true,
  exitAt: true,
  fees: true,
  multiplier: true,
  initialRisk: true,
  import: { select: { broker: true } },
  fills: {
    select: { executedAt: true, side: true, quantity: true, price: true },
    orderBy: [{ executedAt: "asc" }, { id: "asc" }],
  },
} satisfies Prisma.TradeSelect;
export type ExcursionTradeRow = Prisma.TradeGetPayload<{ select: typeof EXCURSION_TRADE }>;

export type Measurement =
  | {
      status: "computed";
      excursions: Excursions;
      source: ProviderName;
      simulated: boolean;
      timeAssumed: boolean;
      warnings: string[];
    }
  | { status: "unavailable"; reason: string };

/** Why a trade cannot be measured before any market data is asked for, or null. */
export function unmeasurableReason(
  trade: Pick<ExcursionTradeRow, "status" | "costBasisUnknown" | "exitAt" | "exitPrice" | "assetClass">,
): string | null {
  if (trade.status !== "closed" || !trade.exitAt || trade.exitPrice === null)
    return "Excursions are measured once the trade is closed.";
  if (trade.costBasisUnknown) return "Excursions need the trade's entry: give its cost basis first.";
  // An option's own prices are not its underlying's; the providers give no per-minute option bars.
  if (trade.assetClass === "option")
    return "Excursions are unavailable for options: the market data provider has no minute bars for option contracts.";
  return null;
}

/**
 * Fetches the bars of the trade's window and computes its excursions. Throws MarketUnavailableError
 * (the provider is down, nothing cached); every other lack of data is an "unavailable" answer.
 */
export async function measureTrade(
  deps: Pick<EnrichDeps, "market" | "logger">,
  trade: ExcursionTradeRow,
  timeZone: string,
): Promise<Measurement> {
  const early = unmeasurableReason(trade);
  if (early) return { status: "unavailable", reason: early };
  const exitAt = trade.exitAt!;
  const window = excursionWindow(
    { entryAt: trade.entryAt, exitAt, importBroker: trade.import?.broker ?? null },
    timeZone,
  );
  if (window.timeAssumed) {
    deps.logger.warn(
      { event: "excursions.time_assumed", tradeId: trade.id },
      "trade has dates only; excursions assume 10:00-15:00 New York",
    );
  }
  const isFuture = trade.assetClass === "future";
  // With a real stock provider configured, a future it lacks would be served by the simulated
  // provider's made-up contract: that measures nothing, so futures then say "unavailable".
  const hasRealProvider = deps.market.health().some((h) => h.provider === "massive");
  if (isFuture && hasRealProvider && deps.market.providerFor(trade.symbol).simulated) {
    return {
      status: "unavailable",
      reason: `Excursions are unavailable for futures on this provider (no bars for ${trade.symbol}).`,
    };
  }
  const plan = barPlan(window.from, window.to);
  const bars: Bar[] = [];
  const warnings = new Set<string>();
  let source: ProviderName = "simulated";
  let simulated = true;
  try {
    for (const [from, to] of plan.calls) {
      const result = await deps.market.bars(trade.symbol, plan.timespan, from, to);
      bars.push(...result.data);
      result.warnings.forEach((w) => warnings.add(w));
      source = result.source;
      simulated = result.simulated;
    }
  } catch (error) {
    if (error instanceof SymbolNotFoundError || error instanceof MarketDataNotAvailableError) {
      const reason = isFuture
        ? `Excursions are unavailable for futures on this provider (${error.message})`
        : error.message;
      return { status: "unavailable", reason };
    }
    throw error;
  }
  if (plan.timespan !== "minute")
    warnings.add(
      `The trade lasted over 5 days, so ${plan.timespan} bars were used: the first may include prices from before the entry.`,
    );
  // Date-only trades have fills at noon: the real times are unknown, so the largest position is held throughout.
  const fills = window.timeAssumed
    ? undefined
    : trade.fills.map((f) => ({
        at: f.executedAt.getTime(),
        side: f.side,
        quantity: f.quantity.toString(),
        price: f.price.toString(),
      }));
  const result = computeExcursions(
    {
      direction: trade.direction,
      entryPrice: trade.entryPrice.toString(),
      exitPrice: trade.exitPrice!.toString(),
      entryAt: window.from,
      exitAt: window.to,
      quantity: trade.quantity.toString(),
      multiplier: trade.multiplier.toString(),
      fees: trade.fees.toString(),
      initialRisk: trade.initialRisk?.toString() ?? null,
      fills,
    },
    bars,
    plan.barMs,
  );
  if (!result.ok) return { status: "unavailable", reason: result.reason };
  return {
    status: "computed",
    excursions: result.excursions,
    source,
    simulated,
    timeAssumed: window.timeAssumed,
    warnings: [...warnings],
  };
}

/** Writes a computed measurement on the member's trade (nothing for an unavailable one). */
export async function storeMeasurement(
  prisma: PrismaClient,
  userId: string,
  tradeId: string,
  m: Measurement,
  at: Date,
): Promise<void> {
  if (m.status !== "computed") return;
  const e = m.excursions;
  await prisma.trade.updateMany({
    where: { id: tradeId, userId },
    data: {
      mfePrice: e.mfePrice.toString(),
      maePrice: e.maePrice.toString(),
      mfe: e.mfe.toString(),
      mae: e.mae.toString(),
      mfeR: e.mfeR?.toString() ?? null,
      maeR: e.maeR?.toString() ?? null,
      bestExitPnl: e.bestExitPnl.toString(),
      excursionsAt: at,
      excursionsTimeAssumed: m.timeAssumed,
      excursionsSource: m.source,
    },
  });
}

/** The member's zone (their days decide what "00:00" means for date-only trades). */
export async function memberTimeZone(prisma: PrismaClient, userId: string): Promise<string> {
  const profile = await prisma.profile.findUnique({ where: { userId }, select: { timeZone: true } });
  return profile?.timeZone ?? "UTC";
}
