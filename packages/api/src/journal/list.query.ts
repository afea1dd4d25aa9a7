// The journal list's read as one SQL statement (issue 16): the page of trades with their option
// strategy's name, the filtered totals and, for the journal page, the names its filter form lists.
// Prisma's query compiler was about a third of a cold render's CPU across the page's queries;
// a raw statement skips it, and one round trip replaces four.
import { Prisma } from "@tradecraft/db";
import { z } from "zod";
import { decimalString } from "./domain/decimal.ts";
import { ASSET_CLASSES } from "./domain/instruments.ts";
import type { ListTradesInputSchema, TradeFilters } from "./schemas.ts";
import { dayRangeToUtc } from "./domain/time-zone.ts";

type ListInput = z.infer<typeof ListTradesInputSchema>;

/** The sorts this statement serves: columns that are never null, so the cursor is a row comparison. */
export const RAW_SORTS = new Set<ListInput["sort"]>(["entryAt", "symbol"]);

const decimal = z.string().transform(decimalString);
const decimalOrNull = decimal.nullable();
const instant = z.coerce.date();

const TradeListRowSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  symbol: z.string(),
  assetClass: z.enum(ASSET_CLASSES),
  direction: z.enum(["long", "short"]),
  status: z.enum(["open", "closed"]),
  quantity: decimal,
  entryPrice: decimal,
  exitPrice: decimalOrNull,
  entryAt: instant,
  exitAt: instant.nullable(),
  fees: decimal,
  grossPnl: decimalOrNull,
  netPnl: decimalOrNull,
  pnlOverride: z.boolean(),
  costBasisUnknown: z.boolean(),
  multiplier: decimal,
  // A calendar day, as toTradeDto prints it.
  optionExpiry: z.string().nullable(),
  optionStrike: decimalOrNull,
  optionRight: z.enum(["call", "put"]).nullable(),
  stopLoss: decimalOrNull,
  takeProfit: decimalOrNull,
  initialRisk: decimalOrNull,
  rMultiple: decimalOrNull,
  setupId: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
  rating: z.number().int().nullable(),
  emotions: z.array(z.string()),
  mistakes: z.array(z.string()),
  importId: z.string().nullable(),
  updatedAt: instant,
  grade: z.enum(["A", "B", "C", "D", "F"]).nullable(),
  strategyId: z.string().nullable(),
  strategyName: z.string().nullable(),
});

const jsonList = z.preprocess(
  (value) => (typeof value === "string" ? JSON.parse(value) : value),
  z.array(z.object({ id: z.string(), name: z.string() })),
);

const TotalsSchema = z.object({
  count: z.number().int(),
  sumNetPnl: z.string().nullable(),
  sumFees: z.string().nullable(),
  accounts: jsonList.nullable(),
  setups: jsonList.nullable(),
});

export type TradeListRow = z.infer<typeof TradeListRowSchema>;

const COLUMNS = Prisma.raw(
  [
    `t."id", t."accountId", t."symbol", t."assetClass"::text AS "assetClass", t."direction"::text AS "direction"`,
    `t."status"::text AS "status", t."quantity"::text AS "quantity", t."entryPrice"::text AS "entryPrice"`,
    `t."exitPrice"::text AS "exitPrice", t."entryAt", t."exitAt", t."fees"::text AS "fees"`,
    `t."grossPnl"::text AS "grossPnl", t."netPnl"::text AS "netPnl", t."pnlOverride", t."costBasisUnknown"`,
    `t."multiplier"::text AS "multiplier", to_char(t."optionExpiry", 'YYYY-MM-DD') AS "optionExpiry"`,
    `t."optionStrike"::text AS "optionStrike", t."optionRight"::text AS "optionRight"`,
    `t."stopLoss"::text AS "stopLoss", t."takeProfit"::text AS "takeProfit"`,
    `t."initialRisk"::text AS "initialRisk", t."rMultiple"::text AS "rMultiple", t."setupId", t."tags", t."notes"`,
    `t."rating", t."emotions", t."mistakes", t."importId", t."updatedAt", t."grade"::text AS "grade"`,
    `t."strategyId", s."name" AS "strategyName"`,
  ].join(", "),
);

/**
 * The SQL twin of filters.ts' tradeWhere (which the other journal reads use): the member's
 * trades, their days in their time zone, a win or loss beyond ± the breakeven band.
 */
export function tradeConditions(
  userId: string,
  filters: TradeFilters,
  timeZone: string,
  breakevenBand: number,
): Prisma.Sql {
  const { gte, lt } = dayRangeToUtc(filters.from, filters.to, timeZone);
  const parts: Prisma.Sql[] = [Prisma.sql`t."userId" = ${userId}`];
  if (gte) parts.push(Prisma.sql`t."entryAt" >= ${gte.toISOString()}::timestamptz`);
  if (lt) parts.push(Prisma.sql`t."entryAt" < ${lt.toISOString()}::timestamptz`);
  if (filters.accountId) parts.push(Prisma.sql`t."accountId" = ${filters.accountId}`);
  if (filters.symbol) parts.push(Prisma.sql`t."symbol" = ${filters.symbol}`);
  if (filters.side) parts.push(Prisma.sql`t."direction"::text = ${filters.side}`);
  if (filters.assetClass) parts.push(Prisma.sql`t."assetClass"::text = ${filters.assetClass}`);
  if (filters.setupId) parts.push(Prisma.sql`t."setupId" = ${filters.setupId}`);
  if (filters.tag) parts.push(Prisma.sql`${filters.tag} = ANY(t."tags")`);
  if (filters.grade) parts.push(Prisma.sql`t."grade"::text = ${filters.grade}`);
  if (filters.outcome) {
    // An outcome is a closed trade's: it overrides a status filter, as in tradeWhere.
    const band = String(Math.abs(breakevenBand));
    parts.push(Prisma.sql`t."status" = 'closed'`);
    if (filters.outcome === "win") parts.push(Prisma.sql`t."netPnl" > ${band}::numeric`);
    else if (filters.outcome === "loss") parts.push(Prisma.sql`t."netPnl" < -${band}::numeric`);
    else parts.push(Prisma.sql`t."netPnl" BETWEEN -${band}::numeric AND ${band}::numeric`);
  } else if (filters.status) parts.push(Prisma.sql`t."status"::text = ${filters.status}`);
  return Prisma.join(parts, " AND ");
}

export interface TradeListPage {
  rows: TradeListRow[];
  totals: { count: number; netPnl: string; fees: string };
  /** The member's accounts and setups by name, when asked for (the journal page's filter form). */
  names: { accounts: { id: string; name: string }[]; setups: { id: string; name: string }[] } | null;
}

/**
 * One statement: the totals of every matching trade, the page after `cursor` (limit + 1 rows, so
 * the caller knows whether another page follows) and optionally the filter form's names. A cursor
 * that is not one of the member's trades gives an empty page.
 */
export async function queryTradeList(
  prisma: Prisma.TransactionClient,
  userId: string,
  input: ListInput,
  preferences: { timeZone: string; breakevenBand: number },
  { withNames = false }: { withNames?: boolean } = {},
): Promise<TradeListPage> {
  if (!RAW_SORTS.has(input.sort)) throw new Error(`queryTradeList does not sort by ${input.sort}`);
  const where = tradeConditions(userId, input.filters, preferences.timeZone, preferences.breakevenBand);
  const sort = Prisma.raw(`"${input.sort}"`);
  const direction = Prisma.raw(input.order === "asc" ? "ASC" : "DESC");
  const after = input.cursor
    ? Prisma.sql`AND (t.${sort}, t."id") ${Prisma.raw(input.order === "asc" ? ">" : "<")} (
        SELECT c.${sort}, c."id" FROM "Trade" c WHERE c."id" = ${input.cursor} AND c."userId" = ${userId})`
    : Prisma.empty;
  const names = withNames
    ? Prisma.sql`,
      (SELECT json_agg(json_build_object('id', a."id", 'name', a."name") ORDER BY a."name")
        FROM "BrokerAccount" a WHERE a."userId" = ${userId}) AS "accounts",
      (SELECT json_agg(json_build_object('id', x."id", 'name', x."name") ORDER BY x."name")
        FROM "Setup" x WHERE x."userId" = ${userId}) AS "setups"`
    : Prisma.sql`, NULL AS "accounts", NULL AS "setups"`;
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT totals.*, page.*
    FROM (
      SELECT count(*)::int AS "count", sum(t."netPnl")::text AS "sumNetPnl", sum(t."fees")::text AS "sumFees"
      ${names}
      FROM "Trade" t WHERE ${where}
    ) totals
    LEFT JOIN LATERAL (
      SELECT ${COLUMNS}, t."position"
      FROM (
        SELECT t.*, row_number() OVER (ORDER BY t.${sort} ${direction}, t."id" ${direction}) AS "position"
        FROM "Trade" t WHERE ${where} ${after}
        ORDER BY t.${sort} ${direction}, t."id" ${direction} LIMIT ${input.limit + 1}
      ) t LEFT JOIN "Strategy" s ON s."id" = t."strategyId"
    ) page ON true
    ORDER BY page."position"`;
  const totals = TotalsSchema.parse(rows[0]);
  return {
    rows: rows.filter((r) => r.id !== null).map((r) => TradeListRowSchema.parse(r)),
    totals: {
      count: totals.count,
      netPnl: totals.sumNetPnl === null ? "0" : decimalString(totals.sumNetPnl),
      fees: totals.sumFees === null ? "0" : decimalString(totals.sumFees),
    },
    names: withNames ? { accounts: totals.accounts ?? [], setups: totals.setups ?? [] } : null,
  };
}
