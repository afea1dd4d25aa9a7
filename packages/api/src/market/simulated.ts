// The simulated provider: offline, deterministic market data for every symbol, labelled
// "simulated" wherever it is shown. Bars are computed from minute bars (hour and day bars are
// their exact aggregates), quotes are the minute path read at the provider's clock.
import { BAR_RANGE_LIMITS } from "../validation/market.ts";
import { knownName, searchCatalog } from "./simulated-catalog.ts";
import { simulatedChain, simulatedEarnings } from "./simulated-options.ts";
import {
  aggregate,
  DAY,
  HOUR,
  modelOf,
  type Session,
  type SymbolModel,
  sessionAtOrBefore,
  sessionBar,
  sessionMinutes,
  sessionOn,
  sessionsBetween,
} from "./simulated-path.ts";
import { tickerOfCoinGeckoId } from "./symbols.ts";
import {
  type Bar,
  type CryptoMarket,
  MarketDataNotAvailableError,
  type MarketDataProvider,
  type Quote,
  type Timespan,
} from "./types.ts";

export interface SimulatedProviderOptions {
  /** The clock quotes and "bars so far" are read at (tests pass a fixed one). */
  now?: () => number;
}

/** The simulated provider with every optional method: the service's fallback for any symbol. */
export type SimulatedProvider = MarketDataProvider &
  Required<Pick<MarketDataProvider, "cryptoMarkets" | "optionsChain" | "earnings" | "health">>;

// Past sessions never change, so their minutes and day bars are memoised for every instance.
const minuteCache = new Map<string, Bar[]>();
const dayCache = new Map<string, Bar>();
const CIRCULATING_SUPPLY: Record<string, number> = {
  BTC: 19.8e6,
  ETH: 120.4e6,
  SOL: 470e6,
  XRP: 56e9,
  DOGE: 146e9,
  BNB: 146e6,
  ADA: 35e9,
  LTC: 75e6,
};

function remember<V>(cache: Map<string, V>, key: string, max: number, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  if (cache.size >= max) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

function minutesOf(model: SymbolModel, session: Session): Bar[] {
  return remember(minuteCache, `${model.symbol}:${session.day}`, 64, () => sessionMinutes(model, session));
}

/** The minute bars of `model` that started in [from, to). */
function minuteBars(model: SymbolModel, from: number, to: number): Bar[] {
  const bars: Bar[] = [];
  for (const session of sessionsBetween(model.calendar, from, to)) {
    for (const bar of minutesOf(model, session)) if (bar.t >= from && bar.t < to) bars.push(bar);
  }
  return bars;
}

/** Minute bars grouped into clock hours (New York's offsets are whole hours, so its hours too). */
function hourBars(model: SymbolModel, from: number, to: number, now: number): Bar[] {
  const start = Math.ceil(from / HOUR) * HOUR;
  const minutes = minuteBars(model, start, Math.min(Math.ceil(to / HOUR) * HOUR, now));
  const bars: Bar[] = [];
  for (let i = 0; i < minutes.length;) {
    const hour = Math.floor(minutes[i]!.t / HOUR) * HOUR;
    let j = i;
    while (j < minutes.length && minutes[j]!.t < hour + HOUR) j++;
    if (hour < to) bars.push(aggregate(minutes.slice(i, j), hour, model.decimals));
    i = j;
  }
  return bars;
}

/** One bar per session whose day starts in [from, to): stocks the regular session, crypto the UTC day. */
async function dayBars(model: SymbolModel, from: number, to: number, now: number): Promise<Bar[]> {
  const bars: Bar[] = [];
  let walked = 0;
  for (let day = Math.floor(from / DAY) - 1; day <= Math.floor(to / DAY) + 1; day++) {
    const session = sessionOn(model.calendar, day);
    if (!session || session.dayStart < from || session.dayStart >= to || session.start >= now) continue;
    if (session.end <= now) {
      const key = `${model.symbol}:${day}`;
      // A cold decade of crypto days walks 5 million minutes (about 2 s): let other requests run
      // every 20 walked sessions (~10 ms) instead of freezing the process for the whole of it.
      if (!dayCache.has(key) && ++walked % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
      bars.push(remember(dayCache, key, 100_000, () => sessionBar(model, session)));
    } else {
      bars.push(
        aggregate(
          minutesOf(model, session).filter((b) => b.t < now),
          session.dayStart,
          model.decimals,
        ),
      );
    }
  }
  return bars;
}

/** The session's bars so far at `at` (at least its first minute), and the session. */
function sessionSoFar(model: SymbolModel, at: number): { session: Session; minutes: Bar[] } {
  const session = sessionAtOrBefore(model.calendar, at - 1);
  return { session, minutes: minutesOf(model, session).filter((b) => b.t < at) };
}

function quoteOf(model: SymbolModel, at: number): Quote {
  const { session, minutes } = sessionSoFar(model, at);
  const day = aggregate(minutes, session.dayStart, model.decimals);
  const previousClose =
    model.calendar === "crypto"
      ? sessionSoFar(model, at - DAY).minutes.at(-1)!.c
      : minutesOf(model, sessionAtOrBefore(model.calendar, session.start - 1)).at(-1)!.c;
  const change = Math.round((day.c - previousClose) * 10 ** model.decimals) / 10 ** model.decimals;
  return {
    symbol: model.symbol,
    price: day.c,
    change,
    changePercent: Math.round((change / previousClose) * 1_000_000) / 10_000,
    open: day.o,
    dayHigh: day.h,
    dayLow: day.l,
    previousClose,
    volume: day.v,
    at: Math.min(at, session.end),
  };
}

/** Creates the simulated provider; `now` defaults to the real clock. */
export function createSimulatedProvider({ now = Date.now }: SimulatedProviderOptions = {}): SimulatedProvider {
  return {
    name: "simulated",
    simulated: true,
    handles: () => true,
    async quotes(symbols) {
      const at = now();
      return symbols.map((symbol) => quoteOf(modelOf(symbol), at));
    },
    async bars(symbol: string, timespan: Timespan, from: number, to: number) {
      const at = now();
      const model = modelOf(symbol);
      // Bounded whatever the caller checked: one call never computes more than its limit's minutes.
      const start = Math.max(from, to - BAR_RANGE_LIMITS[timespan].ms);
      if (timespan === "minute") return minuteBars(model, start, Math.min(to, at));
      if (timespan === "hour") return hourBars(model, start, to, at);
      return dayBars(model, start, to, at);
    },
    async search(query) {
      return searchCatalog(query);
    },
    async cryptoMarkets(ids) {
      const at = now();
      const markets: CryptoMarket[] = [];
      for (const id of ids) {
        const ticker = tickerOfCoinGeckoId(id);
        if (!ticker) continue;
        const model = modelOf(ticker);
        const quote = quoteOf(model, at);
        const window = aggregate(minuteBars(model, at - DAY, at), at - DAY, model.decimals);
        const supply = CIRCULATING_SUPPLY[ticker] ?? 1e9 * (1 + (model.seed % 50));
        markets.push({
          id,
          symbol: ticker,
          name: knownName(ticker) ?? ticker,
          price: quote.price,
          change24h: quote.change,
          changePercent24h: quote.changePercent,
          high24h: window.h,
          low24h: window.l,
          volume24h: Math.round(window.v * (window.vw ?? quote.price)),
          marketCap: Math.round(quote.price * supply),
          at,
        });
      }
      return markets;
    },
    async optionsChain(underlying) {
      const model = modelOf(underlying);
      if (!["stock", "etf", "index"].includes(model.assetClass)) {
        throw new MarketDataNotAvailableError(`Options chains are for stocks, ETFs and indices, not ${model.symbol}.`);
      }
      const at = now();
      return simulatedChain(model, quoteOf(model, at).price, at);
    },
    async earnings(symbol) {
      return simulatedEarnings(modelOf(symbol), now());
    },
    health: () => ({ provider: "simulated", circuit: "closed", lastError: null, lastErrorAt: null }),
  };
}
