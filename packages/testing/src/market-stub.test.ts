import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { stubPrice } from "./market-stub-data.ts";
import { startMarketStub } from "./market-stub.ts";

const NOW = Date.UTC(2026, 11, 7, 15, 30); // a Monday, 15:30 UTC
const market = await startMarketStub({ now: () => NOW });
const auth = { authorization: "Bearer test-key" };
const getJson = async (url: string, headers: Record<string, string> = auth) => {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};

afterAll(() => market.close());
beforeEach(() => market.reset());

describe("market stub defaults", () => {
  it("answers a Massive snapshot with nanosecond timestamps and the same price as stubPrice", async () => {
    const { status, body } = await getJson(
      `${market.massiveUrl}/v2/snapshot/locale/us/markets/stocks/tickers?tickers=AAPL,msft`,
    );
    expect(status).toBe(200);
    const tickers = body.tickers as { ticker: string; lastTrade: { p: number; t: number }; updated: number }[];
    expect(tickers.map((t) => t.ticker)).toEqual(["AAPL", "MSFT"]);
    expect(tickers[0]!.lastTrade.t).toBe(NOW * 1_000_000);
    expect(tickers[0]!.updated).toBe(NOW * 1_000_000);
    expect(tickers[0]!.lastTrade.p).toBe(stubPrice("AAPL", NOW));
  });

  it("refuses Massive calls without a key, as Massive does", async () => {
    const { status, body } = await getJson(`${market.massiveUrl}/v2/last/trade/AAPL`, {});
    expect(status).toBe(401);
    expect(body.status).toBe("ERROR");
  });

  it("pages minute bars by 1,000 with a next_url that carries no key", async () => {
    const from = Date.UTC(2026, 11, 1);
    const to = from + 1500 * 60_000 - 1; // 1,500 minute bars
    const first = await getJson(`${market.massiveUrl}/v2/aggs/ticker/AAPL/range/1/minute/${from}/${to}?limit=50000`);
    const results = first.body.results as { t: number; o: number; c: number }[];
    expect(results).toHaveLength(1000);
    expect(results[0]!.t).toBe(from);
    expect(results[1]!.o).toBe(results[0]!.c);
    const next = String(first.body.next_url);
    expect(next).not.toContain("key");
    const second = await getJson(next);
    expect((second.body.results as unknown[]).length).toBe(500);
    expect(second.body.next_url).toBeUndefined();
    expect((second.body.results as { t: number }[])[0]!.t).toBe(from + 1000 * 60_000);
  });

  it("answers CoinGecko simple/price in seconds and markets with ISO times", async () => {
    const simple = await getJson(`${market.coingeckoUrl}/simple/price?ids=bitcoin&vs_currencies=usd`, {});
    expect(simple.body).toEqual({
      bitcoin: expect.objectContaining({ usd: stubPrice("bitcoin", NOW), last_updated_at: NOW / 1000 }),
    });
    const markets = await getJson(`${market.coingeckoUrl}/coins/markets?vs_currency=usd&ids=bitcoin,ethereum`, {});
    expect(
      (markets.body as unknown as { id: string; last_updated: string }[]).map((m) => [m.id, m.last_updated]),
    ).toEqual([
      ["bitcoin", new Date(NOW).toISOString()],
      ["ethereum", new Date(NOW).toISOString()],
    ]);
  });

  it("answers NewsAPI only with X-Api-Key", async () => {
    expect((await getJson(`${market.newsUrl}/everything?q=AAPL&pageSize=3`, {})).status).toBe(401);
    const ok = await getJson(`${market.newsUrl}/everything?q=AAPL&pageSize=3`, { "x-api-key": "n" });
    expect((ok.body.articles as unknown[]).length).toBe(3);
  });
});

describe("market stub scripting", () => {
  it("uses queued responses in order for their path only, then the default", async () => {
    market.script(
      { path: "/v2/last/trade", status: 503 },
      { path: "/v2/last/trade", status: 429, headers: { "retry-after": "7" } },
    );
    const snapshot = await getJson(`${market.massiveUrl}/v2/snapshot/locale/us/markets/stocks/tickers?tickers=AAPL`);
    expect(snapshot.status).toBe(200);
    expect((await getJson(`${market.massiveUrl}/v2/last/trade/AAPL`)).status).toBe(503);
    const limited = await getJson(`${market.massiveUrl}/v2/last/trade/AAPL`);
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "7"]);
    expect((await getJson(`${market.massiveUrl}/v2/last/trade/AAPL`)).status).toBe(200);
    expect(market.requests.map((r) => [r.path.split("/")[2], r.status, r.answeredBy])).toEqual([
      ["snapshot", 200, "default"],
      ["last", 503, "queue"],
      ["last", 429, "queue"],
      ["last", 200, "default"],
    ]);
  });

  it("answers a fallback for everything, a malformed body and a hang-up", async () => {
    market.respondWith({ path: "/v2/aggs", status: 503 });
    expect((await getJson(`${market.coingeckoUrl}/ping`)).status).toBe(200);
    expect((await getJson(`${market.massiveUrl}/v2/aggs/ticker/AAPL/range/1/day/2026-12-01/2026-12-02`)).status).toBe(
      503,
    );
    market.respondWith({ status: 500 });
    expect((await getJson(`${market.coingeckoUrl}/ping`)).status).toBe(500);
    market.script({ malformed: true });
    const res = await fetch(`${market.coingeckoUrl}/ping`);
    await expect(res.json()).rejects.toThrow(SyntaxError);
    market.script({ hangUp: true });
    await expect(fetch(`${market.coingeckoUrl}/ping`)).rejects.toThrow(TypeError);
  });

  it("is scripted and read over its control API", async () => {
    const scripted = await fetch(`${market.url}/__stub/script`, {
      method: "POST",
      body: JSON.stringify({ responses: [{ path: "/search", status: 502 }] }),
    });
    expect(await scripted.json()).toEqual({ pending: 1 });
    const bad = await fetch(`${market.url}/__stub/script`, { method: "POST", body: JSON.stringify([{ stauts: 500 }]) });
    expect([bad.status, ((await bad.json()) as { error: { message: string } }).error.message]).toEqual([
      400,
      "responses[0].stauts: unknown field",
    ]);
    expect((await getJson(`${market.coingeckoUrl}/search?query=bit`)).status).toBe(502);
    const seen = (await (await fetch(`${market.url}/__stub/requests?path=/search`)).json()) as {
      requests: { query: unknown }[];
    };
    expect(seen.requests.map((r) => r.query)).toEqual([{ query: "bit" }]);
    await fetch(`${market.url}/__stub/reset`, { method: "POST" });
    expect(market.requests).toEqual([]);
  });
});
