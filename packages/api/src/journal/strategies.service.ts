// Option strategies in the journal: an import groups the legs it opened together (the rule is in
// domain/strategies.ts) into one Strategy; a strategy's P&L is its legs'. A trigger (migration
// 20261207085623_option_strategies) removes a strategy left with fewer than two legs, whichever
// way its legs go (deleted, batch-synced away, removed by an undo).
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { type Prisma, type PrismaClient } from "@tradecraft/db";
import type { MemberContext } from "./accounts.handler.ts";
import type { BuiltTrade } from "./domain/fifo.ts";
import { findStrategies, type StrategyLeg, strategyTotals } from "./domain/strategies.ts";
import { type Instrument, storedOption } from "./trades.service.ts";

type Db = Prisma.TransactionClient | PrismaClient;

const CANDIDATE = {
  id: true,
  symbol: true,
  assetClass: true,
  direction: true,
  quantity: true,
  multiplier: true,
  entryAt: true,
  optionExpiry: true,
  optionStrike: true,
  optionRight: true,
} as const satisfies Prisma.TradeSelect;

/**
 * Groups the option trades an import opened (`Trade.importId`) into strategies, in the import's
 * transaction: legs opened together by one order (when the file names orders: `fills`' orderId)
 * or in one second, on one underlying of the account. Shares join only as a covered call or
 * collar. Returns how many strategies it made.
 */
export async function groupStrategies(
  tx: Prisma.TransactionClient,
  {
    userId,
    accountId,
    importId,
    fills,
  }: {
    userId: string;
    accountId: string;
    importId: string;
    fills: { executionId: string; executedAt: Date; orderId?: string | null }[];
  },
): Promise<number> {
  if (!fills.length) return 0;
  // The import's trades opened at one of its fills: the bounds let the (userId, entryAt) index
  // find them among a long journal (Trade.importId has no index of its own).
  let first = fills[0]!.executedAt;
  let last = first;
  for (const f of fills) {
    if (f.executedAt < first) first = f.executedAt;
    if (f.executedAt > last) last = f.executedAt;
  }
  const where = {
    userId,
    accountId,
    importId,
    entryAt: { gte: first, lte: last },
    strategyId: null,
    costBasisUnknown: false,
  } as const;
  const options = await tx.trade.findMany({ where: { ...where, assetClass: "option" }, select: CANDIDATE });
  // Most imports have no options: nothing more to read.
  if (!options.length) return 0;
  const underlyings = [...new Set(options.map((t) => t.symbol))];
  const stocks = await tx.trade.findMany({
    where: { ...where, assetClass: "stock", direction: "long", symbol: { in: underlyings } },
    select: CANDIDATE,
  });
  const trades = [...options, ...stocks];
  const orderOf = new Map<string, string>();
  for (const f of fills) if (f.orderId) orderOf.set(f.executionId, f.orderId);
  const entryOrder = new Map<string, string>();
  if (orderOf.size) {
    // Each trade's first fill is its entry; a fill split at a reversal carries "#reversal".
    const entries = await tx.$queryRaw<{ tradeId: string; executionId: string | null }[]>`
      SELECT DISTINCT ON ("tradeId") "tradeId", "executionId" FROM "Fill"
      WHERE "tradeId" = ANY(${trades.map((t) => t.id)}::text[])
      ORDER BY "tradeId", "executedAt", "id"`;
    for (const e of entries) {
      const order = e.executionId ? orderOf.get(e.executionId.replace(/#reversal$/, "")) : undefined;
      if (order) entryOrder.set(e.tradeId, order);
    }
  }
  const legs: StrategyLeg[] = trades.map((t) => ({
    id: t.id,
    underlying: t.symbol,
    assetClass: t.assetClass,
    option: storedOption(t),
    direction: t.direction,
    quantity: t.quantity.toString(),
    multiplier: t.multiplier.toString(),
    entryAt: t.entryAt,
    orderId: entryOrder.get(t.id) ?? null,
  }));
  const found = findStrategies(legs).map((s) => ({ ...s, id: randomUUID() }));
  if (!found.length) return 0;
  // Two statements whatever the number (a year of iron condors is a thousand legs), each column
  // one array parameter: Prisma's createMany sends eight parameters a row through its compiler.
  await tx.$executeRaw`
    INSERT INTO "Strategy" ("id", "userId", "accountId", "importId", "underlying", "kind", "name", "openedAt")
    SELECT x."id", ${userId}, ${accountId}, ${importId}, x."underlying", x."kind", x."name", x."openedAt"::timestamptz
    FROM unnest(${found.map((s) => s.id)}::text[], ${found.map((s) => s.underlying)}::text[], ${found.map((s) => s.kind)}::text[],
      ${found.map((s) => s.name)}::text[], ${found.map((s) => s.openedAt.toISOString())}::text[])
      AS x("id", "underlying", "kind", "name", "openedAt")`;
  const pairs = found.flatMap((s) => s.legs.map((l) => [l.id, s.id] as const));
  await tx.$executeRaw`
    UPDATE "Trade" t SET "strategyId" = x."strategyId"
    FROM unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) AS x("tradeId", "strategyId")
    WHERE t."id" = x."tradeId" AND t."userId" = ${userId}`;
  return found.length;
}

/**
 * The strategies an import would make, for its preview: of the trades the preview built, those
 * the file opens (not an open trade it continues), grouped as groupStrategies will group them
 * once committed. `fills` are the file's, for their order ids.
 */
export function previewStrategies(
  built: { instrument: Instrument; trade: BuiltTrade; continues: boolean }[],
  fills: { executionId: string; orderId?: string | null }[],
) {
  const optioned = new Set(built.filter((b) => b.instrument.assetClass === "option").map((b) => b.instrument.symbol));
  if (!optioned.size) return [];
  const orderOf = new Map<string, string>();
  for (const f of fills) if (f.orderId) orderOf.set(f.executionId, f.orderId);
  const legs: StrategyLeg[] = [];
  for (const { instrument, trade: t, continues } of built) {
    if (continues || !optioned.has(instrument.symbol)) continue;
    if (instrument.assetClass !== "option" && instrument.assetClass !== "stock") continue;
    const entry = t.fills[0]?.executionId;
    legs.push({
      id: `${legs.length}`,
      underlying: instrument.symbol,
      assetClass: instrument.assetClass,
      option: instrument.option,
      direction: t.direction,
      quantity: t.quantity.toString(),
      multiplier: instrument.multiplier,
      entryAt: t.entryAt,
      orderId: (entry && orderOf.get(entry)) || null,
      costBasisUnknown: t.costBasisUnknown,
    });
  }
  return findStrategies(legs).map((s, i) => ({
    /** Its place in the preview's list, for a row key. */
    key: i,
    underlying: s.underlying,
    kind: s.kind,
    name: s.name,
    legs: s.legs.length,
    openedAt: s.openedAt,
  }));
}

const LEG = {
  id: true,
  symbol: true,
  direction: true,
  status: true,
  quantity: true,
  entryPrice: true,
  exitPrice: true,
  entryAt: true,
  exitAt: true,
  fees: true,
  netPnl: true,
  multiplier: true,
  assetClass: true,
  optionExpiry: true,
  optionStrike: true,
  optionRight: true,
} as const satisfies Prisma.TradeSelect;

const STRATEGY = {
  id: true,
  accountId: true,
  underlying: true,
  kind: true,
  name: true,
  openedAt: true,
  legs: {
    select: LEG,
    orderBy: [{ optionExpiry: "asc" }, { optionStrike: "asc" }, { optionRight: "asc" }, { id: "asc" }],
  },
} as const satisfies Prisma.StrategySelect;

type StrategyRow = Prisma.StrategyGetPayload<{ select: typeof STRATEGY }>;

/** A strategy as the API returns it: its legs (decimals as exact strings) with their P&L, and its totals. */
function toStrategyDto(row: StrategyRow) {
  const s = (d: { toString(): string } | null) => (d === null ? null : d.toString());
  return {
    id: row.id,
    accountId: row.accountId,
    underlying: row.underlying,
    kind: row.kind,
    name: row.name,
    openedAt: row.openedAt,
    legs: row.legs.map((l) => ({
      id: l.id,
      symbol: l.symbol,
      assetClass: l.assetClass,
      option: storedOption(l),
      direction: l.direction,
      status: l.status,
      quantity: l.quantity.toString(),
      entryPrice: l.entryPrice.toString(),
      exitPrice: s(l.exitPrice),
      entryAt: l.entryAt,
      exitAt: l.exitAt,
      fees: l.fees.toString(),
      netPnl: s(l.netPnl),
      multiplier: l.multiplier.toString(),
    })),
    totals: strategyTotals(row.legs),
  };
}
export type StrategyDto = ReturnType<typeof toStrategyDto>;

/** One of the member's strategies, or null when it is not theirs (or gone). */
export async function findStrategy(db: Db, userId: string, strategyId: string): Promise<StrategyDto | null> {
  const row = await db.strategy.findFirst({ where: { id: strategyId, userId }, select: STRATEGY });
  return row ? toStrategyDto(row) : null;
}

/** `strategies.get`: one of the member's strategies with its legs; another member's is not found. */
export async function getStrategy(ctx: MemberContext, strategyId: string): Promise<StrategyDto> {
  const strategy = await findStrategy(ctx.prisma, ctx.user.id, strategyId);
  if (!strategy) throw new TRPCError({ code: "NOT_FOUND", message: "That strategy was not found." });
  return strategy;
}

/** `strategies.list`: the member's strategies, newest first (at most `limit`), optionally of one account. */
export async function listStrategies(ctx: MemberContext, input: { accountId?: string; limit: number }) {
  const rows = await ctx.prisma.strategy.findMany({
    where: { userId: ctx.user.id, ...(input.accountId ? { accountId: input.accountId } : {}) },
    orderBy: [{ openedAt: "desc" }, { id: "desc" }],
    take: input.limit,
    select: STRATEGY,
  });
  return rows.map(toStrategyDto);
}
