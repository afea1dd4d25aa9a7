// The market stub's default answers (market-stub.ts): deterministic for any ticker or coin id, in
// each API's real field names and units. Massive stamps trades and snapshots in NANOseconds and
// bars in milliseconds; CoinGecko's simple/price says seconds, its charts milliseconds and its
// markets ISO strings; NewsAPI ISO strings. Prices follow one smooth path per symbol, so a bar's
// open is the previous bar's close and the same request always gets the same numbers.

const MINUTE = 60_000;
const STEP_MS = { minute: MINUTE, hour: 60 * MINUTE, day: 24 * 60 * MINUTE } as const;
/** Bars per page before the stub answers a `next_url` (Massive pages long ranges too). */
export const STUB_BARS_PAGE = 1000;

/** A stable 32-bit hash of a symbol: every default number derives from it. */
export function symbolSeed(symbol: string): number {
  let h = 2166136261;
  for (const ch of symbol.toUpperCase()) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

// Near real levels for the symbols pages and demos show most, so a stub-backed page looks plausible.
const KNOWN_BASES: Record<string, number> = {
  AAPL: 230,
  MSFT: 420,
  NVDA: 140,
  TSLA: 250,
  SPY: 600,
  QQQ: 520,
  bitcoin: 90_000,
  ethereum: 3_200,
  solana: 180,
  ripple: 2.2,
  dogecoin: 0.35,
  cardano: 0.9,
};

/** The default price of `symbol` at epoch ms `t`: its base (known, else 20–500 from its hash), ±2 % over a day. */
export function stubPrice(symbol: string, t: number): number {
  const seed = symbolSeed(symbol);
  const base = KNOWN_BASES[symbol] ?? 20 + (seed % 48_000) / 100;
  return round(base * (1 + 0.02 * Math.sin(t / 3_600_000 / 4 + (seed % 628) / 100)), base < 10 ? 4 : 2);
}

function bar(symbol: string, t: number, step: number) {
  const o = stubPrice(symbol, t);
  const c = stubPrice(symbol, t + step);
  const mid = stubPrice(symbol, t + step / 2);
  const volume = 1000 + (symbolSeed(symbol) % 9000) + Math.floor((t / step) % 7) * 100;
  return {
    t,
    o,
    // Wicks of 0.05 % beyond the sampled prices, so high > max(open, close) like real bars.
    h: round(Math.max(o, c, mid) * 1.0005, 4),
    l: round(Math.min(o, c, mid) * 0.9995, 4),
    c,
    v: volume,
    vw: round((o + c + mid) / 3, 4),
    n: Math.floor(volume / 10),
  };
}

/** Massive's /v2/aggs range answer: bars from `from` to `to` inclusive, a page of them from `offset`. */
export function massiveAggs(
  ticker: string,
  timespan: string,
  multiplier: number,
  from: number,
  to: number,
  offset: number,
) {
  const step = (STEP_MS[timespan as keyof typeof STEP_MS] ?? STEP_MS.day) * Math.max(1, multiplier);
  const first = Math.ceil(from / step) * step;
  const all = Math.max(0, Math.floor((to - first) / step) + 1);
  const count = Math.max(0, Math.min(STUB_BARS_PAGE, all - offset));
  const results = Array.from({ length: count }, (_, i) => bar(ticker, first + (offset + i) * step, step));
  return { results, more: offset + count < all, next: offset + count };
}

/** Massive's snapshot of one ticker at `now` (ms): day, prevDay, min, lastTrade (ns), updated (ns). */
export function massiveTickerSnapshot(ticker: string, now: number) {
  const dayStart = Math.floor(now / STEP_MS.day) * STEP_MS.day;
  const day = bar(ticker, dayStart, now - dayStart || MINUTE);
  const prevDay = bar(ticker, dayStart - STEP_MS.day, STEP_MS.day);
  const price = stubPrice(ticker, now);
  const change = round(price - prevDay.c, 4);
  const ns = BigInt(now) * 1_000_000n;
  return {
    ticker,
    todaysChange: change,
    todaysChangePerc: round((change / prevDay.c) * 100, 4),
    updated: Number(ns),
    day: { o: day.o, h: day.h, l: day.l, c: price, v: day.v, vw: day.vw },
    prevDay: { o: prevDay.o, h: prevDay.h, l: prevDay.l, c: prevDay.c, v: prevDay.v, vw: prevDay.vw },
    min: { ...bar(ticker, Math.floor(now / MINUTE) * MINUTE - MINUTE, MINUTE), av: day.v },
    lastTrade: { c: [14, 41], i: "71675577320245", p: price, s: 100, t: Number(ns), x: 4 },
    lastQuote: { P: round(price + 0.01), S: 2, p: round(price - 0.01), s: 3, t: Number(ns) },
  };
}

/** Massive's /v2/last/trade answer (t, y in nanoseconds). */
export function massiveLastTrade(ticker: string, now: number) {
  const ns = Number(BigInt(now) * 1_000_000n);
  return {
    status: "OK",
    request_id: `stub-${symbolSeed(ticker)}`,
    results: {
      T: ticker,
      c: [37],
      i: "52983525029461",
      p: stubPrice(ticker, now),
      q: 1490,
      s: 25,
      t: ns,
      x: 4,
      y: ns,
      z: 3,
    },
  };
}

export const STUB_TICKERS = [
  { ticker: "AAPL", name: "Apple Inc.", market: "stocks", type: "CS", primary_exchange: "XNAS" },
  { ticker: "MSFT", name: "Microsoft Corp", market: "stocks", type: "CS", primary_exchange: "XNAS" },
  { ticker: "NVDA", name: "Nvidia Corp", market: "stocks", type: "CS", primary_exchange: "XNAS" },
  { ticker: "TSLA", name: "Tesla, Inc. Common Stock", market: "stocks", type: "CS", primary_exchange: "XNAS" },
  { ticker: "SPY", name: "SPDR S&P 500 ETF Trust", market: "stocks", type: "ETF", primary_exchange: "ARCX" },
  { ticker: "QQQ", name: "Invesco QQQ Trust, Series 1", market: "stocks", type: "ETF", primary_exchange: "XNAS" },
  { ticker: "X:BTCUSD", name: "Bitcoin - United States dollar", market: "crypto", type: null, primary_exchange: null },
  { ticker: "I:SPX", name: "Standard & Poor's 500", market: "indices", type: "INDEX", primary_exchange: null },
];

/** Massive's /v3/snapshot/options answer: calls and puts at five strikes around the price, one expiry. */
export function massiveOptionContracts(underlying: string, now: number) {
  const price = stubPrice(underlying, now);
  const expiry = new Date(now + 30 * STEP_MS.day).toISOString().slice(0, 10);
  const center = Math.round(price / 5) * 5;
  return [-10, -5, 0, 5, 10].flatMap((offset, i) =>
    (["call", "put"] as const).map((type) => {
      const strike = center + offset;
      const intrinsic = Math.max(0, type === "call" ? price - strike : strike - price);
      const mid = round(intrinsic + 1.5 + i * 0.1);
      return {
        break_even_price: round(type === "call" ? strike + mid : strike - mid),
        day: {
          change: 0.1,
          close: mid,
          high: round(mid + 0.2),
          low: round(mid - 0.2),
          open: mid,
          volume: 100 + i * 10,
          vwap: mid,
        },
        details: {
          contract_type: type,
          exercise_style: "american",
          expiration_date: expiry,
          shares_per_contract: 100,
          strike_price: strike,
          ticker: `O:${underlying}${expiry.slice(2).replaceAll("-", "")}${type === "call" ? "C" : "P"}${String(strike * 1000).padStart(8, "0")}`,
        },
        greeks: {
          delta: type === "call" ? round(0.7 - i * 0.1, 3) : round(-0.3 - i * 0.1, 3),
          gamma: 0.02,
          theta: -0.05,
          vega: 0.12,
        },
        implied_volatility: 0.3,
        last_quote: { ask: round(mid + 0.05), bid: round(mid - 0.05), midpoint: mid, timeframe: "REAL-TIME" },
        open_interest: 1000 + i * 100,
        underlying_asset: {
          change_to_break_even: 1,
          last_updated: now * 1_000_000,
          price,
          ticker: underlying,
          timeframe: "REAL-TIME",
        },
      };
    }),
  );
}

export const STUB_COINS = [
  { id: "bitcoin", symbol: "btc", name: "Bitcoin" },
  { id: "ethereum", symbol: "eth", name: "Ethereum" },
  { id: "solana", symbol: "sol", name: "Solana" },
  { id: "ripple", symbol: "xrp", name: "XRP" },
  { id: "dogecoin", symbol: "doge", name: "Dogecoin" },
  { id: "cardano", symbol: "ada", name: "Cardano" },
];

const coinFor = (id: string) => STUB_COINS.find((c) => c.id === id) ?? { id, symbol: id.slice(0, 5), name: id };

/** CoinGecko's /simple/price entry for `id` (last_updated_at in SECONDS). */
export function coingeckoSimplePrice(id: string, now: number) {
  const price = stubPrice(id, now);
  const before = stubPrice(id, now - STEP_MS.day);
  return {
    usd: price,
    usd_24h_vol: 1_000_000 + (symbolSeed(id) % 1_000_000),
    usd_24h_change: round(((price - before) / before) * 100, 6),
    last_updated_at: Math.floor(now / 1000),
  };
}

/** CoinGecko's /coins/markets row for `id` (last_updated an ISO string). */
export function coingeckoMarket(id: string, now: number, index: number) {
  const coin = coinFor(id);
  const simple = coingeckoSimplePrice(id, now);
  const before = stubPrice(id, now - STEP_MS.day);
  return {
    id,
    symbol: coin.symbol,
    name: coin.name,
    image: `https://coin-images.example/${id}.png`,
    current_price: simple.usd,
    market_cap: Math.round(simple.usd * 19_000_000),
    market_cap_rank: index + 1,
    total_volume: simple.usd_24h_vol,
    high_24h: round(Math.max(simple.usd, before) * 1.01, 4),
    low_24h: round(Math.min(simple.usd, before) * 0.99, 4),
    price_change_24h: round(simple.usd - before, 6),
    price_change_percentage_24h: simple.usd_24h_change,
    circulating_supply: 19_000_000,
    ath: round(simple.usd * 1.5),
    last_updated: new Date(now).toISOString(),
  };
}

/** CoinGecko's /market_chart/range: automatic granularity (5 min up to 1 day, hourly to 90 days, else daily). */
export function coingeckoMarketChart(id: string, fromSec: number, toSec: number) {
  const span = toSec - fromSec;
  const step = span <= 86_400 ? 5 * MINUTE : span <= 90 * 86_400 ? STEP_MS.hour : STEP_MS.day;
  const points: number[] = [];
  for (let t = Math.ceil((fromSec * 1000) / step) * step; t <= toSec * 1000 && points.length < 5000; t += step)
    points.push(t);
  return {
    prices: points.map((t) => [t, stubPrice(id, t)]),
    market_caps: points.map((t) => [t, Math.round(stubPrice(id, t) * 19_000_000)]),
    total_volumes: points.map((t) => [t, 1_000_000 + (Math.floor(t / step) % 13) * 1000]),
  };
}

/** NewsAPI articles about `query` (or business headlines), newest first. */
export function newsArticles(query: string | null, count: number, now: number) {
  const topic = query ?? "Markets";
  const words = [
    "rallies as investors cheer results",
    "slips after guidance cut",
    "holds steady ahead of data",
    "surges on record demand",
    "falls as rates rise",
  ];
  return Array.from({ length: Math.max(0, Math.min(count, 100)) }, (_, i) => ({
    source: { id: null, name: ["Reuters", "Bloomberg", "CNBC"][i % 3] },
    author: "Stub Reporter",
    title: `${topic} ${words[(symbolSeed(topic) + i) % words.length]}`,
    description: `What moved ${topic} today, story ${i + 1}.`,
    url: `https://news.example/${encodeURIComponent(topic.toLowerCase())}/${i + 1}`,
    urlToImage: null,
    publishedAt: new Date(now - i * 3_600_000).toISOString(),
    content: null,
  }));
}
