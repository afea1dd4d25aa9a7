// The market domain's contract: what a provider answers (MarketDataProvider) and what the rest of
// the router asks (MarketData, on every request's context as `ctx.market`). Times are epoch
// milliseconds (numbers, so values cache as JSON in Redis unchanged); prices are plain numbers in
// the instrument's currency, always finite (a provider answer that would give NaN is an error).

// "newsapi" serves market.news only (news.ts); quotes and bars never come from it.
export type ProviderName = "simulated" | "massive" | "coingecko" | "newsapi";
export type AssetClass = "stock" | "etf" | "crypto" | "future" | "option" | "index" | "fx";
export type Timespan = "minute" | "hour" | "day";

/** Symbols as members type them, upper-cased: `^[A-Z0-9./:-]{1,16}$` (validation/market.ts parses them). */
export type MarketSymbol = string;

export interface Quote {
  symbol: MarketSymbol;
  price: number;
  /** Change from the previous close (24 h ago for crypto), in price units and percent. */
  change: number | null;
  changePercent: number | null;
  open: number | null;
  dayHigh: number | null;
  dayLow: number | null;
  previousClose: number | null;
  volume: number | null;
  /** When the price was made (the last trade), epoch ms. */
  at: number;
}

/** One OHLCV bar; `t` is the bar's START, epoch ms. Minute bars aggregate exactly into hour and day bars. */
export interface Bar {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  /** Volume-weighted average price and number of trades, when the provider has them. */
  vw: number | null;
  n: number | null;
}

export interface SymbolMatch {
  symbol: MarketSymbol;
  name: string;
  assetClass: AssetClass;
  exchange: string | null;
}

export interface CryptoMarket {
  /** Provider id (CoinGecko's "bitcoin"), and the ticker members type ("BTC"). */
  id: string;
  symbol: MarketSymbol;
  name: string;
  price: number;
  change24h: number | null;
  changePercent24h: number | null;
  high24h: number | null;
  low24h: number | null;
  volume24h: number | null;
  marketCap: number | null;
  at: number;
}

export interface OptionContract {
  ticker: string;
  type: "call" | "put";
  strike: number;
  /** YYYY-MM-DD */
  expiration: string;
  bid: number | null;
  ask: number | null;
  last: number | null;
  impliedVolatility: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
  openInterest: number | null;
  volume: number | null;
}

export interface OptionsChain {
  underlying: MarketSymbol;
  underlyingPrice: number | null;
  at: number;
  contracts: OptionContract[];
}

export interface EarningsEvent {
  symbol: MarketSymbol;
  /** YYYY-MM-DD */
  date: string;
  /** "bmo" before market open, "amc" after close, null unknown. */
  time: "bmo" | "amc" | null;
  epsEstimate: number | null;
  epsActual: number | null;
  revenueEstimate: number | null;
  revenueActual: number | null;
}

export interface NewsItem {
  title: string;
  url: string;
  source: string;
  publishedAt: number;
  summary: string | null;
  symbols: MarketSymbol[];
}

/** Why a provider call failed. The service turns these into stale values, "unavailable" or "not found". */
export type ProviderErrorKind =
  "network" | "timeout" | "http" | "rate-limited" | "malformed" | "circuit-open" | "not-found";

/** Every failure a provider reports is one of these (never a raw fetch/zod error). */
export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export interface ProviderHealth {
  provider: ProviderName;
  circuit: "closed" | "open" | "half-open";
  lastError: string | null;
  /** Epoch ms of the last failure, null if none. */
  lastErrorAt: number | null;
}

/** One source of market data. Optional methods are absent where the provider has no such data. */
export interface MarketDataProvider {
  readonly name: ProviderName;
  /** True for the simulated provider: every page that shows its data says "simulated". */
  readonly simulated: boolean;
  /** Which symbols this provider answers (e.g. CoinGecko only crypto). */
  handles(symbol: MarketSymbol, assetClass: AssetClass): boolean;
  /** Quotes for the symbols it knows; unknown symbols are left out of the answer, not errors. */
  quotes(symbols: MarketSymbol[], signal?: AbortSignal): Promise<Quote[]>;
  /** Bars with `from <= t < to` (epoch ms), oldest first. */
  bars(symbol: MarketSymbol, timespan: Timespan, from: number, to: number, signal?: AbortSignal): Promise<Bar[]>;
  search(query: string, signal?: AbortSignal): Promise<SymbolMatch[]>;
  cryptoMarkets?(ids: string[], signal?: AbortSignal): Promise<CryptoMarket[]>;
  optionsChain?(underlying: MarketSymbol, signal?: AbortSignal): Promise<OptionsChain>;
  earnings?(symbol: MarketSymbol, signal?: AbortSignal): Promise<EarningsEvent[]>;
  /** Circuit state and last error (HTTP providers; the simulated one is always closed). */
  health?(): ProviderHealth;
}

/** What the service answers: the data, where it came from, and how fresh it is. */
export interface MarketResult<T> {
  data: T;
  source: ProviderName;
  /** From the simulated provider: shown as "simulated". */
  simulated: boolean;
  /** The provider failed and this is the last good value: shown as "delayed" with `asOf`. */
  stale: boolean;
  /** When this value was fetched from the provider, epoch ms. */
  asOf: number;
  /** What did not work while the rest did (e.g. minute bars failed, day bars served). */
  warnings: string[];
}

/** The provider failed and there is no earlier value to serve: the page says "unavailable". */
export class MarketUnavailableError extends Error {
  constructor(
    readonly provider: ProviderName,
    message = "Market data is unavailable right now.",
  ) {
    super(message);
    this.name = "MarketUnavailableError";
  }
}

/** No provider knows the symbol; `suggestions` come from search. */
export class SymbolNotFoundError extends Error {
  constructor(
    readonly symbol: MarketSymbol,
    readonly suggestions: SymbolMatch[],
  ) {
    super(`No market data for ${symbol}.`);
    this.name = "SymbolNotFoundError";
  }
}

/** The tier a feature needs is above the member's; or the provider simply lacks the data. */
export class MarketDataNotAvailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MarketDataNotAvailableError";
  }
}

export interface BarsOptions {
  /** Serve coarser bars (with a warning) when the asked size fails and nothing stale is kept. */
  coarser?: boolean;
}

/**
 * The market service on `ctx.market`: picks the provider for each symbol, caches per kind (Redis
 * when configured, else in process) with single-flight, wraps calls in retry/timeout/breaker, and
 * serves the last good value marked stale when a provider fails. Throws MarketUnavailableError,
 * SymbolNotFoundError or MarketDataNotAvailableError; never a raw provider error.
 */
export interface MarketData {
  quote(symbol: MarketSymbol): Promise<MarketResult<Quote>>;
  /** Quotes for many symbols at once (watchlists, the ticker); symbols that failed are in warnings. */
  quotes(symbols: MarketSymbol[]): Promise<MarketResult<Quote[]>>;
  /**
   * Bars `from <= t < to`, oldest first, and the bar size they are. With `coarser`, minute or hour
   * bars that fail with nothing stale to serve are replaced by the next coarser size that works
   * (hour, then day), with a warning: what worked, never only an error.
   */
  bars(
    symbol: MarketSymbol,
    timespan: Timespan,
    from: number,
    to: number,
    options?: BarsOptions,
  ): Promise<MarketResult<Bar[]> & { timespan: Timespan }>;
  search(query: string): Promise<MarketResult<SymbolMatch[]>>;
  cryptoMarkets(ids: string[]): Promise<MarketResult<CryptoMarket[]>>;
  optionsChain(underlying: MarketSymbol): Promise<MarketResult<OptionsChain>>;
  earnings(symbol: MarketSymbol): Promise<MarketResult<EarningsEvent[]>>;
  /** Which provider serves a symbol, and whether it is simulated (for labels before any call). */
  providerFor(symbol: MarketSymbol): { name: ProviderName; simulated: boolean };
  /** Each provider's circuit state and last error, for the system page. */
  health(): ProviderHealth[];
}
