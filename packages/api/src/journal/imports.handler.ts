// Broker files: preview what an import would do, commit it all or nothing, list, undo.
import { createHash } from "node:crypto";
import { addBreadcrumb } from "@tradecraft/config";
import { enqueueExcursionsJob } from "@tradecraft/db";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { type MemberContext, requireAccount } from "./accounts.handler.ts";
import { buildTrades } from "./domain/fifo.ts";
import { linkDeliveries } from "./deliveries.service.ts";
import { type ImportProgress, readImportProgress, reportImportProgress } from "./import-progress.ts";
import { ImportFormatError, readBrokerFile } from "./import/detect.ts";
import { refuseFutureFills } from "./import/future-fills.ts";
import { pageOf, type SymbolSummary, summariseBySymbol } from "./import/preview-summary.ts";
import {
  actionId,
  type ActionFill,
  type AppliedAction,
  applyCorporateActions,
  cashMergerFill,
  type CorporateAction,
} from "./import/corporate-actions.ts";
import { instrumentKey, type ParsedFill, type RowError } from "./import/types.ts";
import { memberTimeZone } from "./journal.handler.ts";
import { deleteStoredFiles, screenshotKeysOf } from "./screenshots.handler.ts";
import { groupStrategies, previewStrategies } from "./strategies.service.ts";
import type { ImportCommitInputSchema, ImportInputSchema, ImportPreviewInputSchema } from "./schemas.ts";
import { IMPORT_PREVIEW_PAGE_SIZE, MAX_IMPORT_ROWS } from "./schemas.ts";
import { insertTrades, type Instrument, instrumentOfTrade, type StoredFill } from "./trades.service.ts";
import type { Prisma } from "@tradecraft/db";

type ImportInput = z.infer<typeof ImportInputSchema>;

const instrumentOf = (f: ParsedFill): Instrument => ({
  symbol: f.symbol,
  assetClass: f.assetClass,
  multiplier: f.multiplier,
  option: f.option,
});

const OPEN_TRADE = {
  id: true,
  stopLoss: true,
  symbol: true,
  assetClass: true,
  optionExpiry: true,
  optionStrike: true,
  optionRight: true,
  multiplier: true,
  fills: true,
} as const;

/**
 * The account's open trades on these symbols, in one query (an import continues them): what one
 * findFirst per instrument returned, without 50 round trips for a file of 50 symbols.
 */
async function lockOpenTrades(db: Prisma.TransactionClient, userId: string, accountId: string, symbols: string[]) {
  // Locked (in id order) before anything is written: a concurrent import or edit of the same
  // open trade waits for this one instead of building on what it is about to change.
  const locked = symbols.length
    ? await db.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Trade" WHERE "userId" = ${userId} AND "accountId" = ${accountId} AND "status" = 'open' AND "symbol" = ANY(${symbols}::text[])
        ORDER BY "id" FOR UPDATE`
    : [];
  return locked.length
    ? await db.trade.findMany({ where: { id: { in: locked.map((t) => t.id) }, status: "open" }, select: OPEN_TRADE })
    : [];
}

type OpenTrade = Awaited<ReturnType<typeof lockOpenTrades>>[number];

const isOn = (t: OpenTrade, i: Instrument) =>
  t.symbol === i.symbol &&
  t.assetClass === i.assetClass &&
  (!i.option ||
    (t.optionExpiry?.getTime() === new Date(`${i.option.expiry}T00:00:00Z`).getTime() &&
      !!t.optionStrike?.equals(i.option.strike) &&
      t.optionRight === i.option.right));

type PriorFill = StoredFill & ActionFill & { quantity: string; price: string };

interface InstrumentPlan {
  instrument: Instrument;
  open: OpenTrade | null;
  /** The open trade's fills, as corporate actions left them. */
  existing: PriorFill[];
  fresh: ParsedFill[];
}

/**
 * What the import does per instrument: the file's new fills, and the account's open trade they
 * continue. Corporate actions are applied first, to both (a split or symbol change of a position
 * held in the journal rewrites that trade's fills); a trade they change is rebuilt even when the
 * file has no fills of its own on it.
 */
async function planInstruments(
  db: Prisma.TransactionClient,
  userId: string,
  accountId: string,
  fresh: ParsedFill[],
  actions: CorporateAction[],
  broker: string,
) {
  const files = fresh.map((f) => ({ ...f }));
  const actionSymbols = actions.flatMap((a) => (a.kind === "symbolChange" ? [a.from, a.to] : [a.symbol]));
  const open = await lockOpenTrades(db, userId, accountId, [
    ...new Set([...files.map((f) => f.symbol), ...actionSymbols]),
  ]);
  const existing = new Map<string, PriorFill[]>(
    open.map((t) => [
      t.id,
      t.fills.map((f) => ({
        symbol: t.symbol,
        tradeId: t.id,
        executedAt: f.executedAt,
        side: f.side,
        quantity: f.quantity.toString(),
        price: f.price.toString(),
        fees: f.fees.toString(),
        executionId: f.executionId,
        importId: f.importId,
      })),
    ]),
  );
  let applied: AppliedAction[] = [];
  const touched = new Set<string>();
  if (actions.length) {
    const before = new Map([...existing].map(([id, fills]) => [id, JSON.stringify(fills)]));
    const stock = [
      ...open.filter((t) => t.assetClass === "stock").flatMap((t) => existing.get(t.id)!),
      ...files.filter((f) => f.assetClass === "stock"),
    ];
    applied = applyCorporateActions<ActionFill>(stock, actions, (action, quantity, position, price) => {
      const fill = cashMergerFill(broker, action, quantity, position, price);
      files.push(fill);
      return fill;
    });
    for (const t of open) {
      if (JSON.stringify(existing.get(t.id)) !== before.get(t.id)) touched.add(t.id);
      // A trade carried to a new symbol is continued there.
      t.symbol = existing.get(t.id)![0]?.symbol ?? t.symbol;
    }
  }
  const groups = new Map<string, ParsedFill[]>();
  for (const f of files) {
    const key = instrumentKey(f);
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const plans: InstrumentPlan[] = [...groups.values()].map((group) => {
    const instrument = instrumentOf(group[0]!);
    const trade = open.find((t) => isOn(t, instrument)) ?? null;
    return { instrument, open: trade, existing: trade ? existing.get(trade.id)! : [], fresh: group };
  });
  for (const t of open) {
    if (touched.has(t.id) && !plans.some((p) => p.open?.id === t.id))
      plans.push({ instrument: instrumentOfTrade(t), open: t, existing: existing.get(t.id)!, fresh: [] });
  }
  return { plans, applied, files };
}

/** A file's trades in another currency than the account's are refused: amounts of two currencies are never added up. */
function requireAccountCurrency(
  currencies: { currency: string; line: number }[],
  account: { name: string; currency: string },
) {
  const foreign = currencies.find((c) => c.currency !== account.currency.toUpperCase());
  if (!foreign) return;
  throw new TRPCError({
    code: "BAD_REQUEST",
    message: `Line ${foreign.line}: this file has trades in ${foreign.currency}, and the account "${account.name}" is in ${account.currency}. We don't mix currencies: import it into an account in ${foreign.currency}${currencies.length > 1 ? ", one currency per file" : ""}. Nothing was imported.`,
  });
}

async function analyse(ctx: MemberContext, input: ImportInput) {
  const account = await requireAccount(ctx, input.accountId);
  const lines = input.content.split("\n").length;
  if (lines > MAX_IMPORT_ROWS + 1)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows; split it.`,
    });
  let parsed;
  const timeZone = await memberTimeZone(ctx);
  // The point values the member gave before, under the ones given now.
  const remembered = await ctx.prisma.futuresPointValue.findMany({
    where: { userId: ctx.user.id },
    select: { root: true, pointValue: true },
  });
  const pointValues = {
    ...Object.fromEntries(remembered.map((p) => [p.root, p.pointValue.toString()])),
    ...input.pointValues,
  };
  try {
    parsed = readBrokerFile(input.content, {
      timeZone,
      fileTimeZone: input.fileTimeZone,
      broker: input.broker,
      feesPerContract: input.feesPerContract,
      pointValues,
    });
  } catch (error) {
    if (error instanceof ImportFormatError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
    throw error;
  }
  requireAccountCurrency(parsed.currencies ?? [], account);
  const future = refuseFutureFills(parsed.fills, new Date(), timeZone);
  if (future.errors.length) {
    parsed = {
      ...parsed,
      fills: future.fills,
      errors: [...parsed.errors, ...future.errors].sort((a, b) => a.line - b.line),
    };
  }
  const ids = parsed.fills.map((f) => f.executionId);
  // The ids arrive as one JSON parameter: 50,000 of them would be 50,000 bind parameters otherwise.
  const known = new Set(
    (
      await ctx.prisma.$queryRaw<{ executionId: string }[]>`
        SELECT "executionId" FROM "Fill"
        WHERE "accountId" = ${input.accountId} AND "executionId" IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`
    ).map((f) => f.executionId),
  );
  const seen = new Set<string>();
  const fresh: ParsedFill[] = [];
  const duplicates: { line: number; executionId: string }[] = [];
  for (const fill of parsed.fills) {
    if (known.has(fill.executionId) || seen.has(fill.executionId))
      duplicates.push({ line: fill.line, executionId: fill.executionId });
    else fresh.push(fill);
    seen.add(fill.executionId);
  }
  // An action already applied by an earlier import of the account (the same file again, or a later
  // export repeating it) is not applied twice.
  const fileActions = (parsed.actions ?? []).map((action) => ({ action, id: actionId(parsed.broker, action) }));
  const applied = fileActions.length
    ? new Set(
        (
          await ctx.prisma.import.findMany({
            where: { accountId: input.accountId, undoneAt: null, actionIds: { hasSome: fileActions.map((a) => a.id) } },
            select: { actionIds: true },
          })
        ).flatMap((i) => i.actionIds),
      )
    : new Set<string>();
  const actions = fileActions.filter((a) => !applied.has(a.id));
  return { parsed, fresh, duplicates, actions };
}

export interface ImportPreview {
  broker: string;
  /** The zone the file's times without one were read in. */
  fileTimeZone: string;
  fills: number;
  /** Every trade the import makes; `trades` holds page `page` of them. */
  tradeCount: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** One row per symbol: fills, trades, closed P&L, open positions, events. */
  summary: SymbolSummary[];
  trades: {
    symbol: string;
    direction: string;
    status: string;
    entryAt: Date;
    exitAt: Date | null;
    quantity: string;
    netPnl: string | null;
    continuesOpenTrade: boolean;
    /** Closes a position opened before this import (no open lot in the file or the journal): entry unknown, no P&L. */
    costBasisUnknown: boolean;
  }[];
  errors: RowError[];
  /** Rows set aside or read with an assumption; they do not stop the import. */
  warnings: RowError[];
  /** Futures roots whose rows were set aside for want of a point value: the member may give it. */
  unknownFuturesRoots: string[];
  duplicates: { line: number; executionId: string }[];
  skipped: number;
  openPositions: { symbol: string; direction: string; quantity: string }[];
  /** Every corporate action of the file (split, symbol change, cash merger) and what it did. */
  actions: AppliedAction[];
  /** Option legs the file opens together, as the strategies the commit will group them into. */
  strategies: ReturnType<typeof previewStrategies>;
}

/** What committing the file would create, without writing anything. */
export async function previewImport(
  ctx: MemberContext,
  input: z.infer<typeof ImportPreviewInputSchema>,
): Promise<ImportPreview> {
  const { parsed, fresh, duplicates, actions } = await analyse(ctx, input);
  const trades: ImportPreview["trades"] = [];
  const built: Parameters<typeof previewStrategies>[0] = [];
  const { plans, applied, files } = await planInstruments(
    ctx.prisma,
    ctx.user.id,
    input.accountId,
    fresh,
    actions.map((a) => a.action),
    parsed.broker,
  );
  for (const { instrument, open, existing, fresh: group } of plans) {
    for (const [i, t] of buildTrades([...existing, ...group], { multiplier: instrument.multiplier }).entries()) {
      built.push({ instrument, trade: t, continues: i === 0 && !!open });
      trades.push({
        symbol: instrument.symbol,
        direction: t.direction,
        status: t.status,
        entryAt: t.entryAt,
        exitAt: t.exitAt,
        quantity: t.quantity.toString(),
        netPnl: t.status === "closed" && !t.costBasisUnknown ? t.netPnl.toDecimalPlaces(2).toString() : null,
        continuesOpenTrade: i === 0 && !!open,
        costBasisUnknown: t.costBasisUnknown,
      });
    }
  }
  trades.sort((a, b) => a.entryAt.getTime() - b.entryAt.getTime());
  const events = [...(parsed.notices ?? []), ...applied];
  const { items, page, pageCount } = pageOf(trades, input.page, IMPORT_PREVIEW_PAGE_SIZE);
  return {
    broker: parsed.broker,
    fileTimeZone: parsed.timeZone,
    fills: files.length,
    tradeCount: trades.length,
    page,
    pageCount,
    pageSize: IMPORT_PREVIEW_PAGE_SIZE,
    summary: summariseBySymbol(trades, files, events),
    strategies: previewStrategies(built, files),
    trades: items,
    actions: events,
    errors: parsed.errors,
    warnings: parsed.warnings ?? [],
    unknownFuturesRoots: [...new Set((parsed.warnings ?? []).flatMap((w) => (w.futuresRoot ? [w.futuresRoot] : [])))],
    duplicates,
    skipped: parsed.skipped,
    openPositions: trades
      .filter((t) => t.status === "open")
      .map((t) => ({ symbol: t.symbol, direction: t.direction, quantity: t.quantity })),
  };
}

const rows = (n: number) => `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"}`;

/**
 * Imports the file in one transaction: everything, or, when the member chose to skip the rows
 * with problems (and the file still has exactly that many), every other row; else nothing.
 */
/** Where the member's commit under `progressId` has got (null when unknown). */
export async function importProgress(ctx: MemberContext, progressId: string) {
  return readImportProgress(ctx.redis, ctx.user.id, progressId);
}

/** Commits the file; with `progressId`, reports each stage and the rows written (imports.progress). */
export async function commitImport(ctx: MemberContext, input: z.infer<typeof ImportCommitInputSchema>) {
  const report = (progress: ImportProgress) => reportImportProgress(ctx.redis, ctx.user.id, input.progressId, progress);
  await report({ stage: "reading", written: 0, total: 0 });
  try {
    const result = await writeImport(ctx, input, report);
    addBreadcrumb({
      category: "import",
      message: "import committed",
      data: { importId: result.importId, trades: result.trades, fills: result.fills },
    });
    await report({ stage: "done", written: result.trades + result.fills, total: result.trades + result.fills });
    return result;
  } catch (error) {
    await report({ stage: "failed", written: 0, total: 0 });
    throw error;
  }
}

async function writeImport(
  ctx: MemberContext,
  input: z.infer<typeof ImportCommitInputSchema>,
  report: (progress: ImportProgress) => Promise<void>,
) {
  const { parsed, fresh, duplicates, actions } = await analyse(ctx, input);
  const problems = parsed.errors.length;
  if (problems && input.skipRowsWithProblems === undefined) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `${problems === 1 ? "1 row has a problem" : `${rows(problems)} have problems`}; fix the file, or preview it and choose to import the other rows without ${problems === 1 ? "it" : "them"}. Nothing was imported.`,
    });
  }
  if (problems !== (input.skipRowsWithProblems ?? 0)) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `You chose to skip ${rows(input.skipRowsWithProblems ?? 0)}, and the file now has ${problems} with problems. Preview it again. Nothing was imported.`,
    });
  }
  const fileHash = createHash("sha256").update(input.content).digest("hex");
  let fillCount = fresh.length;
  const result = await ctx.prisma.$transaction(
    async (tx) => {
      const record = await tx.import.create({
        data: {
          userId: ctx.user.id,
          accountId: input.accountId,
          broker: parsed.broker,
          fileName: input.fileName,
          fileHash,
          rowCount: parsed.fills.length + parsed.errors.length + parsed.skipped,
          fillCount: fresh.length,
          tradeCount: 0,
          actionIds: actions.map((a) => a.id),
        },
        select: { id: true },
      });
      // Point values given with this file are remembered for the member's later imports.
      for (const [root, pointValue] of Object.entries(input.pointValues ?? {})) {
        await tx.futuresPointValue.upsert({
          where: { userId_root: { userId: ctx.user.id, root } },
          create: { userId: ctx.user.id, root, pointValue },
          update: { pointValue },
          select: { root: true },
        });
      }
      await report({ stage: "pairing", written: 0, total: 0 });
      const inserts = [];
      const { plans, files } = await planInstruments(
        tx,
        ctx.user.id,
        input.accountId,
        fresh,
        actions.map((a) => a.action),
        parsed.broker,
      );
      for (const { instrument, open, existing, fresh: group } of plans) {
        if (open) await tx.fill.deleteMany({ where: { tradeId: open.id } });
        inserts.push({
          userId: ctx.user.id,
          accountId: input.accountId,
          instrument,
          importId: record.id,
          fills: [...existing, ...group.map((f) => ({ ...f, importId: record.id }))],
          ...(open ? { reuse: { id: open.id, risk: { stopLoss: open.stopLoss?.toString() ?? null } } } : {}),
        });
      }
      fillCount = files.length;
      const { created } = await insertTrades(tx, inserts, (written, total) =>
        report({ stage: "writing", written, total }),
      );
      await report({ stage: "grouping", written: 0, total: 0 });
      await groupStrategies(tx, { userId: ctx.user.id, accountId: input.accountId, importId: record.id, fills: files });
      await linkDeliveries(tx, { accountId: input.accountId, fills: files });
      await tx.import.update({
        where: { id: record.id },
        data: { tradeCount: created, fillCount },
        select: { id: true },
      });
      // MFE/MAE of the new trades, measured in the background: one job per member, starting 5 s
      // after this import; imports committed before it starts share it.
      if (fillCount > 0) await enqueueExcursionsJob(tx, ctx.user.id);
      return {
        importId: record.id,
        trades: created,
        fills: fillCount,
        duplicates: duplicates.length,
        skippedRows: problems,
      };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  ctx.logger.info({ event: "import.committed", ...result, broker: parsed.broker }, "import committed");
  return result;
}

export async function listImports(ctx: MemberContext) {
  return ctx.prisma.import.findMany({
    where: { userId: ctx.user.id },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      accountId: true,
      broker: true,
      fileName: true,
      rowCount: true,
      fillCount: true,
      tradeCount: true,
      createdAt: true,
      undoneAt: true,
    },
  });
}

/**
 * Removes what one import created: its fills, the trades made only of them, and what it added
 * to trades it continued, which go back to how they were before it, keeping their id, notes,
 * tags, setup, screenshots and grades.
 */
export async function undoImport(ctx: MemberContext, importId: string) {
  const record = await ctx.prisma.import.findFirst({
    where: { id: importId, userId: ctx.user.id },
    select: { id: true, accountId: true, undoneAt: true, actionIds: true },
  });
  if (!record) throw new TRPCError({ code: "NOT_FOUND", message: "That import was not found." });
  if (record.undoneAt) throw new TRPCError({ code: "BAD_REQUEST", message: "This import was already undone." });
  // Removed trades' screenshot rows go with them (cascade); their files are removed after.
  let screenshotFiles: string[] = [];
  const result = await ctx.prisma.$transaction(
    async (tx) => {
      // Locked in id order before anything is written, like every write to a member's trades.
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT t."id" FROM "Trade" t
        WHERE t."userId" = ${ctx.user.id} AND EXISTS (SELECT 1 FROM "Fill" f WHERE f."tradeId" = t."id" AND f."importId" = ${importId})
        ORDER BY t."id" FOR UPDATE OF t`;
      const touched = await tx.trade.findMany({
        where: { id: { in: locked.map((t) => t.id) } },
        select: {
          id: true,
          symbol: true,
          assetClass: true,
          multiplier: true,
          optionExpiry: true,
          optionStrike: true,
          optionRight: true,
          stopLoss: true,
          fills: true,
        },
      });
      const plans = touched.map((t) => ({
        trade: t,
        instrument: instrumentOfTrade(t),
        fills: t.fills
          .filter((f) => f.importId !== importId)
          .map((f) => ({
            executedAt: f.executedAt,
            side: f.side,
            quantity: f.quantity.toString(),
            price: f.price.toString(),
            fees: f.fees.toString(),
            executionId: f.executionId,
            importId: f.importId,
          })),
      }));
      const restored = plans.filter((p) => p.fills.length > 0);
      // A split or symbol change rewrote the fills of positions held before this import: undoing
      // it cannot put them back, and a later import would apply the action to them again.
      if (record.actionIds.length && restored.length) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message:
            "This import applied a split, symbol change or cash merger to positions held before it, which undoing it cannot put back. Nothing was undone.",
        });
      }
      const removed = plans.filter((p) => p.fills.length === 0).map((p) => p.trade.id);
      screenshotFiles = await screenshotKeysOf(ctx, { tradeIds: removed }, tx);
      await tx.fill.deleteMany({ where: { tradeId: { in: restored.map((p) => p.trade.id) } } });
      await tx.trade.deleteMany({ where: { id: { in: removed } } });
      const { created } = await insertTrades(
        tx,
        restored.map((p) => ({
          userId: ctx.user.id,
          accountId: record.accountId,
          instrument: p.instrument,
          fills: p.fills,
          importId: null,
          reuse: { id: p.trade.id, risk: { stopLoss: p.trade.stopLoss?.toString() ?? null } },
        })),
      );
      await tx.import.update({ where: { id: importId }, data: { undoneAt: new Date() }, select: { id: true } });
      // `rebuiltTrades`: trades beyond the restored ones that the remaining fills make (rare:
      // fills of a later import that no longer start from flat).
      return { removedTrades: removed.length, restoredTrades: restored.length, rebuiltTrades: created };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  await deleteStoredFiles(ctx, screenshotFiles);
  ctx.logger.info({ event: "import.undone", importId, ...result }, "import undone");
  return result;
}
