// The simulated provider's reference data: well-known symbols with names and the price level
// their simulated walk is anchored near, so the offline app looks plausible (AAPL near 190, not 37).
import { CRYPTO_ASSETS, classifySymbol, FUTURES_ROOTS, futuresRoot } from "./symbols.ts";
import type { AssetClass, MarketSymbol, SymbolMatch } from "./types.ts";

interface Known {
  name: string;
  exchange: string | null;
  anchor: number;
}

const STOCKS: Record<string, Known> = {
  AAPL: { name: "Apple Inc.", exchange: "XNAS", anchor: 190 },
  MSFT: { name: "Microsoft Corporation", exchange: "XNAS", anchor: 420 },
  TSLA: { name: "Tesla, Inc.", exchange: "XNAS", anchor: 250 },
  NVDA: { name: "NVIDIA Corporation", exchange: "XNAS", anchor: 130 },
  AMZN: { name: "Amazon.com, Inc.", exchange: "XNAS", anchor: 185 },
  GOOGL: { name: "Alphabet Inc. Class A", exchange: "XNAS", anchor: 170 },
  META: { name: "Meta Platforms, Inc.", exchange: "XNAS", anchor: 520 },
  AMD: { name: "Advanced Micro Devices, Inc.", exchange: "XNAS", anchor: 150 },
  NFLX: { name: "Netflix, Inc.", exchange: "XNAS", anchor: 650 },
  JPM: { name: "JPMorgan Chase & Co.", exchange: "XNYS", anchor: 210 },
  BAC: { name: "Bank of America Corporation", exchange: "XNYS", anchor: 40 },
  XOM: { name: "Exxon Mobil Corporation", exchange: "XNYS", anchor: 115 },
  KO: { name: "The Coca-Cola Company", exchange: "XNYS", anchor: 65 },
  DIS: { name: "The Walt Disney Company", exchange: "XNYS", anchor: 100 },
  COIN: { name: "Coinbase Global, Inc.", exchange: "XNAS", anchor: 230 },
  PLTR: { name: "Palantir Technologies Inc.", exchange: "XNAS", anchor: 40 },
  SPY: { name: "SPDR S&P 500 ETF Trust", exchange: "ARCX", anchor: 560 },
  QQQ: { name: "Invesco QQQ Trust", exchange: "XNAS", anchor: 480 },
  IWM: { name: "iShares Russell 2000 ETF", exchange: "ARCX", anchor: 215 },
  DIA: { name: "SPDR Dow Jones Industrial Average ETF", exchange: "ARCX", anchor: 410 },
  GLD: { name: "SPDR Gold Shares", exchange: "ARCX", anchor: 230 },
  TLT: { name: "iShares 20+ Year Treasury Bond ETF", exchange: "XNAS", anchor: 95 },
  SPX: { name: "S&P 500 Index", exchange: null, anchor: 5600 },
  NDX: { name: "Nasdaq-100 Index", exchange: null, anchor: 20000 },
  VIX: { name: "CBOE Volatility Index", exchange: null, anchor: 16 },
};

const CRYPTO_ANCHORS: Record<string, number> = {
  BTC: 95000,
  ETH: 3500,
  SOL: 180,
  XRP: 0.6,
  ADA: 0.45,
  DOGE: 0.15,
  AVAX: 35,
  DOT: 7,
  LINK: 15,
  LTC: 80,
  BNB: 580,
  MATIC: 0.7,
  POL: 0.5,
  TRX: 0.12,
  SHIB: 0.00002,
  BCH: 380,
  XLM: 0.11,
  ATOM: 8,
  UNI: 9,
  USDT: 1,
  USDC: 1,
};

const FUTURES_ANCHORS: Record<string, number> = {
  ES: 5600,
  MES: 5600,
  NQ: 20000,
  MNQ: 20000,
  YM: 42000,
  MYM: 42000,
  RTY: 2200,
  M2K: 2200,
  CL: 75,
  MCL: 75,
  NG: 2.8,
  GC: 2400,
  MGC: 2400,
  SI: 29,
  HG: 4.3,
  ZB: 118,
  ZN: 110,
  ZF: 107,
  ZT: 102,
  ZC: 420,
  ZS: 1050,
  ZW: 560,
  "6E": 1.09,
  "6J": 0.0068,
  "6B": 1.28,
  VX: 17,
};

/** A 32-bit FNV-1a hash of a string: the seed of everything simulated about a symbol. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The price level a symbol's simulated walk hovers around (unknown symbols: 10–500 from a hash). */
export function anchorPrice(symbol: MarketSymbol, assetClass: AssetClass): number {
  const known = STOCKS[symbol]?.anchor ?? CRYPTO_ANCHORS[symbol];
  if (known !== undefined) return known;
  const root = assetClass === "future" ? futuresRoot(symbol) : null;
  if (root && FUTURES_ANCHORS[root] !== undefined) return FUTURES_ANCHORS[root];
  const unit = hashString(`anchor:${symbol}`) / 2 ** 32;
  if (assetClass === "option") return Math.round((0.5 + unit * 19.5) * 100) / 100;
  if (assetClass === "fx") return Math.round((0.5 + unit * 1.5) * 10_000) / 10_000;
  return Math.round(10 + unit * 490);
}

/** Every symbol the simulated provider can name, for search. */
function catalog(): SymbolMatch[] {
  const stocks = Object.entries(STOCKS).map(([symbol, k]) => ({
    symbol,
    name: k.name,
    assetClass: classifySymbol(symbol),
    exchange: k.exchange,
  }));
  const crypto = Object.entries(CRYPTO_ASSETS).map(([symbol, a]) => ({
    symbol,
    name: a.name,
    assetClass: "crypto" as const,
    exchange: null,
  }));
  const futures = Object.entries(FUTURES_ROOTS).map(([symbol, name]) => ({
    symbol,
    name,
    assetClass: "future" as const,
    exchange: "CME",
  }));
  return [...stocks, ...crypto, ...futures];
}
const CATALOG = catalog();

/** Up to `limit` well-known symbols: exact symbol first, then symbol prefixes, then name substrings. */
export function searchCatalog(query: string, limit = 10): SymbolMatch[] {
  const q = query.trim().toUpperCase();
  if (!q) return [];
  const rank = (m: SymbolMatch) =>
    m.symbol === q ? 0 : m.symbol.startsWith(q) ? 1 : m.name.toUpperCase().includes(q) ? 2 : 3;
  return CATALOG.map((m) => ({ m, r: rank(m) }))
    .filter((x) => x.r < 3)
    .sort((a, b) => a.r - b.r || a.m.symbol.localeCompare(b.m.symbol))
    .slice(0, limit)
    .map((x) => x.m);
}

/** The display name of a symbol when it is well known. */
export function knownName(symbol: MarketSymbol): string | null {
  return STOCKS[symbol]?.name ?? CRYPTO_ASSETS[symbol]?.name ?? FUTURES_ROOTS[symbol] ?? null;
}
