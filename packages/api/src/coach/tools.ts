// The coach's tools: each reuses the journal's services, scoped to the asking member. Arguments
// come from the model, so they are parsed like any outside input; a bad one is a tool error the
// model can read, never a crash.
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { calendarDay } from "../validation/dates.ts";
import { IdSchema } from "../validation/text.ts";
import type { MemberContext } from "../journal/accounts.handler.ts";
import { analyticsSummary } from "../journal/analytics.handler.ts";
import { getTrade, listTrades, type TradeDto } from "../journal/journal.handler.ts";
import { mistakePatterns, setupComparison } from "../journal/patterns.handler.ts";
import { TradeFiltersSchema } from "../journal/schemas.ts";
import { getTier } from "../usage/tier.ts";
import {
  MARKET_PRO_TOOLS,
  MARKET_TOOL_ARGS,
  MARKET_TOOL_SUBJECT,
  MARKET_TOOLS,
  marketFailureText,
  type MarketToolName,
  runMarketTool,
} from "./market-tools.ts";

const day = calendarDay("use YYYY-MM-DD");
const PeriodSchema = z.strictObject({ from: day.optional(), to: day.optional() });
const ARGS = {
  get_journal_stats: TradeFiltersSchema,
  get_recent_trades: z.strictObject({ limit: z.number().int().min(1).max(20).default(10) }),
  get_trade: z.strictObject({ id: IdSchema }),
  find_mistake_patterns: PeriodSchema,
  compare_setups: PeriodSchema,
  ...MARKET_TOOL_ARGS,
} as const;
export type CoachToolName = keyof typeof ARGS;

/** Tools only Pro members may use. */
export const PRO_TOOLS: ReadonlySet<string> = new Set<CoachToolName>([
  "find_mistake_patterns",
  "compare_setups",
  ...MARKET_PRO_TOOLS,
]);
/** Longest tool result handed to the model, in characters. */
const MAX_RESULT_CHARS = 12_000;

const period = {
  from: { type: "string", description: "First day, YYYY-MM-DD (member's time zone)" },
  to: { type: "string", description: "Last day, YYYY-MM-DD" },
};
const fn = (
  name: CoachToolName,
  description: string,
  properties: Record<string, unknown>,
  required: string[] = [],
): ChatCompletionFunctionTool => ({
  type: "function",
  function: { name, description, parameters: { type: "object", properties, required, additionalProperties: false } },
});

/** The tools offered to the model in enhanced mode. */
export const COACH_TOOLS: ChatCompletionFunctionTool[] = [
  fn(
    "get_journal_stats",
    "Summary statistics (win rate, P&L, profit factor, expectancy, drawdown, streaks) of the member's closed trades matching filters.",
    {
      ...period,
      symbol: { type: "string" },
      side: { type: "string", enum: ["long", "short"] },
      outcome: { type: "string", enum: ["win", "loss", "scratch"] },
      tag: { type: "string" },
      setupId: { type: "string" },
      accountId: { type: "string" },
    },
  ),
  fn("get_recent_trades", "The member's most recent trades, newest first.", {
    limit: { type: "integer", minimum: 1, maximum: 20 },
  }),
  fn(
    "get_trade",
    "One of the member's trades by id, with notes, stop, R multiple and tags.",
    { id: { type: "string" } },
    ["id"],
  ),
  fn(
    "find_mistake_patterns",
    "Pro: revenge trading, overtrading days, and cutting winners early while letting losers run, in the member's closed trades.",
    period,
  ),
  fn("compare_setups", "Pro: statistics of the member's closed trades per setup, side by side.", period),
  ...MARKET_TOOLS,
];

export interface ToolOutcome {
  /** JSON text for the tool message. */
  content: string;
  ok: boolean;
  /** A Pro tool refused to a Free member. */
  needsPro?: boolean;
}

const json = (value: unknown) => {
  const text = JSON.stringify(value);
  return text.length > MAX_RESULT_CHARS ? `${text.slice(0, MAX_RESULT_CHARS)}…(truncated)` : text;
};
const failure = (error: string, extra: Partial<ToolOutcome> = {}): ToolOutcome => ({
  content: json({ error }),
  ok: false,
  ...extra,
});

/** A trade as the model sees it: only what coaching needs, notes cut short. */
function compactTrade(t: TradeDto) {
  return {
    id: t.id,
    symbol: t.symbol,
    assetClass: t.assetClass,
    direction: t.direction,
    status: t.status,
    quantity: t.quantity,
    entryPrice: t.entryPrice,
    exitPrice: t.exitPrice,
    entryAt: t.entryAt.toISOString(),
    exitAt: t.exitAt?.toISOString() ?? null,
    fees: t.fees,
    netPnl: t.netPnl,
    stopLoss: t.stopLoss,
    rMultiple: t.rMultiple,
    setupId: t.setupId,
    tags: t.tags,
    rating: t.rating,
    emotions: t.emotions,
    notes: t.notes.slice(0, 500),
  };
}

const round = (n: number | null) => (n === null || !Number.isFinite(n) ? n : Math.round(n * 100) / 100);

/** The setup comparison as the model reads it: JSON has no Infinity. */
async function compareSetupsForModel(ctx: MemberContext, filters: z.infer<typeof PeriodSchema>) {
  const { setups } = await setupComparison(ctx, filters);
  return setups.map((s) => ({
    setup: s.label,
    setupId: s.key,
    trades: s.tradeCount,
    winRate: round(s.winRate),
    netPnl: round(s.netPnl),
    profitFactor: s.profitFactor === Infinity ? "no losses" : round(s.profitFactor),
    expectancy: round(s.expectancy),
    expectancyR: round(s.expectancyR),
  }));
}

/** Runs one tool call for the member; never throws for bad arguments, missing trades or a Free member. */
export async function runCoachTool(ctx: MemberContext, name: string, rawArguments: string): Promise<ToolOutcome> {
  if (!(name in ARGS)) return failure(`Unknown tool "${name.slice(0, 64)}".`);
  let raw: unknown;
  try {
    raw = rawArguments.trim() ? JSON.parse(rawArguments) : {};
  } catch {
    return failure("The arguments are not valid JSON.");
  }
  const parsed = ARGS[name as CoachToolName].safeParse(raw);
  if (!parsed.success)
    return failure(
      `Invalid arguments: ${parsed.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`).join("; ")}`,
    );
  if (PRO_TOOLS.has(name) && (await getTier(ctx, ctx.user.id)) !== "PRO") {
    return failure(
      "This tool needs a Pro membership. Tell the member it is part of Pro and answer with what the other tools show.",
      { needsPro: true },
    );
  }
  const args = parsed.data as Record<string, unknown>;
  try {
    switch (name as CoachToolName) {
      case "get_journal_stats":
        return { content: json(await analyticsSummary(ctx, args as z.infer<typeof TradeFiltersSchema>)), ok: true };
      case "get_recent_trades": {
        const { trades } = await listTrades(ctx, {
          filters: {},
          sort: "entryAt",
          order: "desc",
          limit: args.limit as number,
        });
        return { content: json({ trades: trades.map(compactTrade) }), ok: true };
      }
      case "get_trade":
        return { content: json(compactTrade(await getTrade(ctx, args.id as string))), ok: true };
      case "find_mistake_patterns":
        return { content: json(await mistakePatterns(ctx, args)), ok: true };
      case "compare_setups":
        return { content: json({ setups: await compareSetupsForModel(ctx, args) }), ok: true };
      default:
        return { content: json(await runMarketTool(ctx.market, name as MarketToolName, args)), ok: true };
    }
  } catch (error) {
    if (name in MARKET_TOOL_SUBJECT) {
      const { what, arg } = MARKET_TOOL_SUBJECT[name as MarketToolName];
      const text = marketFailureText(error, what, String(args[arg]));
      if (text) return failure(text);
    }
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return failure("not found");
    if (error instanceof TRPCError && error.code === "BAD_REQUEST")
      return failure(`Invalid arguments: ${error.message}`);
    throw error;
  }
  return failure(`Unknown tool "${name.slice(0, 64)}".`);
}
