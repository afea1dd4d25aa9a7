// Routes of the market stub (market-stub.ts): which default answer each provider path gets, and
// each API's own error shape (Massive's { status: "ERROR" }, CoinGecko's { status: { error_code } },
// NewsAPI's { status: "error", code }), so clients parse failures as they would in production.
import {
  STUB_COINS,
  STUB_TICKERS,
  coingeckoMarket,
  coingeckoMarketChart,
  coingeckoSimplePrice,
  massiveAggs,
  massiveLastTrade,
  massiveOptionContracts,
  massiveTickerSnapshot,
  newsArticles,
} from "./market-stub-data.ts";

export interface StubAnswer {
  status: number;
  body: unknown;
}

interface RouteRequest {
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** Each API's error body for `status` at `path`. */
export function errorBodyFor(path: string, status: number): unknown {
  if (path.startsWith("/api/v3/")) return { status: { error_code: status, error_message: `Stub error ${status}` } };
  if (path === "/v2/everything" || path === "/v2/top-headlines")
    return {
      status: "error",
      code: status === 429 ? "rateLimited" : "unexpectedError",
      message: `Stub error ${status}`,
    };
  return { status: "ERROR", request_id: "stub-error", error: `Stub error ${status}` };
}

// Massive "from"/"to" are epoch ms or YYYY-MM-DD (a date's whole day is included in "to").
const dateParam = (value: string, end: boolean) =>
  /^\d+$/.test(value) ? Number(value) : Date.parse(`${value}T00:00:00Z`) + (end ? 86_399_999 : 0);

function massive(request: RouteRequest, now: number, origin: string): StubAnswer | null {
  const { path, query } = request;
  if (path === "/v2/snapshot/locale/us/markets/stocks/tickers") {
    const tickers = list(query.tickers)
      .slice(0, 250)
      .map((t) => massiveTickerSnapshot(t.toUpperCase(), now));
    return { status: 200, body: { status: "OK", request_id: "stub-snapshot", count: tickers.length, tickers } };
  }
  const aggs = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/(\d+)\/(minute|hour|day)\/([^/]+)\/([^/]+)$/.exec(path);
  if (aggs) {
    const [, ticker, multiplier, timespan, from, to] = aggs as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const offset = Number(query.cursor ?? 0) || 0;
    const page = massiveAggs(
      decodeURIComponent(ticker),
      timespan,
      Number(multiplier),
      dateParam(from, false),
      dateParam(to, true),
      offset,
    );
    return {
      status: 200,
      body: {
        ticker: decodeURIComponent(ticker),
        queryCount: page.results.length,
        resultsCount: page.results.length,
        adjusted: query.adjusted !== "false",
        results: page.results,
        status: "OK",
        request_id: "stub-aggs",
        count: page.results.length,
        ...(page.more ? { next_url: `${origin}${path}?cursor=${page.next}` } : {}),
      },
    };
  }
  const last = /^\/v2\/last\/trade\/([^/]+)$/.exec(path);
  if (last) return { status: 200, body: massiveLastTrade(decodeURIComponent(last[1]!), now) };
  if (path === "/v3/reference/tickers") {
    const search = (query.search ?? "").toLowerCase();
    const limit = Math.min(1000, Number(query.limit ?? 100) || 100);
    const results = STUB_TICKERS.filter(
      (t) => !search || t.ticker.toLowerCase().includes(search) || t.name.toLowerCase().includes(search),
    )
      .slice(0, limit)
      .map((t) => ({ ...t, locale: "us", active: true, currency_name: "usd" }));
    return { status: 200, body: { results, status: "OK", request_id: "stub-tickers", count: results.length } };
  }
  const options = /^\/v3\/snapshot\/options\/([^/]+)$/.exec(path);
  if (options) {
    const results = massiveOptionContracts(decodeURIComponent(options[1]!).toUpperCase(), now);
    return { status: 200, body: { results, status: "OK", request_id: "stub-options" } };
  }
  return null;
}

function coingecko(request: RouteRequest, now: number): StubAnswer | null {
  const { path, query } = request;
  if (path === "/api/v3/ping") return { status: 200, body: { gecko_says: "(V3) To the Moon!" } };
  if (path === "/api/v3/simple/price") {
    const body = Object.fromEntries(list(query.ids).map((id) => [id, coingeckoSimplePrice(id, now)]));
    return { status: 200, body };
  }
  if (path === "/api/v3/coins/markets") {
    const ids = list(query.ids);
    const chosen = ids.length > 0 ? ids : STUB_COINS.map((c) => c.id);
    return {
      status: 200,
      body: chosen.slice(0, Number(query.per_page ?? 100) || 100).map((id, i) => coingeckoMarket(id, now, i)),
    };
  }
  const chart = /^\/api\/v3\/coins\/([^/]+)\/market_chart\/range$/.exec(path);
  if (chart) {
    const from = Number(query.from);
    const to = Number(query.to);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return { status: 400, body: { error: "invalid from/to" } };
    return { status: 200, body: coingeckoMarketChart(chart[1]!, from, to) };
  }
  if (path === "/api/v3/search") {
    const q = (query.query ?? "").toLowerCase();
    const coins = STUB_COINS.filter(
      (c) => c.id.includes(q) || c.symbol.includes(q) || c.name.toLowerCase().includes(q),
    ).map((c, i) => ({
      id: c.id,
      name: c.name,
      api_symbol: c.id,
      symbol: c.symbol.toUpperCase(),
      market_cap_rank: i + 1,
      thumb: `https://coin-images.example/${c.id}-thumb.png`,
      large: `https://coin-images.example/${c.id}.png`,
    }));
    return { status: 200, body: { coins, exchanges: [], icos: [], categories: [], nfts: [] } };
  }
  return null;
}

function news(request: RouteRequest, now: number): StubAnswer | null {
  const { path, query, headers } = request;
  if (path !== "/v2/everything" && path !== "/v2/top-headlines") return null;
  if (!headers["x-api-key"] && !query.apiKey)
    return { status: 401, body: { status: "error", code: "apiKeyMissing", message: "Your API key is missing." } };
  const size = Math.min(100, Number(query.pageSize ?? 20) || 20);
  const articles = newsArticles(path === "/v2/everything" ? (query.q ?? "Markets") : null, size, now);
  return { status: 200, body: { status: "ok", totalResults: articles.length, articles } };
}

/** The default answer for a request; Massive paths without a key get Massive's 401. */
export function defaultAnswer(request: RouteRequest, now: number, origin: string): StubAnswer {
  const isMassive = /^\/v[23]\/(snapshot|aggs|last|reference)\//.test(request.path);
  if (isMassive && !/^Bearer\s+\S+/i.test(request.headers.authorization ?? "") && !request.query.apiKey)
    return { status: 401, body: { status: "ERROR", request_id: "stub-auth", error: "API Key was not provided" } };
  const answer = massive(request, now, origin) ?? coingecko(request, now) ?? news(request, now);
  return answer ?? { status: 404, body: errorBodyFor(request.path, 404) };
}
