// Values the browser needs as well as the server (form options, limits shown before sending).
// This file imports nothing, so vite.config.ts lets `@tradecraft/api/constants` into the client
// bundle while the rest of the package stays server-only.

export const ASSET_CLASSES = ["stock", "option", "future", "crypto", "forex"] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

export const BROKERS = ["generic", "ibkr", "thinkorswim", "tradovate", "webull", "robinhood", "tastytrade"] as const;
export type BrokerName = (typeof BROKERS)[number];

export const BROKER_LABELS: Record<BrokerName, string> = {
  generic: "Tradecraft CSV (generic)",
  ibkr: "Interactive Brokers Flex trade confirmation",
  thinkorswim: "thinkorswim account statement",
  tradovate: "Tradovate orders",
  webull: "Webull orders",
  robinhood: "Robinhood activity",
  tastytrade: "Tastytrade history",
};

/**
 * The zone a broker's file times are in when the file names none: US brokers that write exchange
 * (New York) time. Other files are read in the member's zone, unless they choose one on the import page.
 */
export const BROKER_TIME_ZONES: Partial<Record<BrokerName, string>> = {
  thinkorswim: "America/New_York",
  ibkr: "America/New_York",
  webull: "America/New_York",
};

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/**
 * Our estimate of what one contract costs per side (commission + exchange + NFA fee) on
 * Tradovate's free plan, in USD. Plans and exchange fees change: a member passes their own
 * table (`feesPerContract`), whose entries win over these.
 */
export const TRADOVATE_DEFAULT_FEES: Record<string, string> = {
  ES: "2.69",
  NQ: "2.69",
  YM: "2.69",
  RTY: "2.69",
  MES: "0.72",
  MNQ: "0.72",
  MYM: "0.72",
  M2K: "0.72",
  CL: "2.83",
  MCL: "0.87",
  GC: "2.83",
  MGC: "0.87",
  SI: "2.83",
  ZB: "2.13",
  ZN: "2.13",
  "6E": "2.90",
};

export type ImageContentType = "image/png" | "image/jpeg" | "image/webp" | "image/gif";
export const IMAGE_CONTENT_TYPES: readonly ImageContentType[] = ["image/png", "image/jpeg", "image/webp", "image/gif"];
export const MAX_SCREENSHOTS_PER_TRADE = 20;

/** The longest message the coach accepts, in characters (the form says so too). */
export const MAX_MESSAGE_CHARS = 8000;
