import { addBreadcrumb } from "@tradecraft/config";
import type { Prisma } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { dec } from "./domain/decimal.ts";
import { type BuiltTrade, buildTrades, type FillInput, type Side } from "./domain/fifo.ts";
import { type AssetClass, defaultMultiplier, maxTradePnl } from "./domain/instruments.ts";
import { type MemberContext, requireAccount, requireSetup } from "./accounts.handler.ts";
import { tradeWhere } from "./filters.ts";
import { queryTradeList, RAW_SORTS, type TradeListPage } from "./list.query.ts";
import { fieldError } from "../trpc.ts";
import {
  type BulkTagInputSchema,
  type CreateTradeInput,
  ENTRY_TIME,
  EXIT_TIME,
  type ListTradesInputSchema,
  type TradeFilters,
  type UpdateTradeInput,
} from "./schemas.ts";
import { resolveInstant, WallClock } from "../validation/dates.ts";
import { writeGeneric } from "./import/generic.ts";
import { fillRows, instrumentOfTrade, storedOption, tradeColumns, type Instrument } from "./trades.service.ts";
import { deleteStoredFiles, screenshotKeysOf } from "./screenshots.handler.ts";
import { findStrategy } from "./strategies.service.ts";

/** The member's time zone (their days, for filters and buckets). */
export async function memberTimeZone(ctx: MemberContext): Promise<string> {
  return (await memberPreferences(ctx)).timeZone;
}

/**
 * The member's time zone and breakeven band (net P&L within ± band is a scratch): as the session
 * read found them at the start of this request when it did (no second query), else read now.
 */
export async function memberPreferences(ctx: MemberContext): Promise<{ timeZone: string; breakevenBand: number }> {
  const frame = ctx.user.frame;
  if (frame) return { timeZone: frame.timeZone, breakevenBand: frame.breakevenBand };
  const profile = await ctx.prisma.profile.findUnique({
    where: { userId: ctx.user.id },
    select: { timeZone: true, breakevenBand: true },
  });
  return { timeZone: profile?.timeZone ?? "UTC", breakevenBand: Number(profile?.breakevenBand ?? 0) };
}

const TRADE = {
  id: true,
  accountId: true,
  symbol: true,
  assetClass: true,
  direction: true,
  status: true,
  quantity: true,
  entryPrice: true,
  exitPrice: true,
  entryAt: true,
  exitAt: true,
  fees: true,
  grossPnl: true,
  netPnl: true,
  pnlOverride: true,
  costBasisUnknown: true,
  multiplier: true,
  optionExpiry: true,
  optionStrike: true,
  optionRight: true,
  stopLoss: true,
  takeProfit: true,
  initialRisk: true,
  rMultiple: true,
  setupId: true,
  tags: true,
  notes: true,
  rating: true,
  emotions: true,
  mistakes: true,
  importId: true,
  updatedAt: true,
  /** The latest grade's letter (grading.history has the grades themselves). */
  grade: true,
  /** The option strategy the trade is a leg of (strategies.get has it). */
  strategyId: true,
} satisfies Prisma.TradeSelect;
type TradeRow = Prisma.TradeGetPayload<{ select: typeof TRADE }>;

/** A trade as the API returns it: decimals as exact strings. */
export function toTradeDto(row: TradeRow) {
  const s = (d: { toString(): string } | null) => (d === null ? null : d.toString());
  return {
    ...row,
    quantity: row.quantity.toString(),
    entryPrice: row.entryPrice.toString(),
    exitPrice: s(row.exitPrice),
    fees: row.fees.toString(),
    grossPnl: s(row.grossPnl),
    netPnl: s(row.netPnl),
    multiplier: row.multiplier.toString(),
    optionExpiry: row.optionExpiry?.toISOString().slice(0, 10) ?? null,
    optionStrike: s(row.optionStrike),
    stopLoss: s(row.stopLoss),
    takeProfit: s(row.takeProfit),
    initialRisk: s(row.initialRisk),
    rMultiple: s(row.rMultiple),
  };
}
export type TradeDto = ReturnType<typeof toTradeDto>;

async function requireTrade(ctx: MemberContext, tradeId: string) {
  const trade = await ctx.prisma.trade.findFirst({ where: { id: tradeId, userId: ctx.user.id }, select: TRADE });
  if (!trade) throw new TRPCError({ code: "NOT_FOUND", message: "That trade was not found." });
  return trade;
}

function multiplierFor(assetClass: AssetClass, symbol: string, given: string | null | undefined): string {
  if (given) return given;
  const known = defaultMultiplier(assetClass, symbol);
  if (!known) throw fieldError("multiplier", `Enter the point value of ${symbol}: we don't know it.`);
  return known.toString();
}

/** A hand-entered trade is one or two fills: the entry, and the exit when it is closed. */
function handFills(t: {
  direction: "long" | "short";
  quantity: string;
  entryPrice: string;
  entryAt: Date;
  exitPrice?: string | null;
  exitAt?: Date | null;
  fees: string;
}): FillInput[] {
  const open: Side = t.direction === "long" ? "buy" : "sell";
  const close: Side = t.direction === "long" ? "sell" : "buy";
  const closed = t.exitPrice != null && t.exitAt != null;
  const fees = dec(t.fees);
  const entryFees = closed ? fees.dividedBy(2).toDecimalPlaces(4) : fees;
  const fills: FillInput[] = [
    {
      executedAt: t.entryAt,
      side: open,
      quantity: t.quantity,
      price: t.entryPrice,
      fees: entryFees,
      executionId: null,
    },
  ];
  if (closed)
    fills.push({
      executedAt: t.exitAt!,
      side: close,
      quantity: t.quantity,
      price: t.exitPrice!,
      fees: fees.minus(entryFees),
      executionId: null,
    });
  return fills;
}

function buildOne(fills: FillInput[], multiplier: string): BuiltTrade {
  const [trade] = buildTrades(fills, { multiplier });
  return trade!;
}

/** Refuses a hand-entered trade whose P&L (typed or computed) is beyond its asset class's bound. */
function requirePnlWithinBounds(assetClass: AssetClass, built: BuiltTrade, override: string | null | undefined) {
  const limit = maxTradePnl(assetClass);
  const beyond = (value: string) => dec(value).abs().greaterThan(limit);
  const bound = `±${limit.toLocaleString("en-US")}`;
  if (override != null && beyond(override)) {
    throw fieldError("netPnlOverride", `P&L is at most ${bound} for a ${assetClass} trade`);
  }
  if (override == null && beyond(built.netPnl.toString())) {
    throw fieldError(
      "quantity",
      `This trade's P&L would be ${money(built.netPnl.toString())}, beyond ${bound} for a ${assetClass} trade: check the quantity and prices`,
    );
  }
}

const money = (value: string) => `$${Number(value).toLocaleString("en-US", { maximumFractionDigits: 2 })}`;

type TradeTime = Date | WallClock;

/**
 * The entry and exit as instants: a zoneless time (a datetime-local value) is the member's wall
 * clock, so their zone is looked up, but only when one is given that way.
 */
async function tradeTimes<T extends { entryAt?: TradeTime; exitAt?: TradeTime | null }>(
  ctx: MemberContext,
  { entryAt, exitAt }: T,
) {
  const timeZone = entryAt instanceof WallClock || exitAt instanceof WallClock ? await memberTimeZone(ctx) : "UTC";
  return {
    entryAt: entryAt === undefined ? undefined : resolveInstant(entryAt, timeZone, "entryAt", ENTRY_TIME),
    exitAt: exitAt == null ? exitAt : resolveInstant(exitAt, timeZone, "exitAt", EXIT_TIME),
  };
}

/** A hand-entered trade; `clientId` (journal.batchSync) is unique per member, so a retried create fails instead of doubling. */
export async function createTrade(
  ctx: MemberContext,
  given: CreateTradeInput,
  { clientId }: { clientId?: string } = {},
): Promise<TradeDto> {
  const times = await tradeTimes(ctx, given);
  const input = { ...given, entryAt: times.entryAt!, exitAt: times.exitAt };
  if (input.exitAt && input.exitAt < input.entryAt) throw fieldError("exitAt", "The exit is before the entry");
  await requireAccount(ctx, input.accountId);
  await requireSetup(ctx, input.setupId);
  const instrument: Instrument = {
    symbol: input.symbol,
    assetClass: input.assetClass,
    multiplier: multiplierFor(input.assetClass, input.symbol, input.multiplier),
    option: input.assetClass === "option" ? (input.option ?? null) : null,
  };
  const fills = handFills(input);
  const built = buildOne(fills, instrument.multiplier);
  requirePnlWithinBounds(input.assetClass, built, input.netPnlOverride);
  const id = await ctx.prisma.$transaction(async (tx) => {
    const trade = await tx.trade.create({
      data: {
        ...tradeColumns(built, instrument, { stopLoss: input.stopLoss }, input.netPnlOverride),
        userId: ctx.user.id,
        accountId: input.accountId,
        stopLoss: input.stopLoss ?? null,
        takeProfit: input.takeProfit ?? null,
        setupId: input.setupId ?? null,
        tags: input.tags,
        notes: input.notes,
        rating: input.rating ?? null,
        emotions: input.emotions,
        mistakes: input.mistakes,
        clientId: clientId ?? null,
      },
      select: { id: true },
    });
    await tx.fill.createMany({
      data: fillRows(built, { tradeId: trade.id, accountId: input.accountId, importOf: () => null }),
    });
    return trade.id;
  });
  addBreadcrumb({ category: "journal", message: "trade created", data: { tradeId: id } });
  return getTrade(ctx, id);
}

export async function getTrade(ctx: MemberContext, tradeId: string): Promise<TradeDto> {
  return toTradeDto(await requireTrade(ctx, tradeId));
}

const DELIVERY_LINK = {
  id: true,
  symbol: true,
  direction: true,
  quantity: true,
  optionExpiry: true,
  optionStrike: true,
  optionRight: true,
  deliveredToTradeId: true,
} satisfies Prisma.TradeSelect;

/**
 * Assignment and exercise links of a trade (Trade.deliveredToTradeId): for an option, the share
 * trade its delivery went into; for shares, the option trades that delivered them.
 */
async function deliveriesOf(ctx: MemberContext, tradeId: string) {
  const rows = await ctx.prisma.trade.findMany({
    where: { userId: ctx.user.id, OR: [{ deliveredToTradeId: tradeId }, { deliveredBy: { some: { id: tradeId } } }] },
    select: DELIVERY_LINK,
    orderBy: { entryAt: "asc" },
    take: 50,
  });
  const link = ({ deliveredToTradeId: _, ...row }: (typeof rows)[number]) => ({
    ...row,
    quantity: row.quantity.toString(),
    optionExpiry: row.optionExpiry?.toISOString().slice(0, 10) ?? null,
    optionStrike: row.optionStrike?.toString() ?? null,
  });
  return {
    deliveredTo: rows.filter((r) => r.deliveredToTradeId !== tradeId).map(link)[0] ?? null,
    deliveredBy: rows.filter((r) => r.deliveredToTradeId === tradeId).map(link),
  };
}

/** The trade with its fills and, for an option leg, its strategy (legs, their P&L, totals), for the detail page. */
export async function getTradeWithFills(ctx: MemberContext, tradeId: string) {
  const trade = await getTrade(ctx, tradeId);
  const [fills, strategy, linked] = await Promise.all([
    ctx.prisma.fill.findMany({
      where: { tradeId },
      select: { id: true, executedAt: true, side: true, quantity: true, price: true, fees: true, executionId: true },
      orderBy: [{ executedAt: "asc" }, { id: "asc" }],
    }),
    trade.strategyId ? findStrategy(ctx.prisma, ctx.user.id, trade.strategyId) : null,
    deliveriesOf(ctx, tradeId),
  ]);
  return {
    trade,
    strategy,
    ...linked,
    fills: fills.map((f) => ({
      ...f,
      quantity: f.quantity.toString(),
      price: f.price.toString(),
      fees: f.fees.toString(),
    })),
  };
}

/**
 * The journal page's data in one statement: a page of trades, the totals, and the names of the
 * member's accounts and setups (its filter form's choices).
 */
export async function listTradesPage(ctx: MemberContext, input: z.infer<typeof ListTradesInputSchema>) {
  const preferences = await memberPreferences(ctx);
  if (!RAW_SORTS.has(input.sort)) {
    const [list, accounts, setups] = await Promise.all([
      listTrades(ctx, input),
      ctx.prisma.brokerAccount.findMany({
        where: { userId: ctx.user.id },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      }),
      ctx.prisma.setup.findMany({
        where: { userId: ctx.user.id },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      }),
    ]);
    return { ...list, accounts, setups };
  }
  const found = await queryTradeList(ctx.prisma, ctx.user.id, input, preferences, { withNames: true });
  return { ...tradeListOf(found, input.limit, preferences.timeZone), ...found.names! };
}

function tradeListOf({ rows, totals }: TradeListPage, limit: number, timeZone: string) {
  const page = rows.slice(0, limit);
  return {
    trades: page,
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
    totals,
    /** The member's time zone, which the date filters used (and the page shows times in). */
    timeZone,
  };
}

export async function listTrades(ctx: MemberContext, input: z.infer<typeof ListTradesInputSchema>) {
  if (RAW_SORTS.has(input.sort)) {
    const preferences = await memberPreferences(ctx);
    return tradeListOf(
      await queryTradeList(ctx.prisma, ctx.user.id, input, preferences),
      input.limit,
      preferences.timeZone,
    );
  }
  const { timeZone, breakevenBand } = await memberPreferences(ctx);
  const where = tradeWhere(ctx.user.id, input.filters, timeZone, breakevenBand);
  const orderBy: Prisma.TradeOrderByWithRelationInput[] = [{ [input.sort]: input.order }, { id: input.order }];
  const [rows, totals] = await Promise.all([
    ctx.prisma.trade.findMany({
      where,
      orderBy,
      take: input.limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      select: { ...TRADE, strategy: { select: { name: true } } },
    }),
    ctx.prisma.trade.aggregate({ where, _count: { _all: true }, _sum: { netPnl: true, fees: true } }),
  ]);
  const page = rows.slice(0, input.limit);
  return {
    trades: page.map(({ strategy, ...row }) => ({ ...toTradeDto(row), strategyName: strategy?.name ?? null })),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
    totals: {
      count: totals._count._all,
      netPnl: totals._sum.netPnl?.toString() ?? "0",
      fees: totals._sum.fees?.toString() ?? "0",
    },
    /** The member's time zone, which the date filters used (and the page shows times in). */
    timeZone,
  };
}

/**
 * The next version of a row: its updatedAt, strictly later than the last one even within one
 * millisecond, so a client's base version never matches a row that changed since.
 */
export function nextVersion(previous: Date): Date {
  return new Date(Math.max(Date.now(), previous.getTime() + 1));
}

/**
 * Locks one of the member's trades until the transaction ends (SELECT … FOR UPDATE) and reads
 * it; another member's trade is not found.
 */
export async function lockTrade(tx: Prisma.TransactionClient, ctx: MemberContext, tradeId: string): Promise<TradeRow> {
  const locked = await tx.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "Trade" WHERE "id" = ${tradeId} AND "userId" = ${ctx.user.id} FOR UPDATE`;
  if (!locked.length) throw new TRPCError({ code: "NOT_FOUND", message: "That trade was not found." });
  return tx.trade.findUniqueOrThrow({ where: { id: tradeId }, select: TRADE });
}

export type VersionedUpdate = { status: "applied"; updatedAt: Date } | { status: "conflict"; current: TradeDto };

/**
 * Updates some fields. Prices, quantity or times of a hand-entered trade rebuild its fills and
 * P&L; an imported trade's numbers come from its fills and cannot be typed over except as a
 * marked P&L override.
 */
export async function updateTrade(ctx: MemberContext, input: UpdateTradeInput): Promise<TradeDto> {
  await updateTradeAt(ctx, input);
  return getTrade(ctx, input.tradeId);
}

/**
 * updateTrade with an optional base version: when the trade's updatedAt is no longer
 * `baseUpdatedAt`, nothing is written and the current trade comes back as a conflict. The row
 * stays locked from that comparison to the write, so a concurrent edit cannot slip in between
 * (and two edits of the same trade never merge fields from a stale read).
 */
export async function updateTradeAt(
  ctx: MemberContext,
  { tradeId, ...given }: UpdateTradeInput,
  baseUpdatedAt?: Date,
): Promise<VersionedUpdate> {
  const input = { ...given, ...(await tradeTimes(ctx, given)) };
  await requireSetup(ctx, input.setupId);
  return ctx.prisma.$transaction(async (tx) => {
    const current = await lockTrade(tx, ctx, tradeId);
    if (baseUpdatedAt && current.updatedAt.getTime() !== baseUpdatedAt.getTime())
      return { status: "conflict", current: toTradeDto(current) };
    const updatedAt = nextVersion(current.updatedAt);
    await writeUpdate(tx, current, input, updatedAt);
    return { status: "applied", updatedAt };
  });
}

type ResolvedUpdate = Omit<UpdateTradeInput, "tradeId" | "entryAt" | "exitAt"> & {
  entryAt?: Date;
  exitAt?: Date | null;
};

async function writeUpdate(tx: Prisma.TransactionClient, current: TradeRow, input: ResolvedUpdate, updatedAt: Date) {
  const tradeId = current.id;
  const numbers = [
    "symbol",
    "assetClass",
    "direction",
    "quantity",
    "entryPrice",
    "entryAt",
    "exitPrice",
    "exitAt",
    "fees",
    "multiplier",
    "option",
    "stopLoss",
    "netPnlOverride",
  ] as const;
  const touchesNumbers = numbers.some((k) => input[k] !== undefined);
  const annotations = {
    updatedAt,
    ...(input.takeProfit !== undefined ? { takeProfit: input.takeProfit } : {}),
    ...(input.setupId !== undefined ? { setupId: input.setupId } : {}),
    ...(input.tags !== undefined ? { tags: input.tags } : {}),
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
    ...(input.rating !== undefined ? { rating: input.rating } : {}),
    ...(input.emotions !== undefined ? { emotions: input.emotions } : {}),
    ...(input.mistakes !== undefined ? { mistakes: input.mistakes } : {}),
  };
  if (!touchesNumbers) {
    await tx.trade.update({ where: { id: tradeId }, data: annotations, select: { id: true } });
    return;
  }
  const fillCount = await tx.fill.count({ where: { tradeId, executionId: { not: null } } });
  const priceEdit = numbers.some((k) => k !== "netPnlOverride" && k !== "stopLoss" && input[k] !== undefined);
  if (current.costBasisUnknown && input.entryPrice !== undefined) {
    await giveCostBasis(tx, current, { entryPrice: input.entryPrice, entryAt: input.entryAt }, annotations);
    return;
  }
  if (fillCount > 0 && priceEdit) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "An imported trade's prices come from its fills. You can override its P&L, or undo the import.",
    });
  }
  const merged = {
    symbol: input.symbol ?? current.symbol,
    assetClass: (input.assetClass ?? current.assetClass) as AssetClass,
    direction: input.direction ?? current.direction,
    quantity: input.quantity ?? current.quantity.toString(),
    entryPrice: input.entryPrice ?? current.entryPrice.toString(),
    entryAt: input.entryAt ?? current.entryAt,
    exitPrice: input.exitPrice !== undefined ? input.exitPrice : (current.exitPrice?.toString() ?? null),
    exitAt: input.exitAt !== undefined ? input.exitAt : current.exitAt,
    fees: input.fees ?? current.fees.toString(),
  };
  if ((merged.exitPrice == null) !== (merged.exitAt == null))
    throw fieldError("exitAt", "Give both the exit price and time, or neither");
  if (merged.exitAt && merged.exitAt < merged.entryAt) throw fieldError("exitAt", "The exit is before the entry");
  const instrument: Instrument = {
    symbol: merged.symbol,
    assetClass: merged.assetClass,
    multiplier: input.multiplier ?? current.multiplier.toString(),
    option: merged.assetClass !== "option" ? null : (input.option ?? storedOption(current)),
  };
  const stopLoss = input.stopLoss !== undefined ? input.stopLoss : (current.stopLoss?.toString() ?? null);
  const override =
    input.netPnlOverride !== undefined
      ? input.netPnlOverride
      : current.pnlOverride
        ? (current.netPnl?.toString() ?? null)
        : null;
  if (fillCount > 0) {
    // Imported: only the override and the stop (risk) change; the fills stay.
    const fills = await tx.fill.findMany({ where: { tradeId }, orderBy: [{ executedAt: "asc" }, { id: "asc" }] });
    const [built] = buildTrades(
      // A trade opened before its import is rebuilt as what it is: closing fills with nothing open.
      fills.map((f) => ({
        executedAt: f.executedAt,
        side: f.side,
        quantity: f.quantity.toString(),
        price: f.price.toString(),
        fees: f.fees.toString(),
        effect: current.costBasisUnknown ? "close" : null,
      })),
      { multiplier: instrument.multiplier },
    );
    // What the fills computed stands as it is; only a typed P&L is held to the bound.
    if (override != null) requirePnlWithinBounds(merged.assetClass, built!, override);
    await tx.trade.update({
      where: { id: tradeId },
      data: { ...tradeColumns(built!, instrument, { stopLoss }, override), stopLoss, ...annotations },
      select: { id: true },
    });
    return;
  }
  const built = buildOne(handFills(merged), instrument.multiplier);
  requirePnlWithinBounds(merged.assetClass, built, override);
  await tx.fill.deleteMany({ where: { tradeId } });
  await tx.trade.update({
    where: { id: tradeId },
    data: { ...tradeColumns(built, instrument, { stopLoss }, override), stopLoss, ...annotations },
    select: { id: true },
  });
  await tx.fill.createMany({ data: fillRows(built, { tradeId, accountId: current.accountId, importOf: () => null }) });
}

/**
 * The member gives the cost basis of a trade opened before its import: an opening fill of its
 * whole quantity at that price (at `entryAt`, or with its first exit) joins its fills, and the
 * trade gets its P&L and enters the statistics.
 */
async function giveCostBasis(
  tx: Prisma.TransactionClient,
  current: TradeRow,
  basis: { entryPrice: string; entryAt?: Date },
  annotations: Record<string, unknown>,
) {
  const entryAt = basis.entryAt ?? current.entryAt;
  if (entryAt > current.entryAt) throw fieldError("entryAt", "The entry must be before the first exit");
  const stored = await tx.fill.findMany({
    where: { tradeId: current.id },
    orderBy: [{ executedAt: "asc" }, { id: "asc" }],
  });
  const opening: FillInput = {
    executedAt: entryAt,
    side: current.direction === "long" ? "buy" : "sell",
    quantity: current.quantity.toString(),
    price: basis.entryPrice,
    fees: "0",
    executionId: null,
  };
  const [built] = buildTrades(
    [
      opening,
      ...stored.map((f) => ({
        executedAt: f.executedAt,
        side: f.side,
        quantity: f.quantity.toString(),
        price: f.price.toString(),
        fees: f.fees.toString(),
        executionId: f.executionId,
      })),
    ],
    { multiplier: current.multiplier.toString() },
  );
  const instrument = instrumentOfTrade(current);
  await tx.trade.update({
    where: { id: current.id },
    data: { ...tradeColumns(built!, instrument, { stopLoss: current.stopLoss?.toString() ?? null }), ...annotations },
    select: { id: true },
  });
  await tx.fill.create({
    data: {
      tradeId: current.id,
      accountId: current.accountId,
      executedAt: entryAt,
      side: opening.side,
      quantity: opening.quantity.toString(),
      price: basis.entryPrice,
      fees: "0",
    },
    select: { id: true },
  });
}

export async function deleteTrade(ctx: MemberContext, tradeId: string) {
  // The rows of its screenshots go with the trade (cascade); their files are removed after.
  const screenshotFiles = await screenshotKeysOf(ctx, { tradeId });
  const { count } = await ctx.prisma.trade.deleteMany({ where: { id: tradeId, userId: ctx.user.id } });
  if (!count) throw new TRPCError({ code: "NOT_FOUND", message: "That trade was not found." });
  await deleteStoredFiles(ctx, screenshotFiles);
  return { deleted: true as const };
}

/** Adds and removes tags on many of the member's trades; ids that aren't theirs are not found. */
export async function bulkTag(ctx: MemberContext, input: z.infer<typeof BulkTagInputSchema>) {
  const ids = [...new Set(input.tradeIds)].sort();
  const remove = new Set(input.remove);
  // The tags are read under a row lock (in id order, so two bulk edits can't deadlock), so a
  // concurrent edit of a trade's tags is never overwritten from a stale read.
  await ctx.prisma.$transaction(async (tx) => {
    const trades = await tx.$queryRaw<{ id: string; tags: string[]; updatedAt: Date }[]>`
      SELECT "id", "tags", "updatedAt" FROM "Trade" WHERE "id" = ANY(${ids}::text[]) AND "userId" = ${ctx.user.id} ORDER BY "id" FOR UPDATE`;
    if (trades.length !== ids.length)
      throw new TRPCError({ code: "NOT_FOUND", message: "Some of those trades were not found." });
    for (const t of trades) {
      const tags = [...new Set([...t.tags.filter((tag) => !remove.has(tag)), ...input.add])];
      if (tags.length > 20) throw new TRPCError({ code: "BAD_REQUEST", message: "A trade can have at most 20 tags." });
      await tx.trade.update({
        where: { id: t.id },
        data: { tags, updatedAt: nextVersion(t.updatedAt) },
        select: { id: true },
      });
    }
  });
  return { updated: ids.length };
}

/** The filtered trades' fills in our generic CSV (what an import reads back unchanged). */
export async function exportTrades(ctx: MemberContext, filters: TradeFilters) {
  const { timeZone, breakevenBand } = await memberPreferences(ctx);
  const where = tradeWhere(ctx.user.id, filters, timeZone, breakevenBand);
  const trades = await ctx.prisma.trade.findMany({
    where,
    orderBy: [{ entryAt: "asc" }, { id: "asc" }],
    take: 100_000,
    select: {
      symbol: true,
      assetClass: true,
      multiplier: true,
      optionExpiry: true,
      optionStrike: true,
      optionRight: true,
      costBasisUnknown: true,
      account: { select: { name: true } },
      fills: {
        orderBy: [{ executedAt: "asc" }, { id: "asc" }],
        select: { id: true, executedAt: true, side: true, quantity: true, price: true, fees: true, executionId: true },
      },
    },
  });
  const content = writeGeneric(
    trades.flatMap((t) =>
      t.fills.map((f) => ({
        account: t.account.name,
        symbol: t.symbol,
        assetClass: t.assetClass,
        side: f.side,
        quantity: f.quantity.toString(),
        price: f.price.toString(),
        fees: f.fees.toString(),
        executedAt: f.executedAt,
        // Hand-entered fills have no broker id: the fill's own id keeps a re-import idempotent.
        executionId: f.executionId ?? `tc-${f.id}`,
        multiplier: t.multiplier.toString(),
        // A trade opened before its import imports back as one: its fills only close.
        effect: t.costBasisUnknown ? ("close" as const) : null,
        option: storedOption(t),
      })),
    ),
  );
  return {
    fileName: `tradecraft-journal-${new Date().toISOString().slice(0, 10)}.csv`,
    content,
    trades: trades.length,
  };
}
