// market.news/sentiment/analyze/summary: the NewsAPI client over HTTP against the market stub, and
// the procedures through createCaller against PostgreSQL, Redis, the simulated market and the
// OpenAI stub.
import { createLogger } from "@tradecraft/config";
import { getPrisma } from "@tradecraft/db";
import { startMarketStub, startOpenAiStub } from "@tradecraft/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createAi } from "../ai/client.ts";
import { failureOf, newMember } from "../testing/members.ts";
import { CURATED_NEWS, createNewsApiSource, latestNews } from "./news.ts";
import { SUMMARY_TICKERS } from "./news.procedures.ts";
import { labelOf } from "./sentiment.ts";

const NOW = Date.UTC(2026, 11, 7, 15, 30);
const market = await startMarketStub({ now: () => NOW });
const ai = await startOpenAiStub();
afterAll(() => Promise.all([market.close(), ai.close()]));
beforeEach(() => {
  market.reset();
  ai.reset();
});

const logger = createLogger({ level: "silent" });
function newsSource() {
  let clock = NOW;
  const source = createNewsApiSource({
    apiKey: "news-key",
    baseUrl: market.newsUrl,
    logger,
    now: () => clock,
    sleep: async () => {},
  });
  return { source, advance: (ms: number) => (clock += ms) };
}

describe("NewsAPI", () => {
  it("asks /everything for a symbol with the key in X-Api-Key and maps the articles", async () => {
    const { source } = newsSource();
    const items = await source.latest({ symbol: "AAPL", limit: 2 });
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      url: "https://news.example/aapl/1",
      source: "Reuters",
      publishedAt: NOW,
      symbols: ["AAPL"],
    });
    expect(items[1]!.publishedAt).toBe(NOW - 3_600_000);
    const [request] = market.requests;
    expect([request!.path, request!.query, request!.headers["x-api-key"]]).toEqual([
      "/v2/everything",
      { q: "AAPL", language: "en", sortBy: "publishedAt", pageSize: "50" },
      "news-key",
    ]);
  });

  it("asks business headlines without a symbol", async () => {
    await newsSource().source.latest({ limit: 5 });
    expect([market.requests[0]!.path, market.requests[0]!.query.category]).toEqual(["/v2/top-headlines", "business"]);
  });

  it("drops removed stories, non-web links and undated ones", async () => {
    const article = (title: string, url: string, publishedAt: string | null) => ({
      source: { id: null, name: "Wire" },
      title,
      description: null,
      url,
      publishedAt,
    });
    market.script({
      path: "/v2/everything",
      body: {
        status: "ok",
        totalResults: 4,
        articles: [
          article("[Removed]", "https://removed.com", "2026-12-07T10:00:00Z"),
          article("Click me", "javascript:alert(1)", "2026-12-07T10:00:00Z"),
          article("Undated", "https://news.example/u", null),
          article("Kept", "https://news.example/k", "2026-12-07T10:00:00Z"),
        ],
      },
    });
    const items = await newsSource().source.latest({ symbol: "TSLA", limit: 10 });
    expect(items).toEqual([
      {
        title: "Kept",
        url: "https://news.example/k",
        source: "Wire",
        publishedAt: Date.UTC(2026, 11, 7, 10),
        summary: null,
        symbols: ["TSLA"],
      },
    ]);
  });

  it("keeps an answer 10 minutes per query", async () => {
    const { source, advance } = newsSource();
    await source.latest({ symbol: "AAPL", limit: 5 });
    await source.latest({ symbol: "AAPL", limit: 10 });
    await source.latest({ symbol: "MSFT", limit: 5 });
    expect(market.requests.map((r) => r.query.q)).toEqual(["AAPL", "MSFT"]);
    advance(10 * 60_000);
    await source.latest({ symbol: "AAPL", limit: 5 });
    expect(market.requests).toHaveLength(3);
  });

  it("answers the curated lessons with a warning when NewsAPI fails", async () => {
    market.respondWith({ status: 500 });
    const answer = await latestNews(newsSource().source, { symbol: "AAPL", limit: 3 }, logger);
    expect(answer).toEqual({
      items: CURATED_NEWS.slice(0, 3),
      curated: true,
      source: "curated",
      warnings: ["News is unavailable right now (http); showing trading lessons instead."],
    });
  });
});

describe("market procedures", () => {
  it("news: curated lessons without NEWSAPI_KEY; a limit above 50 is refused on its field", async () => {
    const { api } = await newMember({ label: "news" });
    const answer = await api.market.news({ limit: 12 });
    expect([answer.curated, answer.items.length, answer.source]).toEqual([true, 12, "curated"]);
    expect(new Set(answer.items.map((i) => i.url)).size).toBe(12);
    const refused = await failureOf(api.market.news({ limit: 51 }));
    expect([refused.code, Object.keys(refused.fields)]).toEqual(["BAD_REQUEST", ["limit"]]);
  });

  it("sentiment: the baseline over the symbol's own daily bars, labelled with its source", async () => {
    const { api } = await newMember({ label: "sentiment" });
    const sentiment = await api.market.sentiment({ symbol: " aapl " });
    expect([sentiment.symbol, sentiment.model, sentiment.prices?.source]).toEqual(["AAPL", "baseline", "simulated"]);
    expect(sentiment.score).toBeGreaterThanOrEqual(-1);
    expect(sentiment.score).toBeLessThanOrEqual(1);
    expect(sentiment.label).toBe(labelOf(sentiment.score));
    expect(sentiment.factors.map((f) => f.name)).toEqual([
      "5-day return",
      "20-day return",
      "Trend (close vs 20-day average)",
      "Headlines",
    ]);
    expect(sentiment.factors.slice(0, 3).every((f) => f.value !== null)).toBe(true);
    expect((await failureOf(api.market.sentiment({ symbol: "$$$" }))).code).toBe("BAD_REQUEST");
  });

  it("analyze: the baseline without a model", async () => {
    const { api } = await newMember({ label: "analyze" });
    // surged, strong bullish; fear bearish → (2 − 1) / 3 = 0.333
    const analysis = await api.market.analyze({ text: "NVDA surged on strong demand, though I fear the valuation." });
    expect([analysis.score, analysis.label, analysis.model, analysis.summary]).toEqual([
      0.333,
      "bullish",
      "baseline",
      null,
    ]);
    expect((await failureOf(api.market.analyze({ text: "x".repeat(5_001) }))).fields).toHaveProperty("text");
  });

  it("analyze: the model's answer, recorded as an AiCall and charged one grading", async () => {
    const { api, user } = await newMember({
      label: "analyze-ai",
      context: { ai: createAi({ apiKey: "k", baseURL: ai.url, maxRetries: 0 }) },
    });
    ai.script({
      toolCalls: [
        {
          name: "report_sentiment",
          arguments: {
            score: -0.6,
            summary: "Worried about the valuation.",
            factors: [{ name: "valuation fear", effect: -0.6 }],
          },
        },
      ],
    });
    const analysis = await api.market.analyze({ text: "I fear this valuation cannot hold." });
    expect([analysis.score, analysis.label, analysis.summary, analysis.factors[0]?.name]).toEqual([
      -0.6,
      "bearish",
      "Worried about the valuation.",
      "valuation fear",
    ]);
    const prisma = getPrisma();
    const calls = await prisma.aiCall.findMany({
      where: { userId: user.id },
      select: { feature: true, outcome: true },
    });
    expect(calls).toEqual([{ feature: "market", outcome: "ok" }]);
    const counters = await prisma.usageCounter.findMany({
      where: { userId: user.id },
      select: { kind: true, used: true },
    });
    expect(counters).toEqual([{ kind: "gradings", used: 1 }]);
    expect(JSON.stringify(ai.chatRequests()[0]!.body)).toContain("I fear this valuation cannot hold.");
  });

  it("analyze: the baseline with a warning when the model fails", async () => {
    const { api, user } = await newMember({
      label: "analyze-down",
      context: { ai: createAi({ apiKey: "k", baseURL: ai.url, maxRetries: 0 }) },
    });
    ai.script({ error: { status: 500, message: "down" } });
    const analysis = await api.market.analyze({ text: "Breakout confirmed" });
    expect([analysis.model, analysis.score, analysis.warnings.length]).toEqual(["baseline", 1, 1]);
    const calls = await getPrisma().aiCall.findMany({ where: { userId: user.id }, select: { outcome: true } });
    expect(calls).toEqual([{ outcome: "error" }]);
  });

  it("summary: the top coins' 24 h figures, Bitcoin first", async () => {
    const { api } = await newMember({ label: "summary" });
    const summary = await api.market.summary();
    expect(summary.data[0]!.symbol).toBe("BTC");
    expect(summary.data.map((c) => c.symbol).sort()).toEqual([...SUMMARY_TICKERS].sort());
    for (const coin of summary.data) expect(Number.isFinite(coin.price) && coin.price > 0).toBe(true);
    expect(summary.simulated).toBe(true);
  });
});
