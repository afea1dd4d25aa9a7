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

/** What the computed columns need beyond the fills: the stop gives the initial risk and R. */
export interface RiskInput {
  stopLoss?: string | null;
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
export function tradeColumns(built: BuiltTrade, instrument: Instrument, { stopLoss }: RiskInput = {}, override?: string | null) {
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
    ...riskOf({ ...built, netPnl, status: built.status }, stopLoss, instrument.multiplier),
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
    /** An open trade being continued: the first built trade keeps its id, notes and tags (its stop gives its risk). */
    reuse?: { id: string; risk: RiskInput };
  }[],
) {
  const tradeRows: Prisma.TradeCreateManyInput[] = [];
  const fillData: Prisma.FillCreateManyInput[] = [];
  const tradeIds: string[] = [];
  for (const { userId, accountId, instrument, fills, importId = null, reuse } of groups) {
    const importByExecution = new Map(fills.map((f) => [f.executionId, f.importId ?? null]));
    for (const [i, trade] of buildTrades(fills, { multiplier: instrument.multiplier }).entries()) {
      const reused = i === 0 ? reuse : undefined;
      const columns = tradeColumns(trade, instrument, reused?.risk ?? {});
      const id = reused?.id ?? randomUUID();
      if (reused) await tx.trade.update({ where: { id }, data: columns, select: { id: true } });
      else tradeRows.push({ ...columns, id, userId, accountId, importId });
      tradeIds.push(id);
      fillData.push(...fillRows(trade, { tradeId: id, accountId, importOf: (e) => importByExecution.get(e) ?? importId }));
    }
  }
  await bulkInsertTrades(tx, tradeRows);
  await bulkInsertFills(tx, fillData);
  return { tradeIds, created: tradeRows.length };
}

// Bulk inserts for imports: one statement whose rows arrive as a single JSON parameter
// (jsonb_to_recordset), so 10,000 fills cost one round trip and no per-row query building.
const CHUNK = 20_000;
const iso = (d: Date | string | null | undefined) => (d == null ? null : d instanceof Date ? d.toISOString() : d);

async function bulkInsertTrades(tx: Prisma.TransactionClient, rows: Prisma.TradeCreateManyInput[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(
      rows.slice(i, i + CHUNK).map((r) => ({ ...r, entryAt: iso(r.entryAt), exitAt: iso(r.exitAt), optionExpiry: iso(r.optionExpiry as Date | null) })),
    );
    await tx.$executeRaw`
      INSERT INTO "Trade" ("id", "userId", "accountId", "symbol", "assetClass", "direction", "status", "quantity", "entryPrice", "exitPrice",
        "entryAt", "exitAt", "fees", "grossPnl", "netPnl", "pnlOverride", "multiplier", "optionExpiry", "optionStrike", "optionRight",
        "initialRisk", "rMultiple", "importId", "updatedAt")
      SELECT x."id", x."userId", x."accountId", x."symbol", x."assetClass"::"AssetClass", x."direction"::"Direction", x."status"::"TradeStatus",
        x."quantity", x."entryPrice", x."exitPrice", x."entryAt", x."exitAt", x."fees", x."grossPnl", x."netPnl", coalesce(x."pnlOverride", false),
        x."multiplier", x."optionExpiry"::date, x."optionStrike", x."optionRight"::"OptionRight", x."initialRisk", x."rMultiple", x."importId", now()
      FROM jsonb_to_recordset(${json}::jsonb) AS x("id" text, "userId" text, "accountId" text, "symbol" text, "assetClass" text, "direction" text,
        "status" text, "quantity" numeric, "entryPrice" numeric, "exitPrice" numeric, "entryAt" timestamptz, "exitAt" timestamptz, "fees" numeric,
        "grossPnl" numeric, "netPnl" numeric, "pnlOverride" boolean, "multiplier" numeric, "optionExpiry" timestamptz, "optionStrike" numeric,
        "optionRight" text, "initialRisk" numeric, "rMultiple" numeric, "importId" text)`;
  }
}

async function bulkInsertFills(tx: Prisma.TransactionClient, rows: Prisma.FillCreateManyInput[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(rows.slice(i, i + CHUNK).map((r) => ({ ...r, id: randomUUID(), executedAt: iso(r.executedAt) })));
    await tx.$executeRaw`
      INSERT INTO "Fill" ("id", "tradeId", "accountId", "executedAt", "side", "quantity", "price", "fees", "executionId", "importId")
      SELECT x."id", x."tradeId", x."accountId", x."executedAt", x."side"::"FillSide", x."quantity", x."price", x."fees", x."executionId", x."importId"
      FROM jsonb_to_recordset(${json}::jsonb) AS x("id" text, "tradeId" text, "accountId" text, "executedAt" timestamptz, "side" text,
        "quantity" numeric, "price" numeric, "fees" numeric, "executionId" text, "importId" text)`;
  }
}
