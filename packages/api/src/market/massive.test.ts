// The real Massive client over HTTP against the market stub (Massive's paths, fields and units).
import { createLogger } from "@tradecraft/config";
import { startMarketStub } from "@tradecraft/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createMassiveProvider, epochMs, MAX_PAGES } from "./massive.ts";
import type { ProviderError } from "./types.ts";

const NOW = Date.UTC(2026, 11, 7, 15, 30, 0, 123);
const market = await startMarketStub({ now: () => NOW });
afterAll(() => market.close());
beforeEach(() => market.reset());

const lines: { level: string; msg: string }[] = [];
const logger = createLogger({ level: "info", destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
const massive = createMassiveProvider({
  apiKey: "test-massive-key",
  baseUrl: market.massiveUrl,
  logger,
  now: () => NOW,
  sleep: async () => {},
});
const failure = (p: Promise<unknown>) =>
  p.then(
    () => Promise.reject(new Error("expected a failure")),
    (e: unknown) => e as ProviderError,
  );

describe("times", () => {
  it("reads nanoseconds, microseconds, milliseconds and seconds as the same instant", () => {
    const ms = Date.UTC(2026, 11, 7, 15, 30, 0, 123);
    const ns = 1_796_657_400_123_000_000; // the same instant in ns, beyond 2^53
    expect(new Date(epochMs(ns))).toEqual(new Date(ms));
    expect(epochMs(ms * 1000)).toBe(ms);
    expect(epochMs(ms)).toBe(ms);
    expect(epochMs(1_796_657_400)).toBe(ms - 123);
  });
});

describe("quotes", () => {
  it("maps a snapshot: last trade price, its ns time in ms, the previous close and day range", async () => {
    market.script({
      path: "/v2/snapshot",
      body: {
        status: "OK",
        tickers: [
          {
            ticker: "AAPL",
            todaysChange: 2.5,
            todaysChangePerc: 1.25,
            updated: 1_796_657_400_000_000_000,
            day: { o: 200, h: 204, l: 199, c: 202, v: 1_000_000, vw: 201.5 },
            prevDay: { o: 198, h: 201, l: 197, c: 200, v: 900_000, vw: 199 },
            min: { c: 202.4, t: 1_796_657_340_000 },
            lastTrade: { p: 202.5, s: 100, t: 1_796_657_400_123_000_000 },
          },
        ],
      },
    });
    expect(await massive.quotes(["AAPL"])).toEqual([
      {
        symbol: "AAPL",
        price: 202.5,
        change: 2.5,
        changePercent: 1.25,
        open: 200,
        dayHigh: 204,
        dayLow: 199,
        previousClose: 200,
        volume: 1_000_000,
        at: NOW,
      },
    ]);
    const [request] = market.requests;
    expect(request!.headers.authorization).toBe("Bearer test-massive-key");
    expect(request!.query).toEqual({ tickers: "AAPL" });
  });

  it("asks /v2/last/trade when a snapshot has no last trade, and leaves unknown tickers out", async () => {
    market.script({
      path: "/v2/snapshot",
      body: {
        status: "OK",
        tickers: [{ ticker: "MSFT", day: { o: 0, h: 0, l: 0, c: 0, v: 0 }, prevDay: { c: 400 }, lastTrade: null }],
      },
    });
    market.script({
      path: "/v2/last/trade/MSFT",
      body: { status: "OK", results: { T: "MSFT", p: 410, s: 5, t: 1_796_657_400_123_000_000 } },
    });
    const quotes = await massive.quotes(["MSFT", "NOPE"]);
    expect(quotes).toEqual([
      {
        symbol: "MSFT",
        price: 410,
        change: 10,
        changePercent: 2.5,
        open: null,
        dayHigh: null,
        dayLow: null,
        previousClose: 400,
        volume: 0,
        at: NOW,
      },
    ]);
    expect(market.requests.map((r) => r.path)).toEqual([
      "/v2/snapshot/locale/us/markets/stocks/tickers",
      "/v2/last/trade/MSFT",
    ]);
  });

  it("quotes from the snapshot's minute close when the last trade cannot be had", async () => {
    market.script(
      {
        path: "/v2/snapshot",
        body: {
          tickers: [
            {
              ticker: "TSLA",
              updated: 1_796_657_400_123_000_000,
              day: { c: 251 },
              prevDay: { c: 250 },
              min: { c: 252, t: 1_796_657_340_000 },
            },
          ],
        },
      },
      { path: "/v2/last/trade/TSLA", status: 404 },
    );
    const [quote] = await massive.quotes(["TSLA"]);
    // min.c (the last minute's close) beats day.c; its time is the snapshot's `updated` (ns).
    expect([quote!.price, quote!.change, quote!.at]).toEqual([252, 2, NOW]);
  });

  it("refuses a snapshot whose price is not a number as malformed, with one warning and no key in it", async () => {
    lines.length = 0;
    market.script({ path: "/v2/snapshot", body: { tickers: [{ ticker: "AAPL", lastTrade: { p: "abc", t: 1 } }] } });
    expect((await failure(massive.quotes(["AAPL"]))).kind).toBe("malformed");
    const warnings = lines.filter((l) => l.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain("test-massive-key");
  });
});

describe("bars", () => {
  const from = Date.UTC(2026, 11, 1, 14, 30);

  it("follows next_url with the key in the header and keeps from <= t < to", async () => {
    const to = from + 1500 * 60_000; // 1,500 minute bars, the stub pages by 1,000
    const bars = await massive.bars("AAPL", "minute", from, to);
    expect(bars).toHaveLength(1500);
    expect([bars[0]!.t, bars.at(-1)!.t]).toEqual([from, to - 60_000]);
    expect(bars.every((b, i) => i === 0 || b.t - bars[i - 1]!.t === 60_000)).toBe(true);
    expect(market.requests.map((r) => [r.query.cursor ?? null, r.headers.authorization])).toEqual([
      [null, "Bearer test-massive-key"],
      ["1000", "Bearer test-massive-key"],
    ]);
    expect(market.requests[0]!.query).toEqual({ adjusted: "true", sort: "asc", limit: "50000" });
    expect(market.requests[0]!.path).toBe(`/v2/aggs/ticker/AAPL/range/1/minute/${from}/${to - 1}`);
  });

  it("stops after 20 pages of an endless next_url", async () => {
    market.respondWith(() => ({
      body: {
        status: "OK",
        results: [{ t: from, o: 1, h: 1, l: 1, c: 1, v: 1 }],
        next_url: `${market.massiveUrl}/v2/aggs/ticker/AAPL/range/1/day/1/2?cursor=x`,
      },
    }));
    const bars = await massive.bars("AAPL", "day", from, from + 86_400_000);
    expect([bars.length, market.requests.length]).toEqual([MAX_PAGES, MAX_PAGES]);
  });

  it("never follows a next_url to another host (it would get our key)", async () => {
    market.script({ path: "/v2/aggs", body: { results: [], next_url: "https://elsewhere.example/v2/aggs?cursor=1" } });
    expect((await failure(massive.bars("AAPL", "day", from, from + 86_400_000))).kind).toBe("malformed");
    expect(market.requests).toHaveLength(1);
  });

  it("answers no bars when Massive has none (results left out)", async () => {
    market.script({ path: "/v2/aggs", body: { status: "OK", resultsCount: 0, ticker: "AAPL" } });
    expect(await massive.bars("AAPL", "day", from, from + 86_400_000)).toEqual([]);
  });
});

describe("search and options", () => {
  it("maps markets and types to asset classes", async () => {
    expect(await massive.search("SPDR")).toEqual([
      { symbol: "SPY", name: "SPDR S&P 500 ETF Trust", assetClass: "etf", exchange: "ARCX" },
    ]);
    expect(await massive.search("bitcoin")).toEqual([
      { symbol: "BTC", name: "Bitcoin - United States dollar", assetClass: "crypto", exchange: null },
    ]);
    expect(market.requests[0]!.query).toEqual({ search: "SPDR", active: "true", limit: "10" });
  });

  it("reads an options chain across pages, greeks missing as null", async () => {
    const contract = (strike: number, type: "call" | "put", greeks?: object) => ({
      details: {
        contract_type: type,
        strike_price: strike,
        expiration_date: "2027-01-15",
        ticker: `O:AAPL270115${type[0]!.toUpperCase()}${strike}`,
      },
      ...(greeks ? { greeks } : {}),
      implied_volatility: 0.31,
      open_interest: 120,
      day: { volume: 15, close: 4.2 },
      last_quote: { bid: 4.1, ask: 4.3 },
      underlying_asset: { price: 203.1 },
    });
    market.script(
      {
        path: "/v3/snapshot/options",
        body: { results: [contract(210, "call")], next_url: `${market.massiveUrl}/v3/snapshot/options/AAPL?cursor=2` },
      },
      {
        path: "/v3/snapshot/options",
        body: { results: [contract(200, "put", { delta: -0.4, gamma: 0.03, theta: -0.05, vega: 0.2 })] },
      },
    );
    const chain = await massive.optionsChain!("AAPL");
    expect(chain.underlyingPrice).toBe(203.1);
    expect(chain.at).toBe(NOW);
    expect(chain.contracts.map((c) => [c.strike, c.type, c.delta, c.vega, c.bid, c.last])).toEqual([
      [200, "put", -0.4, 0.2, 4.1, 4.2],
      [210, "call", null, null, 4.1, 4.2],
    ]);
    expect(market.requests[1]!.headers.authorization).toBe("Bearer test-massive-key");
  });

  it("has no earnings method and answers only stocks and ETFs", () => {
    expect(massive.earnings).toBeUndefined();
    expect([massive.handles("AAPL", "stock"), massive.handles("SPY", "etf"), massive.handles("BTC", "crypto")]).toEqual(
      [true, true, false],
    );
  });
});
