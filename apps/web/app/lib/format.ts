// The numbers a trader scans, formatted one way everywhere (issue 13). Amounts use the ASCII
// hyphen-minus that Intl writes ("-$12.50"): one minus sign throughout, and a copied figure still
// parses in a spreadsheet.

// Building an Intl.NumberFormat costs far more than formatting with one (it was the page's top
// function in a profile of the journal list), so each one is built once and kept.
const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat("en-US", options);
    formatters.set(key, format);
  }
  return format;
}

type Amount = string | number | null | undefined;

const isMissing = (value: Amount): value is null | undefined => value === null || value === undefined || value === "";

/** Whether a P&L is a gain, a loss or flat (zero, a scratch, or none): the colour follows it. */
export type PnlTone = "gain" | "loss" | "flat";

/**
 * The tone of a P&L: "gain" above zero, "loss" below, "flat" at zero or when there is none. It is
 * judged on the cents shown, so a colour never appears beside an unsigned "$0.00".
 */
export function pnlTone(value: Amount): PnlTone {
  if (isMissing(value)) return "flat";
  const cents = Math.round(Number(value) * 100);
  return cents > 0 ? "gain" : cents < 0 ? "loss" : "flat";
}

/** A P&L always with its sign: "+$1,234.50", "-$1,234.50", "$0.00"; "—" when there is none. */
export function formatPnl(value: Amount, currency = "USD"): string {
  if (isMissing(value)) return "—";
  return numberFormat({ style: "currency", currency, signDisplay: "exceptZero" }).format(Number(value));
}

/**
 * A P&L short enough for a phone's calendar cell: signed, no currency symbol, compact above a
 * thousand: "+43", "-420", "+1.2K", "-12K"; "—" when there is none. The full amount is shown beside it.
 */
export function formatPnlCompact(value: Amount): string {
  if (isMissing(value)) return "—";
  return numberFormat({ notation: "compact", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(
    Math.round(Number(value)),
  );
}

/** Kept for callers that pass a formatter around (charts): the same as formatPnl. */
export const money = (value: Amount, currency = "USD") => formatPnl(value, currency);

/** A cost or a balance, never with a plus sign: "$54.00"; "—" when there is none. */
export function formatMoney(value: Amount, currency = "USD"): string {
  if (isMissing(value)) return "—";
  return numberFormat({ style: "currency", currency }).format(Number(value));
}

/** A count with thousands separators: "12,000"; "—" when it was not counted. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return numberFormat({ maximumFractionDigits: 0 }).format(value);
}

/** A quantity: thousands separators, up to 8 decimals (crypto), no trailing zeros: "1,500", "0.125". */
export function formatQuantity(value: Amount): string {
  if (isMissing(value)) return "—";
  return numberFormat({ maximumFractionDigits: 8 }).format(Number(value));
}

/** A share (0.333 for 33.3 %) as a percentage with one decimal: "33.3%"; "—" when there is none. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return "—";
  return numberFormat({ style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio);
}

/** An R multiple with its sign and 2 decimals: "+1.50R", "-0.75R", "0.00R"; "—" when there is none. */
export function formatR(value: Amount): string {
  if (isMissing(value)) return "—";
  return `${numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "exceptZero" }).format(Number(value))}R`;
}

/** A ratio such as the profit factor with 2 decimals: "1.75", "∞"; "—" when there is none. */
export function formatRatio(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (!Number.isFinite(value)) return "∞";
  return numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

export type PriceInstrument = { assetClass?: string | null; symbol?: string | null };

// Minimum price moves of the most traded CME/ICE contracts, by root. A contract not listed here
// shows up to 4 decimals. Treasury futures (quoted in 32nds) are left out: decimals cannot show them.
const FUTURES_TICKS: Record<string, number> = {
  ES: 0.25,
  MES: 0.25,
  NQ: 0.25,
  MNQ: 0.25,
  YM: 1,
  MYM: 1,
  RTY: 0.1,
  M2K: 0.1,
  CL: 0.01,
  MCL: 0.01,
  NG: 0.001,
  GC: 0.1,
  MGC: 0.1,
  SI: 0.005,
  HG: 0.0005,
  "6E": 0.00005,
  "6J": 0.0000005,
  "6B": 0.0001,
  ZC: 0.25,
  ZS: 0.25,
  ZW: 0.25,
};

/** The root of a futures symbol: "ESZ5", "ESZ25", "/ESZ5" → "ES"; a bare root is itself. */
function futuresRoot(symbol: string): string {
  const bare = symbol.replace(/^\//, "").toUpperCase();
  return bare.match(/^([A-Z0-9]{1,4}?)[FGHJKMNQUVXZ]\d{1,2}$/)?.[1] ?? bare;
}

const decimalsOf = (tick: number) =>
  String(tick).includes("e-") ? Number(String(tick).split("e-")[1]) : (String(tick).split(".")[1] ?? "").length;

/**
 * A price with the decimals that matter for its instrument: stocks and options 2 (4 below $1),
 * futures the decimals of the contract's tick (up to 4 when unknown), crypto up to 8 and forex up
 * to 5 with trailing zeros trimmed to 2; thousands separators throughout. "—" when there is none.
 */
export function formatPrice(value: Amount, instrument: PriceInstrument = {}): string {
  if (isMissing(value)) return "—";
  const n = Number(value);
  const digits = (min: number, max: number) =>
    numberFormat({ minimumFractionDigits: min, maximumFractionDigits: max }).format(n);
  switch (instrument.assetClass) {
    case "future": {
      const tick = instrument.symbol ? FUTURES_TICKS[futuresRoot(instrument.symbol)] : undefined;
      if (tick === undefined) return digits(2, 4);
      const decimals = decimalsOf(tick);
      return digits(decimals, decimals);
    }
    case "crypto":
      return digits(2, 8);
    case "forex":
      return digits(2, 5);
    default:
      return Math.abs(n) < 1 && n !== 0 ? digits(2, 4) : digits(2, 2);
  }
}
