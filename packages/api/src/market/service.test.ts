import { Writable } from "node:stream";
import { createLogger } from "@tradecraft/config";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createMarket } from "./index.ts";
import {
  type AssetClass,
  type Bar,
  MarketUnavailableError,
  type MarketDataProvider,
  ProviderError,
  type ProviderName,
  type Quote,
  SymbolNotFoundError,
} from "./types.ts";

const T0 = Date.UTC(2026, 2, 10, 15);
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null;
afterAll(() => redis?.quit());

const quoteOf = (symbol: string, price: number): Quote => ({
  symbol,
  price,
  change: 1,
  changePercent: 0.5,
  open: price - 1,
  dayHigh: price + 1,
  dayLow: price - 2,
  previousClose: price - 1,
  volume: 1000,
  at: T0 - 1000,
});

/** A stand-in for an HTTP provider: answers from `prices`, fails while `failing`, counts calls. */
function fakeProvider(name: ProviderName, classes: AssetClass[], prices: Record<string, number>) {
  const state = { failing: false, calls: 0, bars: [] as Bar[] };
  const fail = () => {
    throw new ProviderError(name, "http", "upstream answered 502", 502);
  };
  const provider: MarketDataProvider = {
    name,
    simulated: false,
    handles: (_symbol, assetClass) => classes.includes(assetClass),
    async quotes(symbols) {
      state.calls++;
      if (state.failing) fail();
      return symbols.filter((s) => s in prices).map((s) => quoteOf(s, prices[s]!));
    },
    async bars() {
      state.calls++;
      if (state.failing) fail();
      return state.bars;
    },
    async search(query) {
      return [{ symbol: `${query}X`, name: `${query} Holdings`, assetClass: "stock", exchange: "XNAS" }];
    },
  };
  return { provider, state };
}

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "warn",
    destination: new Writable({
      write: (chunk: Buffer, _e, done) => (lines.push(JSON.parse(chunk.toString())), done()),
    }),
  });
  return { logger, lines };
}

function setup({ withRedis = false, prices = {} as Record<string, number> } = {}) {
  const clock = { now: T0 };
  const massive = fakeProvider("massive", ["stock", "etf"], { AAPL: 190.5, MSFT: 420.25, ...prices });
  const coingecko = fakeProvider("coingecko", ["crypto"], { BTC: 95_000 });
  const { logger, lines } = captureLogs();
  const market = createMarket({
    providers: { massive: massive.provider, coingecko: coingecko.provider },
    redis: withRedis ? redis : null,
    logger,
    now: () => clock.now,
  });
  return { clock, massive: massive.state, coingecko: coingecko.state, market, lines };
}

/** A symbol no earlier run has cached in the shared Redis. */
const freshSymbol = () =>
  `Q${Array.from({ length: 7 }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join("")}`;

describe("the market service", () => {
  it("routes stocks to Massive, crypto to CoinGecko, and futures Massive lacks to simulated data with a warning", async () => {
    const { market } = setup();
    expect(market.providerFor("AAPL")).toEqual({ name: "massive", simulated: false });
    expect(market.providerFor("btc-usd")).toEqual({ name: "coingecko", simulated: false });
    expect(market.providerFor("ESZ6")).toEqual({ name: "simulated", simulated: true });
    const es = await market.bars("ES", "minute", T0 - 3_600_000, T0);
    expect(es).toMatchObject({
      source: "simulated",
      simulated: true,
      stale: false,
      warnings: ["ES: massive has no future data, so it is simulated."],
    });
    expect(es.data).toHaveLength(60);
    expect(createMarket({ now: () => T0 }).providerFor("AAPL")).toEqual({ name: "simulated", simulated: true });
  });

  it("serves a quote from the cache for 5 s, then asks the provider again", async () => {
    const { clock, market, massive } = setup();
    expect(await market.quote("aapl")).toEqual({
      data: quoteOf("AAPL", 190.5),
      source: "massive",
      simulated: false,
      stale: false,
      asOf: T0,
      warnings: [],
    });
    clock.now = T0 + 4_999;
    await market.quote("AAPL");
    expect(massive.calls).toBe(1);
    clock.now = T0 + 5_000;
    expect((await market.quote("AAPL")).asOf).toBe(T0 + 5_000);
    expect(massive.calls).toBe(2);
  });

  it("shares one cache entry between the forms of a crypto pair (BTC, btc-usd, X:BTCUSD, BTC/USD)", async () => {
    const { market, coingecko } = setup();
    coingecko.bars = [{ t: T0 - 3_600_000, o: 95_000, h: 95_100, l: 94_900, c: 95_000, v: 3, vw: null, n: null }];
    const quotes = await Promise.all(["BTC", "btc-usd", "X:BTCUSD"].map((s) => market.quote(s)));
    expect(quotes.map((q) => q.data.symbol)).toEqual(["BTC", "BTC", "BTC"]);
    expect((await market.quote("BTC/USD")).data.price).toBe(95_000);
    expect(coingecko.calls).toBe(1);
    await market.bars("BTC-USD", "hour", T0 - 86_400_000, T0);
    await market.bars("btc", "hour", T0 - 86_400_000, T0);
    expect(coingecko.calls).toBe(2);
  });

  const stores: [string, boolean][] = [
    ["in process", false],
    ...(redis ? [["in Redis", true] as [string, boolean]] : []),
  ];
  it.each(stores)(
    "makes one provider call for 100 concurrent quotes of a cold symbol (%s)",
    async (_name, withRedis) => {
      const known = freshSymbol();
      const { market, massive } = setup({ withRedis, prices: { [known]: 42.5 } });
      const answered = await Promise.all(Array.from({ length: 100 }, () => market.quote(known)));
      expect(massive.calls).toBe(1);
      expect(answered.every((r) => r.data.price === 42.5 && r.asOf === T0)).toBe(true);
      // An unknown symbol is not cached, but a burst of it still costs one call.
      const results = await Promise.allSettled(Array.from({ length: 100 }, () => market.quote("QNOSUCH")));
      expect(massive.calls).toBe(2);
      expect(results.every((r) => r.status === "rejected" && r.reason instanceof SymbolNotFoundError)).toBe(true);
    },
  );

  it("serves the last good value marked stale with its time when the provider starts failing, and logs the failure once", async () => {
    const { clock, market, massive, lines } = setup();
    await market.quote("AAPL");
    clock.now = T0 + 60_000;
    massive.failing = true;
    const served = await market.quote("AAPL");
    expect(served).toMatchObject({ data: quoteOf("AAPL", 190.5), stale: true, asOf: T0, source: "massive" });
    expect(served.warnings).toEqual(["Delayed: AAPL as of 15:00:00 UTC."]);
    expect(lines.filter((l) => l.msg === "market provider failed")).toMatchObject([
      { provider: "massive", kind: "quote", status: 502, symbol: "AAPL", level: "warn" },
    ]);
  });

  it("serves stale bars the same way, and says MarketUnavailable when there is nothing to serve", async () => {
    const { clock, market, massive } = setup();
    massive.bars = [{ t: T0 - 60_000, o: 1, h: 2, l: 0.5, c: 1.5, v: 10, vw: null, n: null }];
    await market.bars("AAPL", "minute", T0 - 120_000, T0);
    clock.now = T0 + 120_000;
    massive.failing = true;
    const bars = await market.bars("AAPL", "minute", T0 - 120_000, T0);
    expect(bars).toMatchObject({
      data: massive.bars,
      stale: true,
      asOf: T0,
      warnings: ["massive is not answering; showing data as of 15:00:00 UTC."],
    });
    // The chart's window moved on a minute: the last good series serves the part that overlaps.
    expect((await market.bars("AAPL", "minute", T0 - 60_000, T0 + 60_000)).data).toEqual(massive.bars);
    await expect(market.bars("AAPL", "minute", T0, T0 + 60_000)).rejects.toBeInstanceOf(MarketUnavailableError);
    await expect(market.bars("MSFT", "minute", T0 - 120_000, T0)).rejects.toBeInstanceOf(MarketUnavailableError);
    await expect(market.quote("MSFT")).rejects.toBeInstanceOf(MarketUnavailableError);
  });

  it("says SymbolNotFound, with suggestions from search, when the provider has no quote or no such symbol", async () => {
    const { market } = setup();
    const error = await market.quote("NOPE").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SymbolNotFoundError);
    expect((error as SymbolNotFoundError).suggestions).toEqual([
      { symbol: "NOPEX", name: "NOPE Holdings", assetClass: "stock", exchange: "XNAS" },
    ]);
    const notFound = new ProviderError("massive", "not-found", "no such ticker", 404);
    await expect(
      createMarket({
        providers: {
          massive: { ...fakeProvider("massive", ["stock"], {}).provider, bars: () => Promise.reject(notFound) },
        },
        logger: captureLogs().logger,
        now: () => T0,
      }).bars("NOPE", "day", T0 - 86_400_000 * 5, T0),
    ).rejects.toBeInstanceOf(SymbolNotFoundError);
  });

  it("answers a watchlist with what worked and names what failed", async () => {
    const { market, coingecko } = setup();
    coingecko.failing = true;
    const result = await market.quotes(["AAPL", "X:BTCUSD", "NOPE", "aapl"]);
    expect(result.data.map((q) => q.symbol)).toEqual(["AAPL"]);
    expect(result).toMatchObject({ source: "massive", simulated: false, stale: false });
    expect(result.warnings).toEqual(["Quotes unavailable right now: BTC.", "No market data for NOPE."]);
  });

  it("never lets NaN through: a malformed answer is a failure", async () => {
    const { logger, lines } = captureLogs();
    const bad = fakeProvider("massive", ["stock"], { AAPL: Number.NaN });
    const market = createMarket({ providers: { massive: bad.provider }, logger, now: () => T0 });
    await expect(market.quote("AAPL")).rejects.toBeInstanceOf(MarketUnavailableError);
    bad.state.bars = [{ t: T0, o: 1, h: Number.POSITIVE_INFINITY, l: 1, c: 1, v: 1, vw: null, n: null }];
    await expect(market.bars("AAPL", "minute", T0 - 60_000, T0 + 60_000)).rejects.toBeInstanceOf(
      MarketUnavailableError,
    );
    expect(lines.map((l) => [l.kind, l.failure])).toEqual([
      ["quote", "malformed"],
      ["intraday", "malformed"],
    ]);
  });

  it("labels simulated data and refuses bar ranges beyond the limits", async () => {
    const market = createMarket({ now: () => T0, logger: captureLogs().logger });
    const result = await market.quote("TSLA");
    expect(result).toMatchObject({ source: "simulated", simulated: true, stale: false, asOf: T0 });
    await expect(market.bars("TSLA", "minute", T0 - 6 * 86_400_000, T0)).rejects.toThrow(
      "Minute bars cover at most 5 days per request",
    );
    expect(market.health()).toEqual([{ provider: "simulated", circuit: "closed", lastError: null, lastErrorAt: null }]);
  });

  it("reports every provider's health: the HTTP providers' own, the simulated one always closed", () => {
    const open = {
      provider: "massive" as const,
      circuit: "open" as const,
      lastError: "upstream answered 502",
      lastErrorAt: T0,
    };
    const massive = { ...fakeProvider("massive", ["stock"], {}).provider, health: () => open };
    const coingecko = fakeProvider("coingecko", ["crypto"], {}).provider;
    const market = createMarket({ providers: { massive, coingecko }, logger: captureLogs().logger, now: () => T0 });
    expect(market.health()).toEqual([
      { provider: "simulated", circuit: "closed", lastError: null, lastErrorAt: null },
      open,
      { provider: "coingecko", circuit: "closed", lastError: null, lastErrorAt: null },
    ]);
  });

  it("takes options chains and earnings from Massive when it has them, else simulated with a warning", async () => {
    const chain = { underlying: "AAPL", underlyingPrice: 190.5, at: T0, contracts: [] };
    const base = fakeProvider("massive", ["stock"], {}).provider;
    const massive = { ...base, optionsChain: async () => chain };
    const market = createMarket({ providers: { massive }, logger: captureLogs().logger, now: () => T0 });
    expect(await market.optionsChain("AAPL")).toMatchObject({
      data: chain,
      source: "massive",
      simulated: false,
      warnings: [],
    });
    const earnings = await market.earnings("AAPL");
    expect(earnings).toMatchObject({
      source: "simulated",
      simulated: true,
      warnings: ["massive has no earnings calendar, so these are simulated."],
    });
    expect(earnings.data).toHaveLength(5);
    const futures = await market.earnings("ES");
    expect(futures).toMatchObject({
      data: [],
      source: "simulated",
      warnings: ["ES: massive has no future data, so it is simulated."],
    });
    await expect(market.optionsChain("BTC")).rejects.toThrow(
      "Options chains are for stocks, ETFs and indices, not BTC.",
    );
  });
});
