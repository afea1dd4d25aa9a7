// Writing trades: built from fills (domain/fifo.ts), stored with their fills, recomputed when
// the fills change. Every function takes the member's id and touches only their rows.
import { randomUUID } from "node:crypto";
import { Prisma } from "@tradecraft/db";
import { type BuiltTrade, buildTrades, type FillInput } from "./domain/fifo.ts";
import { dec, type Dec } from "./domain/decimal.ts";
import type { AssetClass } from "./domain/instruments.ts";

export interface Instrument {
  symbol: string;
  assetClass: AssetClass;
  multiplier: string;
  option: { expiry: string; strike: string; right: "call" | "put" } | null;
}

/** The instrument columns of a stored trade, as the journal keeps them. */
export interface StoredInstrument {
  symbol: string;
  assetClass: string;
  multiplier: { toString(): string };
  optionExpiry: Date | null;
  optionStrike: { toString(): string } | null;
  optionRight: "call" | "put" | null;
}

/** A stored trade's option (expiry as YYYY-MM-DD), or null when it is no option. */
export function storedOption(
  t: Pick<StoredInstrument, "optionExpiry" | "optionStrike" | "optionRight">,
): Instrument["option"] {
  return t.optionExpiry && t.optionStrike && t.optionRight
    ? { expiry: t.optionExpiry.toISOString().slice(0, 10), strike: t.optionStrike.toString(), right: t.optionRight }
    : null;
}

/** The instrument a stored trade is in. */
export function instrumentOfTrade(t: StoredInstrument): Instrument {
  return {
    symbol: t.symbol,
    assetClass: t.assetClass as AssetClass,
    multiplier: t.multiplier.toString(),
    option: storedOption(t),
  };
}

/** What the computed columns need beyond the fills: the stop gives the initial risk and R. */
export interface RiskInput {
  stopLoss?: string | null;
}

const money = (d: Dec) => d.toDecimalPlaces(4).toString();
const price = (d: Dec) => d.toDecimalPlaces(8).toString();

/** Dollars at risk from the stop, and the R multiple of a closed trade. */
export function riskOf(
  trade: { direction: "long" | "short"; entryPrice: Dec; quantity: Dec; netPnl: Dec; status: string },
  stopLoss: string | null | undefined,
  multiplier: string,
) {
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
export function tradeColumns(
  built: BuiltTrade,
  instrument: Instrument,
  { stopLoss }: RiskInput = {},
  override?: string | null,
) {
  const netPnl = override != null ? dec(override) : built.netPnl;
  // A trade opened before its import has no P&L of its own until the member gives a cost basis.
  const closed = built.status === "closed" && !built.costBasisUnknown;
  return {
    symbol: instrument.symbol,
    assetClass: instrument.assetClass,
    direction: built.direction,
    status: built.status,
    quantity: price(built.quantity),
    entryPrice: price(built.entryPrice),
    exitPrice: built.exitPrice && built.status === "closed" ? price(built.exitPrice) : null,
    entryAt: built.entryAt,
    exitAt: built.exitAt,
    fees: money(built.fees),
    grossPnl: closed ? money(built.grossPnl) : null,
    netPnl: closed || override != null ? money(netPnl) : null,
    pnlOverride: override != null,
    costBasisUnknown: built.costBasisUnknown,
    multiplier: instrument.multiplier,
    optionExpiry: instrument.option ? new Date(`${instrument.option.expiry}T00:00:00Z`) : null,
    optionStrike: instrument.option?.strike ?? null,
    optionRight: instrument.option?.right ?? null,
    ...(built.costBasisUnknown
      ? { initialRisk: null, rMultiple: null }
      : riskOf({ ...built, netPnl, status: built.status }, stopLoss, instrument.multiplier)),
  } satisfies Partial<Prisma.TradeUncheckedCreateInput>;
}

export type StoredFill = FillInput & { executionId: string | null; importId?: string | null };

/** Fills of a built trade as rows; the remainder of a fill split at a reversal gets its own execution id. */
export function fillRows(
  built: BuiltTrade,
  {
    tradeId,
    accountId,
    importOf,
  }: { tradeId: string; accountId: string; importOf: (executionId: string | null) => string | null },
) {
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

/** Rows written so far of all the trades and fills an insert writes (an import's progress). */
export type InsertProgress = (written: number, total: number) => void | Promise<void>;

/**
 * Builds the trades of one instrument from fills (with their import ids) and inserts them with
 * their fills, a statement per 5,000 rows, reporting the rows written after each.
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
  onProgress?: InsertProgress,
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
      fillData.push(
        ...fillRows(trade, { tradeId: id, accountId, importOf: (e) => importByExecution.get(e) ?? importId }),
      );
    }
  }
  const total = tradeRows.length + fillData.length;
  let written = 0;
  const step = async (rows: number) => {
    written += rows;
    await onProgress?.(written, total);
  };
  await bulkInsertTrades(tx, tradeRows, step);
  await bulkInsertFills(tx, fillData, step);
  return { tradeIds, created: tradeRows.length };
}

// Bulk inserts for imports: one statement per table whose rows arrive column by column, each
// column one comma-joined text (ids, enum names, plain decimals and ISO instants hold no comma;
// the free-text execution ids go as a JSON array). JSON objects per row cost three times the
// bytes, and every parameter byte passes through Prisma's query compiler (~80 ms for 3 MB).
// Statements of 5,000 rows: as fast as larger ones here, and an import reports progress after each.
const CHUNK = 5_000;
const iso = (d: Date | string | null | undefined) => (d == null ? null : d instanceof Date ? d.toISOString() : d);

/** One column as comma-joined text; null travels as an empty string (string_to_array's null marker). */
function column<T>(rows: T[], value: (row: T) => string | number | boolean | null | undefined): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = value(rows[i]!);
    const text = v == null ? "" : String(v);
    if (text.includes(",")) throw new Error(`A bulk-insert value holds a comma: ${text.slice(0, 40)}`);
    parts[i] = text;
  }
  return parts.join(",");
}

const cells = (joined: string) => Prisma.sql`string_to_array(${joined}, ',', '')`;

async function bulkInsertTrades(
  tx: Prisma.TransactionClient,
  all: Prisma.TradeCreateManyInput[],
  step: (rows: number) => Promise<void>,
) {
  for (let i = 0; i < all.length; i += CHUNK) {
    const rows = all.slice(i, i + CHUNK);
    const col = (value: (r: Prisma.TradeCreateManyInput) => string | number | boolean | null | undefined) =>
      cells(column(rows, value));
    const num = (value: unknown) => (value == null ? null : String(value));
    await tx.$executeRaw`
      INSERT INTO "Trade" ("id", "userId", "accountId", "symbol", "assetClass", "direction", "status", "quantity", "entryPrice", "exitPrice",
        "entryAt", "exitAt", "fees", "grossPnl", "netPnl", "pnlOverride", "multiplier", "optionExpiry", "optionStrike", "optionRight",
        "initialRisk", "rMultiple", "importId", "costBasisUnknown", "updatedAt")
      SELECT x."id", x."userId", x."accountId", x."symbol", x."assetClass"::"AssetClass", x."direction"::"Direction", x."status"::"TradeStatus",
        x."quantity"::numeric, x."entryPrice"::numeric, x."exitPrice"::numeric, x."entryAt"::timestamptz, x."exitAt"::timestamptz, x."fees"::numeric,
        x."grossPnl"::numeric, x."netPnl"::numeric, coalesce(x."pnlOverride"::boolean, false), x."multiplier"::numeric,
        x."optionExpiry"::timestamptz::date, x."optionStrike"::numeric, x."optionRight"::"OptionRight", x."initialRisk"::numeric, x."rMultiple"::numeric,
        x."importId", coalesce(x."costBasisUnknown"::boolean, false), now()
      FROM unnest(${col((r) => r.id)}, ${col((r) => r.userId)}, ${col((r) => r.accountId)}, ${col((r) => r.symbol)}, ${col((r) => r.assetClass)},
        ${col((r) => r.direction)}, ${col((r) => r.status)}, ${col((r) => num(r.quantity))}, ${col((r) => num(r.entryPrice))}, ${col((r) => num(r.exitPrice))},
        ${col((r) => iso(r.entryAt))}, ${col((r) => iso(r.exitAt))}, ${col((r) => num(r.fees))}, ${col((r) => num(r.grossPnl))}, ${col((r) => num(r.netPnl))},
        ${col((r) => r.pnlOverride)}, ${col((r) => num(r.multiplier))}, ${col((r) => iso(r.optionExpiry as Date | null))}, ${col((r) => num(r.optionStrike))},
        ${col((r) => r.optionRight)}, ${col((r) => num(r.initialRisk))}, ${col((r) => num(r.rMultiple))}, ${col((r) => r.importId)},
        ${col((r) => r.costBasisUnknown)})
        AS x("id", "userId", "accountId", "symbol", "assetClass", "direction", "status", "quantity", "entryPrice", "exitPrice", "entryAt", "exitAt",
          "fees", "grossPnl", "netPnl", "pnlOverride", "multiplier", "optionExpiry", "optionStrike", "optionRight", "initialRisk", "rMultiple", "importId",
          "costBasisUnknown")`;
    await step(rows.length);
  }
}

async function bulkInsertFills(
  tx: Prisma.TransactionClient,
  all: Prisma.FillCreateManyInput[],
  step: (rows: number) => Promise<void>,
) {
  for (let i = 0; i < all.length; i += CHUNK) {
    const rows = all.slice(i, i + CHUNK);
    const col = (value: (r: Prisma.FillCreateManyInput) => string | number | boolean | null | undefined) =>
      cells(column(rows, value));
    await tx.$executeRaw`
      INSERT INTO "Fill" ("id", "tradeId", "accountId", "executedAt", "side", "quantity", "price", "fees", "executionId", "importId")
      SELECT gen_random_uuid()::text, x."tradeId", x."accountId", x."executedAt"::timestamptz, x."side"::"FillSide", x."quantity"::numeric,
        x."price"::numeric, x."fees"::numeric, x."executionId", x."importId"
      FROM unnest(${col((r) => r.tradeId)}, ${col((r) => r.accountId)}, ${col((r) => iso(r.executedAt))}, ${col((r) => r.side)},
        ${col((r) => String(r.quantity))}, ${col((r) => String(r.price))}, ${col((r) => (r.fees == null ? null : String(r.fees)))}, ${col((r) => r.importId)},
        ARRAY(SELECT e FROM jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.executionId ?? null))}::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n))
        AS x("tradeId", "accountId", "executedAt", "side", "quantity", "price", "fees", "importId", "executionId")`;
    await step(rows.length);
  }
}
