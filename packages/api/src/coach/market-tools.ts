// The coach's market tools: quotes and price history for everyone; an options chain's summary and
// the earnings calendar for Pro (tools.ts checks the tier when the model asks). Every answer says
// where the data came from, and when the provider lacks it or is down, the result says so in a
// sentence the model can pass on instead of guessing numbers.
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { z } from "zod";
import { summarizeOptionsChain } from "../market/options-summary.ts";
import {
  type MarketData,
  MarketDataNotAvailableError,
  type MarketResult,
  MarketUnavailableError,
  SymbolNotFoundError,
} from "../market/types.ts";
import { barRangeProblem, MarketSymbolSchema, TimespanSchema } from "../validation/market.ts";
import { utcInstant } from "../validation/dates.ts";

const instant = (label: string) => utcInstant({ label, future: true });

export const MARKET_TOOL_ARGS = {
  get_quote: z.strictObject({ symbol: MarketSymbolSchema }),
  get_price_history: z.strictObject({
    symbol: MarketSymbolSchema,
    timespan: TimespanSchema,
    from: instant("from"),
    to: instant("to"),
  }),
  get_options_summary: z.strictObject({ underlying: MarketSymbolSchema }),
  get_earnings: z.strictObject({ symbol: MarketSymbolSchema }),
} as const;
export type MarketToolName = keyof typeof MARKET_TOOL_ARGS;

/** Market tools only Pro members may use. */
export const MARKET_PRO_TOOLS: readonly MarketToolName[] = ["get_options_summary", "get_earnings"];

/** Bars handed to the model at most: beyond, the latest ones (it is told so). */
const MAX_BARS = 240;

const tool = (
  name: MarketToolName,
  description: string,
  properties: Record<string, unknown>,
  required: string[],
): ChatCompletionFunctionTool => ({
  type: "function",
  function: { name, description, parameters: { type: "object", properties, required, additionalProperties: false } },
});
const symbol = { type: "string", description: "Ticker as the member types it: AAPL, SPY, BTC, ES" };

/** The market tools offered to the model in enhanced mode. */
export const MARKET_TOOLS: ChatCompletionFunctionTool[] = [
  tool(
    "get_quote",
    "The latest price of a symbol, its change from the previous close, the day's range and volume.",
    { symbol },
    ["symbol"],
  ),
  tool(
    "get_price_history",
    "OHLCV bars of a symbol between two times: minute bars cover at most 5 days, hour bars 90 days, day bars 10 years.",
    {
      symbol,
      timespan: { type: "string", enum: ["minute", "hour", "day"] },
      from: { type: "string", description: "ISO date or date-time (UTC when no offset)" },
      to: { type: "string", description: "ISO date or date-time" },
    },
    ["symbol", "timespan", "from", "to"],
  ),
  tool(
    "get_options_summary",
    "Pro: an underlying's options chain summed up: at-the-money implied volatility, put/call open interest ratio, gamma exposure by strike, whether contracts expire today (0DTE).",
    { underlying: symbol },
    ["underlying"],
  ),
  tool(
    "get_earnings",
    "Pro: a symbol's earnings dates (before open or after close), EPS and revenue estimates and actuals.",
    { symbol },
    ["symbol"],
  ),
];

/** Where a market answer came from, as the model must say it. */
function provenance(result: MarketResult<unknown>) {
  return {
    source: result.source,
    simulated: result.simulated,
    ...(result.simulated ? { note: "SIMULATED data, not real market prices: say so whenever you quote it." } : {}),
    ...(result.stale
      ? {
          delayed: `Delayed: the provider is not answering; this is the data as of ${new Date(result.asOf).toISOString()}.`,
        }
      : {}),
    ...(result.warnings.length ? { warnings: result.warnings } : {}),
  };
}

/** The sentence for a market failure, or null when `error` is not one. */
export function marketFailureText(error: unknown, what: string, subject: string): string | null {
  if (error instanceof MarketUnavailableError)
    return `The market data provider is unavailable right now, so there is no ${what} for ${subject}. Tell the member to try again later.`;
  if (error instanceof SymbolNotFoundError) {
    const others = error.suggestions.map((s) => s.symbol).slice(0, 5);
    return `The market data provider has no ${what} for ${subject}: it does not know that symbol.${others.length ? ` Similar symbols: ${others.join(", ")}.` : ""}`;
  }
  if (error instanceof MarketDataNotAvailableError)
    return `The market data provider has no ${what} for ${subject}. (${error.message})`;
  return null;
}

/** Runs a market tool with parsed arguments; throws only what is not a market failure. */
export async function runMarketTool(
  market: MarketData,
  name: MarketToolName,
  args: Record<string, unknown>,
  now = Date.now(),
): Promise<unknown> {
  switch (name) {
    case "get_quote": {
      const result = await market.quote(args.symbol as string);
      const q = result.data;
      return { ...q, at: new Date(q.at).toISOString(), ...provenance(result) };
    }
    case "get_price_history": {
      const { symbol: s, timespan } = args as { symbol: string; timespan: "minute" | "hour" | "day" };
      const from = (args.from as Date).getTime();
      const to = (args.to as Date).getTime();
      const problem = barRangeProblem(timespan, from, to);
      if (problem) throw new MarketDataNotAvailableError(problem);
      const result = await market.bars(s, timespan, from, to);
      const bars = result.data.slice(-MAX_BARS).map((b) => [new Date(b.t).toISOString(), b.o, b.h, b.l, b.c, b.v]);
      return {
        symbol: s,
        timespan,
        columns: ["start", "open", "high", "low", "close", "volume"],
        bars,
        ...(result.data.length > MAX_BARS
          ? {
              truncated: `Only the last ${MAX_BARS} of ${result.data.length} bars: ask a coarser timespan for the whole range.`,
            }
          : {}),
        ...provenance(result),
      };
    }
    case "get_options_summary": {
      const result = await market.optionsChain(args.underlying as string);
      return { ...summarizeOptionsChain(result.data, now), ...provenance(result) };
    }
    case "get_earnings": {
      const result = await market.earnings(args.symbol as string);
      return { symbol: args.symbol, events: result.data.slice(0, 12), ...provenance(result) };
    }
  }
}

/** What each market tool is about, for failure sentences ("no options data for SPY"). */
export const MARKET_TOOL_SUBJECT: Record<MarketToolName, { what: string; arg: "symbol" | "underlying" }> = {
  get_quote: { what: "quote", arg: "symbol" },
  get_price_history: { what: "price history", arg: "symbol" },
  get_options_summary: { what: "options data", arg: "underlying" },
  get_earnings: { what: "earnings data", arg: "symbol" },
};
