// Market news for market.news and the sentiment's headlines: NewsAPI when NEWSAPI_KEY is set,
// else (and whenever NewsAPI fails) a curated list of evergreen trading lessons, labelled as
// such so no page passes them off as today's news. NewsAPI's free plan allows about 100
// requests a day, so answers are kept 10 minutes per query in process.
import { getEnv, type Logger, rootLogger } from "@tradecraft/config";
import { z } from "zod";
import { createResilience, fetchJson, type ProviderOptions, type Resilience } from "./resilience.ts";
import { type NewsItem, ProviderError } from "./types.ts";

export const MAX_NEWS = 50;
const CACHE_MS = 10 * 60_000;
const CACHE_ENTRIES = 200;

// Links become <a href>: only http(s), so a feed can never smuggle in a javascript: URL.
const WebUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** NewsAPI's /everything and /top-headlines answer. */
export const NewsApiResponseSchema = z.object({
  status: z.literal("ok"),
  totalResults: z.number().int().nonnegative().optional(),
  articles: z
    .array(
      z.object({
        source: z.object({ id: z.string().max(200).nullish(), name: z.string().max(200).nullish() }).nullish(),
        title: z.string().max(1000).nullish(),
        description: z.string().max(10_000).nullish(),
        url: z.string().max(2000),
        publishedAt: z.string().max(40).nullish(),
      }),
    )
    .max(100),
});

export interface NewsQuery {
  symbol?: string | undefined;
  limit: number;
}

/** Where news comes from: NewsAPI here, a stub in tests. */
export interface NewsSource {
  latest(query: NewsQuery, signal?: AbortSignal): Promise<NewsItem[]>;
  health(): ReturnType<Resilience["health"]>;
}

export interface NewsAnswer {
  items: NewsItem[];
  /** True for the curated lessons (no news source, or it failed): shown as "Trading lessons", not news. */
  curated: boolean;
  source: "newsapi" | "curated";
  warnings: string[];
}

/** A NewsAPI client (key in the X-Api-Key header, never the URL), cached 10 minutes per query. */
export function createNewsApiSource(options: ProviderOptions): NewsSource {
  const { apiKey, logger, now = () => Date.now(), fetch: doFetch } = options;
  const base = new URL(options.baseUrl.replace(/\/+$/, "") + "/");
  const policy = createResilience({ provider: "newsapi", ...options, now });
  const headers: Record<string, string> = apiKey ? { "x-api-key": apiKey } : {};
  const cache = new Map<string, { at: number; items: NewsItem[] }>();

  async function fetchNews({ symbol, limit }: NewsQuery, signal?: AbortSignal): Promise<NewsItem[]> {
    const url = new URL(symbol ? "everything" : "top-headlines", base);
    if (symbol)
      url.search = new URLSearchParams({
        q: symbol,
        language: "en",
        sortBy: "publishedAt",
        pageSize: String(MAX_NEWS),
      }).toString();
    else
      url.search = new URLSearchParams({ category: "business", language: "en", pageSize: String(MAX_NEWS) }).toString();
    const answer = await policy.execute(
      (attemptSignal) =>
        fetchJson(url.toString(), NewsApiResponseSchema, {
          provider: "newsapi",
          logger,
          signal: attemptSignal,
          headers,
          fetch: doFetch,
          now,
        }),
      signal,
    );
    const items: NewsItem[] = [];
    for (const article of answer.articles) {
      const title = article.title?.trim();
      const link = WebUrl.safeParse(article.url);
      const publishedAt = article.publishedAt ? Date.parse(article.publishedAt) : Number.NaN;
      // NewsAPI keeps withdrawn stories as "[Removed]" placeholders.
      if (!title || title === "[Removed]" || !link.success || Number.isNaN(publishedAt)) continue;
      items.push({
        title: title.slice(0, 300),
        url: link.data,
        source: article.source?.name?.slice(0, 100) || "Unknown",
        publishedAt,
        summary: article.description?.trim().slice(0, 500) || null,
        symbols: symbol ? [symbol] : [],
      });
    }
    return items.slice(0, limit);
  }

  return {
    async latest(query, signal) {
      const key = query.symbol ?? "";
      const hit = cache.get(key);
      if (hit && now() - hit.at < CACHE_MS) return hit.items.slice(0, query.limit);
      const items = await fetchNews({ symbol: query.symbol, limit: MAX_NEWS }, signal);
      cache.delete(key);
      cache.set(key, { at: now(), items });
      if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
      return items.slice(0, query.limit);
    },
    health: () => policy.health(),
  };
}

const CURATED_AT = Date.UTC(2026, 11, 1);
const lesson = (title: string, path: string, summary: string): NewsItem => ({
  title,
  url: `https://www.investopedia.com/terms/${path}`,
  source: "Investopedia",
  publishedAt: CURATED_AT,
  summary,
  symbols: [],
});

/** Evergreen lessons shown when there is no news source: what a journal helps a trader practise. */
export const CURATED_NEWS: readonly NewsItem[] = [
  lesson(
    "Risk/reward ratio: what a trade must pay for what it risks",
    "r/riskrewardratio.asp",
    "Compare the distance to the target with the distance to the stop before entering.",
  ),
  lesson(
    "Position sizing: how much to buy or sell",
    "p/positionsizing.asp",
    "Size each position from the amount you accept to lose, not from conviction.",
  ),
  lesson(
    "Stop-loss orders",
    "s/stop-lossorder.asp",
    "How stops cap a loss, and why gaps and fast markets can fill them worse.",
  ),
  lesson("Trailing stops", "t/trailingstop.asp", "A stop that follows the price to protect an open gain."),
  lesson(
    "Drawdown: measuring the fall from a peak",
    "d/drawdown.asp",
    "Why the depth and length of drawdowns matter as much as returns.",
  ),
  lesson(
    "Maximum drawdown",
    "m/maximum-drawdown-mdd.asp",
    "The worst peak-to-trough loss of an account, a measure of its risk.",
  ),
  lesson(
    "Win/loss ratio",
    "w/win-loss-ratio.asp",
    "A high win rate means little without the size of the average win and loss.",
  ),
  lesson("Slippage", "s/slippage.asp", "The gap between the price you expected and the price you got."),
  lesson("Bid-ask spread", "b/bid-askspread.asp", "The cost of trading paid to liquidity, wider in thin markets."),
  lesson(
    "Volume-weighted average price (VWAP)",
    "v/vwap.asp",
    "The average price weighted by volume, a benchmark for intraday entries.",
  ),
  lesson("Implied volatility", "i/impliedvolatility.asp", "What option prices say about the moves the market expects."),
  lesson(
    "Risk management in trading",
    "r/riskmanagement.asp",
    "Rules that keep any one trade or day from doing lasting damage.",
  ),
];

/**
 * The news for a symbol (or business headlines), never throwing: without a source, or when it
 * fails, the curated lessons answer with a warning.
 */
export async function latestNews(source: NewsSource | null, query: NewsQuery, logger: Logger): Promise<NewsAnswer> {
  const curated = (warnings: string[]): NewsAnswer => ({
    items: CURATED_NEWS.slice(0, query.limit),
    curated: true,
    source: "curated",
    warnings,
  });
  if (!source) return curated([]);
  try {
    return { items: await source.latest(query), curated: false, source: "newsapi", warnings: [] };
  } catch (error) {
    const kind = error instanceof ProviderError ? error.kind : "error";
    logger.warn({ provider: "newsapi", kind }, "news unavailable; curated lessons shown");
    return curated([`News is unavailable right now (${kind}); showing trading lessons instead.`]);
  }
}

let shared: NewsSource | null | undefined;

/** The process's NewsAPI source from the environment (null without NEWSAPI_KEY), built once. */
export function getNewsSource(): NewsSource | null {
  if (shared === undefined) {
    const env = getEnv();
    shared = env.NEWSAPI_KEY
      ? createNewsApiSource({
          apiKey: env.NEWSAPI_KEY,
          baseUrl: env.NEWSAPI_BASE_URL,
          timeoutMs: env.MARKET_TIMEOUT_MS,
          logger: rootLogger(),
        })
      : null;
  }
  return shared;
}
