// What kind of instrument a symbol names, from its shape alone (no provider call): providers are
// picked per asset class before anything is fetched, so this must be pure and cheap.
import type { AssetClass, MarketSymbol } from "./types.ts";

/** Crypto tickers members type, with their CoinGecko ids and names. */
export const CRYPTO_ASSETS: Readonly<Record<string, { id: string; name: string }>> = {
  BTC: { id: "bitcoin", name: "Bitcoin" },
  ETH: { id: "ethereum", name: "Ethereum" },
  SOL: { id: "solana", name: "Solana" },
  XRP: { id: "ripple", name: "XRP" },
  ADA: { id: "cardano", name: "Cardano" },
  DOGE: { id: "dogecoin", name: "Dogecoin" },
  AVAX: { id: "avalanche-2", name: "Avalanche" },
  DOT: { id: "polkadot", name: "Polkadot" },
  LINK: { id: "chainlink", name: "Chainlink" },
  LTC: { id: "litecoin", name: "Litecoin" },
  BNB: { id: "binancecoin", name: "BNB" },
  MATIC: { id: "matic-network", name: "Polygon" },
  POL: { id: "polygon-ecosystem-token", name: "POL (ex-MATIC)" },
  TRX: { id: "tron", name: "TRON" },
  SHIB: { id: "shiba-inu", name: "Shiba Inu" },
  BCH: { id: "bitcoin-cash", name: "Bitcoin Cash" },
  XLM: { id: "stellar", name: "Stellar" },
  ATOM: { id: "cosmos", name: "Cosmos Hub" },
  UNI: { id: "uniswap", name: "Uniswap" },
  USDT: { id: "tether", name: "Tether" },
  USDC: { id: "usd-coin", name: "USDC" },
};

/** Futures roots (CME/CBOT/NYMEX/COMEX), micro contracts included, with their names. */
export const FUTURES_ROOTS: Readonly<Record<string, string>> = {
  ES: "E-mini S&P 500",
  NQ: "E-mini Nasdaq-100",
  YM: "E-mini Dow",
  RTY: "E-mini Russell 2000",
  MES: "Micro E-mini S&P 500",
  MNQ: "Micro E-mini Nasdaq-100",
  MYM: "Micro E-mini Dow",
  M2K: "Micro E-mini Russell 2000",
  CL: "Crude Oil",
  MCL: "Micro Crude Oil",
  NG: "Natural Gas",
  GC: "Gold",
  MGC: "Micro Gold",
  SI: "Silver",
  HG: "Copper",
  ZB: "30-Year T-Bond",
  ZN: "10-Year T-Note",
  ZF: "5-Year T-Note",
  ZT: "2-Year T-Note",
  ZC: "Corn",
  ZS: "Soybeans",
  ZW: "Wheat",
  "6E": "Euro FX",
  "6J": "Japanese Yen",
  "6B": "British Pound",
  VX: "VIX Futures",
};

/** Exchange-traded funds among the well-known symbols (they trade like stocks; labelled ETF). */
const ETFS = new Set([
  "SPY",
  "QQQ",
  "IWM",
  "DIA",
  "VOO",
  "VTI",
  "GLD",
  "SLV",
  "TLT",
  "XLF",
  "XLE",
  "ARKK",
  "SMH",
  "USO",
]);
const INDICES = new Set(["SPX", "NDX", "VIX", "DJI", "RUT", "I:SPX", "I:NDX", "I:VIX"]);
const QUOTE_CURRENCIES = ["USDT", "USDC", "USD"];
const MONTH_CODES = "FGHJKMNQUVXZ";
/** OCC option symbology, with Polygon's optional "O:" prefix: root, YYMMDD, C/P, strike × 1000. */
const OCC = /^(?:O:)?([A-Z.]{1,6})(\d{6})([CP])(\d{8})$/;

/** The crypto ticker a symbol names ("X:BTCUSD", "BTC-USD", "BTCUSDT", "BTC" → "BTC"), else null. */
export function cryptoTicker(symbol: MarketSymbol): string | null {
  const bare = symbol.replace(/^X:/, "");
  if (CRYPTO_ASSETS[bare]) return bare;
  const [base, quote] = bare.split(/[-/]/);
  if (quote !== undefined) return QUOTE_CURRENCIES.includes(quote) && base && CRYPTO_ASSETS[base] ? base : null;
  for (const currency of QUOTE_CURRENCIES) {
    if (bare.endsWith(currency) && CRYPTO_ASSETS[bare.slice(0, -currency.length)])
      return bare.slice(0, -currency.length);
  }
  return null;
}

/** The futures root of "ES", "ESZ6", "ESZ26", "/ES" or "ES=F", else null. */
export function futuresRoot(symbol: MarketSymbol): string | null {
  const bare = symbol.replace(/^\//, "").replace(/=F$/, "");
  if (FUTURES_ROOTS[bare] !== undefined) return bare;
  const m = /^([A-Z0-9]{1,3})([A-Z])(\d{1,2})$/.exec(bare);
  return m && FUTURES_ROOTS[m[1]!] !== undefined && MONTH_CODES.includes(m[2]!) ? m[1]! : null;
}

/** The parts of an OCC option ticker, or null when `symbol` is not one. */
export function parseOptionTicker(
  symbol: MarketSymbol,
): { underlying: string; expiration: string; type: "call" | "put"; strike: number } | null {
  const m = OCC.exec(symbol);
  if (!m) return null;
  const [, underlying, ymd, cp, strike] = m as unknown as [string, string, string, string, string];
  return {
    underlying,
    expiration: `20${ymd.slice(0, 2)}-${ymd.slice(2, 4)}-${ymd.slice(4, 6)}`,
    type: cp === "C" ? "call" : "put",
    strike: Number(strike) / 1000,
  };
}

/** The asset class a symbol's shape says it is (anything unrecognised is a stock). */
export function classifySymbol(symbol: MarketSymbol): AssetClass {
  if (cryptoTicker(symbol)) return "crypto";
  if (parseOptionTicker(symbol)) return "option";
  if (INDICES.has(symbol)) return "index";
  if (futuresRoot(symbol)) return "future";
  if (symbol.startsWith("C:")) return "fx";
  if (ETFS.has(symbol)) return "etf";
  return "stock";
}

/** The symbol the rest of the domain keys on: crypto pairs become their ticker ("X:BTCUSD" → "BTC"). */
export function normalizeSymbol(symbol: MarketSymbol): MarketSymbol {
  const upper = symbol.trim().toUpperCase();
  return cryptoTicker(upper) ?? upper;
}

/** CoinGecko's id of a crypto ticker or pair ("BTC" → "bitcoin"), else null. */
export function coinGeckoId(symbol: MarketSymbol): string | null {
  const ticker = cryptoTicker(symbol.toUpperCase());
  return ticker ? CRYPTO_ASSETS[ticker]!.id : null;
}

/** The crypto ticker of a CoinGecko id ("bitcoin" → "BTC"), else null. */
export function tickerOfCoinGeckoId(id: string): MarketSymbol | null {
  for (const [ticker, asset] of Object.entries(CRYPTO_ASSETS)) if (asset.id === id) return ticker;
  return null;
}
