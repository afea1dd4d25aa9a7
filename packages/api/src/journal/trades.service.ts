// Writing trades: built from fills (domain/fifo.ts), stored with their fills, recomputed when
// the fills change. Every function takes the member's id and touches only their rows.
import { randomUUID } from "node:crypto";
import type { Prisma } from "@tradecraft/db";
import { type BuiltTrade, buildTrades, type FillInput } from "./domain/fifo.ts";
import { dec, type Dec } from "./domain/decimal.ts";
import type { AssetClass } from "./domain/instruments.ts";

export interface Instrument {
  symbol: string;
  assetClass: AssetClass;
  multiplier: string;
  option: { expiry: string; strike: string; right: "call" | "put" } | null;
}

export interface Annotations {
  stopLoss?: string | null;
  takeProfit?: string | null;
  setupId?: string | null;
  tags?: string[];
  notes?: string;
  rating?: number | null;
  emotions?: string[];
}

const money = (d: Dec) => d.toDecimalPlaces(4).toString();
const price = (d: Dec) => d.toDecimalPlaces(8).toString();

/** Dollars at risk from the stop, and the R multiple of a closed trade. */
export function riskOf(trade: { direction: "long" | "short"; entryPrice: Dec; quantity: Dec; netPnl: Dec; status: string }, stopLoss: string | null | undefined, multiplier: string) {
  if (!stopLoss) return { initialRisk: null, rMultiple: null };
  const perUnit = trade.direction === "long" ? trade.entryPrice.minus(stopLoss) : dec(stopLoss).minus(trade.entryPrice);
  const risk = perUnit.times(trade.quantity).times(multiplier);
  if (!risk.greaterThan(0)) return { initialRisk: null, rMultiple: null };
  return {
    initialRisk: risk.toDecimalPlaces(2).toString(),
    rMultiple: trade.status === "closed" ? trade.netPnl.dividedBy(risk).toDecimalPlaces(4).toString() : null,
  };
}

/** The columns a built trade sets. */
export function tradeColumns(built: BuiltTrade, instrument: Instrument, annotations: Annotations = {}, override?: string | null) {
  const netPnl = override != null ? dec(override) : built.netPnl;
  const closed = built.status === "closed";
  return {
    symbol: instrument.symbol,
    assetClass: instrument.assetClass,
    direction: built.direction,
    status: built.status,
    quantity: price(built.quantity),
    entryPrice: price(built.entryPrice),
    exitPrice: built.exitPrice && closed ? price(built.exitPrice) : null,
    entryAt: built.entryAt,
    exitAt: built.exitAt,
    fees: money(built.fees),
    grossPnl: closed ? money(built.grossPnl) : null,
    netPnl: closed || override != null ? money(netPnl) : null,
    pnlOverride: override != null,
    multiplier: instrument.multiplier,
    optionExpiry: instrument.option ? new Date(`${instrument.option.expiry}T00:00:00Z`) : null,
    optionStrike: instrument.option?.strike ?? null,
    optionRight: instrument.option?.right ?? null,
    ...riskOf({ ...built, netPnl, status: built.status }, annotations.stopLoss, instrument.multiplier),
  } satisfies Partial<Prisma.TradeUncheckedCreateInput>;
}

export type StoredFill = FillInput & { executionId: string | null; importId?: string | null };

/** Fills of a built trade as rows; the remainder of a fill split at a reversal gets its own execution id. */
export function fillRows(built: BuiltTrade, { tradeId, accountId, importOf }: { tradeId: string; accountId: string; importOf: (executionId: string | null) => string | null }) {
  return built.fills.map((f) => ({
    tradeId,
    accountId,
    executedAt: f.executedAt,
    side: f.side,
    quantity: price(f.quantity),
    price: price(f.price),
    fees: money(f.fees),
    executionId: f.executionId && f.part === 2 ? `${f.executionId}#reversal` : f.executionId,
    importId: importOf(f.executionId),
  }));
}

/**
 * Builds the trades of one instrument from fills (with their import ids) and inserts them with
 * their fills in two statements, whatever their number.
 */
export async function insertTrades(
  tx: Prisma.TransactionClient,
  groups: {
    userId: string;
    accountId: string;
    instrument: Instrument;
    fills: StoredFill[];
    importId?: string | null;
    /** An open trade being continued: the first built trade keeps its id and annotations. */
    reuse?: { id: string; annotations: Annotations };
  }[],
) {
  const tradeRows: Prisma.TradeCreateManyInput[] = [];
  const fillData: Prisma.FillCreateManyInput[] = [];
  const tradeIds: string[] = [];
  for (const { userId, accountId, instrument, fills, importId = null, reuse } of groups) {
    const importByExecution = new Map(fills.map((f) => [f.executionId, f.importId ?? null]));
    for (const [i, trade] of buildTrades(fills, { multiplier: instrument.multiplier }).entries()) {
      const reused = i === 0 ? reuse : undefined;
      const columns = tradeColumns(trade, instrument, reused?.annotations ?? {});
      const id = reused?.id ?? randomUUID();
      if (reused) await tx.trade.update({ where: { id }, data: columns, select: { id: true } });
      else tradeRows.push({ ...columns, id, userId, accountId, importId });
      tradeIds.push(id);
      fillData.push(...fillRows(trade, { tradeId: id, accountId, importOf: (e) => importByExecution.get(e) ?? importId }));
    }
  }
  if (tradeRows.length) await tx.trade.createMany({ data: tradeRows });
  if (fillData.length) await tx.fill.createMany({ data: fillData });
  return { tradeIds, created: tradeRows.length };
}
