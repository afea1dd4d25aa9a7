// market.news, market.sentiment, market.analyze and market.summary (issue 14). Spread into the
// market router (router.ts) so news and quotes can grow apart. None of them breaks a page over a
// provider: news falls back to curated lessons, sentiment to the factors it could measure, analyze
// to the baseline; only an unknown symbol (404) or no crypto data at all (503) is refused.
import type { Logger } from "@tradecraft/config";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { memberProcedure } from "../trpc.ts";
import { MarketSymbolSchema } from "../validation/market.ts";
import { safeMultilineText } from "../validation/text.ts";
import { analyzeText, MAX_ANALYZE_CHARS } from "./analyze.ts";
import { getNewsSource, latestNews, MAX_NEWS, type NewsSource } from "./news.ts";
import { marketSentiment } from "./sentiment.ts";
import { CRYPTO_ASSETS } from "./symbols.ts";
import {
  type Bar,
  type CryptoMarket,
  type MarketData,
  MarketDataNotAvailableError,
  MarketUnavailableError,
  SymbolNotFoundError,
} from "./types.ts";

export const NewsInputSchema = z.object({
  symbol: MarketSymbolSchema.optional(),
  limit: z.number().int().min(1, "At least 1").max(MAX_NEWS, `At most ${MAX_NEWS}`).default(10),
});
export const SentimentInputSchema = z.object({ symbol: MarketSymbolSchema });
export const AnalyzeInputSchema = z.object({
  text: safeMultilineText()
    .trim()
    .min(1, "Enter some text to analyse")
    .max(MAX_ANALYZE_CHARS, `At most ${MAX_ANALYZE_CHARS.toLocaleString("en-US")} characters`),
});

/** The coins of the 24 h summary, Bitcoin first; the service's cache keys on this list. */
export const SUMMARY_TICKERS = ["BTC", "ETH", "SOL", "XRP", "BNB", "DOGE", "ADA", "TRX", "AVAX", "LINK"] as const;
const DAY_MS = 86_400_000;
// 45 calendar days hold at least the 21 trading days the 20-day return needs.
const SENTIMENT_SPAN_MS = 45 * DAY_MS;
const HEADLINES = 20;

export interface SentimentDeps {
  market: MarketData;
  news: NewsSource | null;
  logger: Logger;
  now?: () => number;
}

/** A symbol's baseline sentiment from its daily bars and (with NewsAPI) its headlines; throws SymbolNotFoundError. */
export async function symbolSentiment({ market, news, logger, now = Date.now }: SentimentDeps, symbol: string) {
  const to = now();
  const warnings: string[] = [];
  let bars: Bar[] = [];
  let prices: { source: string; simulated: boolean; stale: boolean; asOf: number } | null = null;
  try {
    const result = await market.bars(symbol, "day", to - SENTIMENT_SPAN_MS, to);
    bars = result.data;
    prices = { source: result.source, simulated: result.simulated, stale: result.stale, asOf: result.asOf };
    warnings.push(...result.warnings);
  } catch (error) {
    if (!(error instanceof MarketUnavailableError || error instanceof MarketDataNotAvailableError)) throw error;
    warnings.push("Prices are unavailable right now; the sentiment uses headlines only.");
  }
  const headlines = news ? await latestNews(news, { symbol, limit: HEADLINES }, logger) : null;
  if (headlines?.warnings.length) warnings.push(...headlines.warnings);
  const titles = headlines && !headlines.curated ? headlines.items.map((i) => i.title) : [];
  return { symbol, ...marketSentiment(bars, titles), prices, warnings };
}

/** The 24 h summary of the top coins, Bitcoin first then by market cap; throws MarketUnavailableError. */
export async function cryptoSummary(market: MarketData) {
  const result = await market.cryptoMarkets(SUMMARY_TICKERS.map((t) => CRYPTO_ASSETS[t]!.id));
  const byCap = (a: CryptoMarket, b: CryptoMarket) => (b.marketCap ?? -1) - (a.marketCap ?? -1);
  const coins = [...result.data].sort((a, b) => (a.symbol === "BTC" ? -1 : b.symbol === "BTC" ? 1 : byCap(a, b)));
  return { ...result, data: coins };
}

// The service's errors as refusals (router.ts's marketRefusal, repeated here: importing router.ts
// from the file it imports would be an import cycle).
function refused(error: unknown): never {
  if (error instanceof SymbolNotFoundError)
    throw new TRPCError({ code: "NOT_FOUND", message: error.message, cause: error });
  if (error instanceof MarketUnavailableError)
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: error.message, cause: error });
  throw error;
}

export const newsProcedures = {
  /** News about a symbol (or business headlines), or curated trading lessons (`curated: true`) without NewsAPI. */
  news: memberProcedure
    .input(NewsInputSchema)
    .query(({ ctx, input }) => latestNews(getNewsSource(), { symbol: input.symbol, limit: input.limit }, ctx.logger)),
  /** A symbol's baseline sentiment: score in [-1, 1], label, and the factors behind it. */
  sentiment: memberProcedure
    .input(SentimentInputSchema)
    .query(({ ctx, input }) =>
      symbolSentiment({ market: ctx.market, news: getNewsSource(), logger: ctx.logger }, input.symbol).catch(refused),
    ),
  /** The sentiment of a member's text: the AI's (within their allowance) or the baseline lexicon's. */
  analyze: memberProcedure.input(AnalyzeInputSchema).mutation(({ ctx, input }) => analyzeText(ctx, input.text)),
  /** The 24 h crypto summary: price, change, high/low and volume of the top coins, Bitcoin first. */
  summary: memberProcedure.query(({ ctx }) => cryptoSummary(ctx.market).catch(refused)),
};
