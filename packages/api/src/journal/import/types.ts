import type { AssetClass } from "../domain/instruments.ts";
import type { CorporateAction } from "./corporate-actions.ts";

export { BROKERS, BROKER_LABELS, type BrokerName } from "../../constants.ts";

/** One execution read from a broker file, ready to become part of a trade. */
export interface ParsedFill {
  /** Line of the file it came from. */
  line: number;
  /** The underlying, upper-case. */
  symbol: string;
  assetClass: AssetClass;
  side: "buy" | "sell";
  /** Positive decimal string. */
  quantity: string;
  price: string;
  /** Total fees of the execution, positive. */
  fees: string;
  executedAt: Date;
  executionId: string;
  multiplier: string;
  option: { expiry: string; strike: string; right: "call" | "put" } | null;
  /**
   * Whether the broker says the fill opens or closes a position ("Short" vs "Sell", SELL_TO_OPEN vs
   * SELL_TO_CLOSE, Code O/C, TO OPEN/TO CLOSE); absent when it does not say. A closing fill with
   * nothing open to close becomes a trade opened before the import, never a short.
   */
  effect?: "open" | "close" | null;
  /** The broker's order the execution belongs to, when the file says (Tastytrade "Order #"): a multi-leg order's legs share it. */
  orderId?: string | null;
}

export interface RowError {
  line: number;
  column?: string;
  message: string;
  /** A futures root whose point value we don't know, on the row set aside for it: the preview asks the member. */
  futuresRoot?: string;
}

export interface ParseResult {
  fills: ParsedFill[];
  errors: RowError[];
  /** Rows that are not executions (cash movements, cancelled orders…), skipped on purpose. */
  skipped: number;
  /** Splits, symbol changes and cash mergers, applied to the open positions when the file is imported. */
  actions?: CorporateAction[];
  /** Options expired, assigned or exercised, and what the file's rows for them did. */
  notices?: OptionNotice[];
  /** The currencies the file's executions are in, each with the first line in it, when the file says. */
  currencies?: { currency: string; line: number }[];
  /** Rows set aside or read with an assumption, which do not stop the file (a futures contract whose point value we don't know). */
  warnings?: RowError[];
}

/** An option's end, for the preview: its line, and what became of it and of the shares. */
export interface OptionNotice {
  line: number;
  kind: "expiration" | "assignment" | "exercise";
  symbol: string;
  description: string;
}

export interface ParseOptions {
  /** The zone times without one are read in (readBrokerFile: the member's, unless the broker's or a chosen one applies). */
  timeZone: string;
  /** The zone the member chose for the file's times on the import page, over the broker's. */
  fileTimeZone?: string;
  /** Tradovate: commission and fees per contract per side, by futures root, over our estimates. */
  feesPerContract?: Record<string, string>;
  /** Futures: the member's point values by root (dollars per 1.0 of price), for roots our table lacks. */
  pointValues?: Record<string, string>;
}

/** Groups fills of the same instrument: a stock, one option series, one futures contract. */
export function instrumentKey(fill: Pick<ParsedFill, "symbol" | "assetClass" | "option">): string {
  return fill.option
    ? `${fill.symbol} ${fill.option.expiry} ${fill.option.strike} ${fill.option.right}`
    : `${fill.assetClass}:${fill.symbol}`;
}
