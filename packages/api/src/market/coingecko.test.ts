// The real CoinGecko client over HTTP against the market stub (CoinGecko's paths, fields and units).
import { createLogger } from "@tradecraft/config";
import { startMarketStub } from "@tradecraft/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { barsFromPoints, createCoinGeckoProvider } from "./coingecko.ts";
import type { ProviderError } from "./types.ts";

const NOW = Date.UTC(2026, 11, 7, 15, 30);
const market = await startMarketStub({ now: () => NOW });
afterAll(() => market.close());
beforeEach(() => market.reset());

const logger = createLogger({ level: "silent" });
const coingecko = createCoinGeckoProvider({
  apiKey: "cg-demo",
  baseUrl: market.coingeckoUrl,
  logger,
  now: () => NOW,
  sleep: async () => {},
});
const failure = (p: Promise<unknown>) =>
  p.then(
    () => Promise.reject(new Error("expected a failure")),
    (e: unknown) => e as ProviderError,
  );

describe("quotes", () => {
  it("maps simple/price: the 24 h change gives the price a day ago, seconds become ms", async () => {
    market.script({
      path: "/simple/price",
      body: { bitcoin: { usd: 110, usd_24h_change: 10, usd_24h_vol: 5e9, last_updated_at: 1_796_657_400 } },
    });
    const [quote, ...rest] = await coingecko.quotes(["BTC", "X:BTCUSD", "ETH"]);
    expect(rest).toEqual([]); // ethereum absent from the answer: left out, not an error
    expect(quote).toMatchObject({
      symbol: "BTC",
      price: 110,
      changePercent: 10,
      volume: 5e9,
      open: null,
      dayHigh: null,
      at: NOW,
    });
    expect(quote!.previousClose).toBeCloseTo(100, 9);
    expect(quote!.change).toBeCloseTo(10, 9);
    const [request] = market.requests;
    expect(request!.query).toEqual({
      ids: "bitcoin,ethereum",
      vs_currencies: "usd",
      include_24hr_change: "true",
      include_24hr_vol: "true",
      include_last_updated_at: "true",
    });
    expect(request!.headers["x-cg-demo-api-key"]).toBe("cg-demo");
  });

  it("keeps nulls as unknown and skips a coin without a price", async () => {
    market.script({
      path: "/simple/price",
      body: {
        bitcoin: { usd: 50_000, usd_24h_change: null, usd_24h_vol: null, last_updated_at: null },
        ethereum: { usd: null },
      },
    });
    expect(await coingecko.quotes(["BTC", "ETH"])).toEqual([
      {
        symbol: "BTC",
        price: 50_000,
        change: null,
        changePercent: null,
        open: null,
        dayHigh: null,
        dayLow: null,
        previousClose: null,
        volume: null,
        at: NOW,
      },
    ]);
  });

  it("asks nothing for symbols that are not known coins", async () => {
    expect(await coingecko.quotes(["AAPL"])).toEqual([]);
    expect(market.requests).toEqual([]);
  });

  it("sends the Pro header to the Pro host", async () => {
    const pro = createCoinGeckoProvider({
      apiKey: "cg-pro",
      baseUrl: "https://pro-api.coingecko.com/api/v3",
      logger,
      // The request still goes over HTTP to the stub; only the host is swapped.
      fetch: (url, init) =>
        fetch(String(url).replace("https://pro-api.coingecko.com/api/v3", market.coingeckoUrl), init),
    });
    await pro.quotes(["BTC"]);
    expect(market.requests[0]!.headers).toMatchObject({ "x-cg-pro-api-key": "cg-pro" });
    expect(market.requests[0]!.headers["x-cg-demo-api-key"]).toBeUndefined();
  });
});

describe("markets", () => {
  it("reads nullable market fields and drops rows without a price", async () => {
    market.script({
      path: "/coins/markets",
      body: [
        {
          id: "bitcoin",
          symbol: "btc",
          name: "Bitcoin",
          current_price: 90_000,
          high_24h: null,
          low_24h: null,
          price_change_24h: null,
          price_change_percentage_24h: -1.5,
          total_volume: null,
          market_cap: null,
          last_updated: "2026-12-07T15:29:00.000Z",
        },
        { id: "newcoin", symbol: "new", name: "New Coin", current_price: null, last_updated: null },
        { id: "weird", symbol: "w e i r d", name: "Weird", current_price: 1 },
      ],
    });
    expect(await coingecko.cryptoMarkets!(["bitcoin", "newcoin", "weird"])).toEqual([
      {
        id: "bitcoin",
        symbol: "BTC",
        name: "Bitcoin",
        price: 90_000,
        change24h: null,
        changePercent24h: -1.5,
        high24h: null,
        low24h: null,
        volume24h: null,
        marketCap: null,
        at: NOW - 60_000,
      },
    ]);
  });

  it("lists the top coins by market cap when no ids are given", async () => {
    const markets = await coingecko.cryptoMarkets!([]);
    expect(markets.map((m) => m.symbol)).toEqual(["BTC", "ETH", "SOL", "XRP", "DOGE", "ADA"]);
    expect(market.requests[0]!.query).toEqual({
      vs_currency: "usd",
      order: "market_cap_desc",
      per_page: "10",
      page: "1",
    });
  });

  it("turns a changed shape into 'malformed', not a crash", async () => {
    market.script({ path: "/coins/markets", body: { error: "surprise" } });
    expect((await failure(coingecko.cryptoMarkets!(["bitcoin"]))).kind).toBe("malformed");
  });
});

describe("bars", () => {
  it("aggregates sampled prices into bars: first, max, min, last; nothing invented between points", () => {
    const h = 3_600_000;
    const points: [number, number | null][] = [
      [2 * h + 1_800_000, 12], // out of order on purpose
      [0, 10],
      [1_200_000, 13],
      [2_400_000, 9],
      [3_000_000, null],
      [2 * h, 11],
      [3 * h, 50], // == to: excluded
    ];
    expect(barsFromPoints(points, "hour", 0, 3 * h)).toEqual([
      { t: 0, o: 10, h: 13, l: 9, c: 9, v: 0, vw: null, n: null },
      { t: 2 * h, o: 11, h: 12, l: 11, c: 12, v: 0, vw: null, n: null },
    ]);
  });

  it("asks the chart range in seconds and returns hourly bars for a two-day range", async () => {
    const from = Date.UTC(2026, 11, 5);
    const to = from + 2 * 86_400_000;
    const bars = await coingecko.bars("ETH", "hour", from, to);
    expect(market.requests[0]!.path).toBe("/api/v3/coins/ethereum/market_chart/range");
    expect(market.requests[0]!.query).toEqual({ vs_currency: "usd", from: String(from / 1000), to: String(to / 1000) });
    expect(bars).toHaveLength(48);
    expect([bars[0]!.t, bars.at(-1)!.t]).toEqual([from, to - 3_600_000]);
  });
});

describe("search", () => {
  it("answers coins as crypto matches with the ticker members type", async () => {
    expect(await coingecko.search("bit")).toEqual([
      { symbol: "BTC", name: "Bitcoin", assetClass: "crypto", exchange: null },
    ]);
    expect([coingecko.handles("BTC", "crypto"), coingecko.handles("AAPL", "stock")]).toEqual([true, false]);
  });
});
