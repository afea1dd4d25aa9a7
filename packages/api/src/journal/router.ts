import { z } from "zod";
import { IdSchema } from "../validation/text.ts";
import { memberProcedure, router } from "../trpc.ts";
import { requireTier } from "../usage/tier.ts";
import {
  createAccount,
  createSetup,
  deleteAccount,
  deleteSetup,
  listAccounts,
  listSetups,
  updateAccount,
  updateSetup,
} from "./accounts.handler.ts";
import { analyticsBreakdown, analyticsCalendar, analyticsEquityCurve, analyticsSummary } from "./analytics.handler.ts";
import { BreakdownInputSchema, CalendarInputSchema, EquityCurveInputSchema } from "./analytics.schema.ts";
import { batchSync } from "./batch-sync.handler.ts";
import { enrichTrade, getExcursions } from "./enrich.handler.ts";
import { EnrichInputSchema } from "./enrich.schema.ts";
import { BatchSyncInputSchema } from "./batch-sync.schema.ts";
import { commitImport, importProgress, listImports, previewImport, undoImport } from "./imports.handler.ts";
import {
  bulkTag,
  createTrade,
  deleteTrade,
  exportTrades,
  getTradeWithFills,
  listTrades,
  listTradesPage,
  updateTrade,
} from "./journal.handler.ts";
import { mistakePatterns, setupComparison } from "./patterns.handler.ts";
import {
  AccountInputSchema,
  BulkTagInputSchema,
  CreateTradeInputSchema,
  ImportIdSchema,
  ImportCommitInputSchema,
  ImportProgressInputSchema,
  ImportPreviewInputSchema,
  ListTradesInputSchema,
  SetupInputSchema,
  TradeFiltersSchema,
  TradeIdSchema,
  UpdateAccountInputSchema,
  UpdateSetupInputSchema,
  UpdateTradeInputSchema,
} from "./schemas.ts";

const accountId = z.object({ accountId: IdSchema });
const setupId = z.object({ setupId: IdSchema });

/** `{ tradeCounts: false }` skips counting each one's trades (the default counts them). */
const ListOptionsSchema = z.object({ tradeCounts: z.boolean().default(true) }).optional();

export const accountsRouter = router({
  list: memberProcedure.input(ListOptionsSchema).query(({ ctx, input }) => listAccounts(ctx, input)),
  create: memberProcedure.input(AccountInputSchema).mutation(({ ctx, input }) => createAccount(ctx, input)),
  update: memberProcedure.input(UpdateAccountInputSchema).mutation(({ ctx, input }) => updateAccount(ctx, input)),
  delete: memberProcedure.input(accountId).mutation(({ ctx, input }) => deleteAccount(ctx, input.accountId)),
});

export const setupsRouter = router({
  list: memberProcedure.input(ListOptionsSchema).query(({ ctx, input }) => listSetups(ctx, input)),
  create: memberProcedure.input(SetupInputSchema).mutation(({ ctx, input }) => createSetup(ctx, input)),
  update: memberProcedure.input(UpdateSetupInputSchema).mutation(({ ctx, input }) => updateSetup(ctx, input)),
  delete: memberProcedure.input(setupId).mutation(({ ctx, input }) => deleteSetup(ctx, input.setupId)),
});

export const journalRouter = router({
  create: memberProcedure.input(CreateTradeInputSchema).mutation(({ ctx, input }) => createTrade(ctx, input)),
  get: memberProcedure.input(TradeIdSchema).query(({ ctx, input }) => getTradeWithFills(ctx, input.tradeId)),
  list: memberProcedure.input(ListTradesInputSchema).query(({ ctx, input }) => listTrades(ctx, input)),
  /** journal.list plus the names of the member's accounts and setups, in one statement (the journal page). */
  page: memberProcedure.input(ListTradesInputSchema).query(({ ctx, input }) => listTradesPage(ctx, input)),
  update: memberProcedure.input(UpdateTradeInputSchema).mutation(({ ctx, input }) => updateTrade(ctx, input)),
  delete: memberProcedure.input(TradeIdSchema).mutation(({ ctx, input }) => deleteTrade(ctx, input.tradeId)),
  bulkTag: memberProcedure.input(BulkTagInputSchema).mutation(({ ctx, input }) => bulkTag(ctx, input)),
  /** An offline client's changes, applied in order; stale updates and deletes come back as conflicts. */
  batchSync: memberProcedure.input(BatchSyncInputSchema).mutation(({ ctx, input }) => batchSync(ctx, input)),
  /** Calculates a closed trade's MFE/MAE from market data now (the import job does it in the background). */
  enrich: memberProcedure.input(EnrichInputSchema).mutation(({ ctx, input }) => enrichTrade(ctx, input)),
  /** A trade's stored MFE/MAE and its chart link. */
  excursions: memberProcedure.input(EnrichInputSchema).query(({ ctx, input }) => getExcursions(ctx, input)),
  /** Our generic CSV of the filtered trades' fills. */
  export: memberProcedure.input(TradeFiltersSchema.default({})).query(({ ctx, input }) => exportTrades(ctx, input)),
});

export const importsRouter = router({
  preview: memberProcedure.input(ImportPreviewInputSchema).mutation(({ ctx, input }) => previewImport(ctx, input)),
  commit: memberProcedure.input(ImportCommitInputSchema).mutation(({ ctx, input }) => commitImport(ctx, input)),
  progress: memberProcedure
    .input(ImportProgressInputSchema)
    .query(({ ctx, input }) => importProgress(ctx, input.progressId)),
  list: memberProcedure.query(({ ctx }) => listImports(ctx)),
  undo: memberProcedure.input(ImportIdSchema).mutation(({ ctx, input }) => undoImport(ctx, input.importId)),
});

export const analyticsRouter = router({
  summary: memberProcedure
    .input(TradeFiltersSchema.default({}))
    .query(({ ctx, input }) => analyticsSummary(ctx, input)),
  breakdown: memberProcedure.input(BreakdownInputSchema).query(({ ctx, input }) => analyticsBreakdown(ctx, input)),
  equityCurve: memberProcedure
    .input(EquityCurveInputSchema.default({ filters: {} }))
    .query(({ ctx, input }) => analyticsEquityCurve(ctx, input)),
  calendar: memberProcedure
    .input(CalendarInputSchema.default({ filters: {} }))
    .query(({ ctx, input }) => analyticsCalendar(ctx, input)),
  /** Pro: revenge trades, overtrading days, winners cut early vs losers run. */
  mistakePatterns: memberProcedure
    .use(requireTier("PRO"))
    .input(TradeFiltersSchema.default({}))
    .query(({ ctx, input }) => mistakePatterns(ctx, input)),
  /** Pro: the statistics of each setup, side by side. */
  compareSetups: memberProcedure
    .use(requireTier("PRO"))
    .input(TradeFiltersSchema.default({}))
    .query(({ ctx, input }) => setupComparison(ctx, input)),
});
