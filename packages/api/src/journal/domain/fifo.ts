// How fills become trades (BROKERS.md): on one account and instrument a trade runs flat to flat;
// scaling in and out stays inside it; a fill that crosses zero closes it and opens the opposite
// trade with the remainder. Realised P&L matches closing quantity against open lots first in,
// first out. Pure and exact (decimal arithmetic).
//
// A plain sale is not a short: when the broker says a fill closes ("Sell" rather than "Short",
// SELL_TO_CLOSE, Code C, TO CLOSE) and there is nothing (or not enough) open to close, what it
// closes was opened before the fills we were given. That part becomes a trade whose entry is
// unknown (`costBasisUnknown`): it has no P&L until the member gives the cost basis.
import { type Dec, dec, type DecimalLike, ZERO } from "./decimal.ts";

export type Side = "buy" | "sell";

export interface FillInput {
  executedAt: Date;
  side: Side;
  /** Positive. */
  quantity: DecimalLike;
  price: DecimalLike;
  fees?: DecimalLike;
  executionId?: string | null;
  /** What the broker says the fill does; absent when it does not say (a sale from flat then opens a short). */
  effect?: "open" | "close" | null;
}

/** A fill as it ends up in a trade; a fill that crossed zero appears in two trades, split pro rata. */
export interface TradeFill {
  executedAt: Date;
  side: Side;
  quantity: Dec;
  price: Dec;
  fees: Dec;
  executionId: string | null;
  /** Which part of a split fill this is (1 for unsplit fills and the closing part). */
  part: 1 | 2;
}

export interface BuiltTrade {
  direction: "long" | "short";
  status: "open" | "closed";
  /** The largest absolute position held. */
  quantity: Dec;
  /** Quantity-weighted average of the opening fills. */
  entryPrice: Dec;
  /** Quantity-weighted average of the closing fills; null before any exit. */
  exitPrice: Dec | null;
  entryAt: Date;
  exitAt: Date | null;
  fees: Dec;
  /** Realised P&L of the quantity closed so far (the whole trade once closed). */
  grossPnl: Dec;
  netPnl: Dec;
  /** Quantity still open (0 when closed). */
  openQuantity: Dec;
  fills: TradeFill[];
  /**
   * Closes a position opened before these fills: entry price and time are unknown (entryPrice is
   * 0, entryAt the first exit), grossPnl and netPnl mean nothing, and the trade is closed.
   */
  costBasisUnknown: boolean;
}

interface Lot {
  quantity: Dec;
  price: Dec;
}

type OpenTrade = BuiltTrade & {
  lots: Lot[];
  position: Dec;
  openedQty: Dec;
  openedValue: Dec;
  closedQty: Dec;
  closedValue: Dec;
};

/** Fills in time order; executions at the same instant keep their given order. */
export function sortFills<T extends { executedAt: Date }>(fills: T[]): T[] {
  return fills
    .map((fill, index) => ({ fill, index }))
    .sort((a, b) => a.fill.executedAt.getTime() - b.fill.executedAt.getTime() || a.index - b.index)
    .map(({ fill }) => fill);
}

/**
 * Builds the trades of one instrument on one account from its fills (any order; sorted by time).
 * The last trade is open when the position does not end flat.
 */
export function buildTrades(fills: FillInput[], { multiplier = 1 }: { multiplier?: DecimalLike } = {}): BuiltTrade[] {
  const mult = dec(multiplier);
  const trades: BuiltTrade[] = [];
  let current: OpenTrade | null = null;
  // Read through a function: TypeScript cannot see the closures below reassign `current`.
  const state = (): OpenTrade | null => current;

  const open = (fill: TradeFill) => {
    current = {
      direction: fill.side === "buy" ? "long" : "short",
      status: "open",
      quantity: ZERO,
      entryPrice: ZERO,
      exitPrice: null,
      entryAt: fill.executedAt,
      exitAt: null,
      fees: ZERO,
      grossPnl: ZERO,
      netPnl: ZERO,
      openQuantity: ZERO,
      fills: [],
      costBasisUnknown: false,
      lots: [],
      position: ZERO,
      openedQty: ZERO,
      openedValue: ZERO,
      closedQty: ZERO,
      closedValue: ZERO,
    };
  };

  const apply = (fill: TradeFill) => {
    if (!current) open(fill);
    const t = current!;
    t.fills.push(fill);
    t.fees = t.fees.plus(fill.fees);
    const adds = (t.direction === "long") === (fill.side === "buy");
    if (adds) {
      t.lots.push({ quantity: fill.quantity, price: fill.price });
      t.position = t.position.plus(fill.quantity);
      t.openedQty = t.openedQty.plus(fill.quantity);
      t.openedValue = t.openedValue.plus(fill.quantity.times(fill.price));
      if (t.position.greaterThan(t.quantity)) t.quantity = t.position;
    } else {
      let remaining = fill.quantity;
      while (remaining.greaterThan(0)) {
        const lot = t.lots[0]!;
        const matched = remaining.lessThan(lot.quantity) ? remaining : lot.quantity;
        const perUnit = t.direction === "long" ? fill.price.minus(lot.price) : lot.price.minus(fill.price);
        t.grossPnl = t.grossPnl.plus(perUnit.times(matched).times(mult));
        lot.quantity = lot.quantity.minus(matched);
        if (lot.quantity.isZero()) t.lots.shift();
        remaining = remaining.minus(matched);
      }
      t.position = t.position.minus(fill.quantity);
      t.closedQty = t.closedQty.plus(fill.quantity);
      t.closedValue = t.closedValue.plus(fill.quantity.times(fill.price));
      t.exitAt = fill.executedAt;
    }
    if (t.position.isZero()) finish("closed");
  };

  const finish = (status: "open" | "closed") => {
    const t = current!;
    const { lots: _lots, position, openedQty, openedValue, closedQty, closedValue, ...trade } = t;
    trades.push({
      ...trade,
      status,
      entryPrice: openedValue.dividedBy(openedQty),
      exitPrice: closedQty.isZero() ? null : closedValue.dividedBy(closedQty),
      exitAt: status === "closed" ? t.exitAt : null,
      netPnl: t.grossPnl.minus(t.fees),
      openQuantity: position,
    });
    current = null;
  };

  // Whether the trade built last was of unknown entry and nothing has happened since: a further
  // closing fill then adds to it (one position held from before, sold in several sales).
  let lastWasUnknown = false;
  /** A closing fill with nothing open to close: a trade of its own, or more of the one just before. */
  const closeUnknown = (fill: TradeFill) => {
    const direction = fill.side === "sell" ? "long" : "short";
    const last = trades.at(-1);
    if (last?.costBasisUnknown && last.direction === direction && lastWasUnknown) {
      const quantity = last.quantity.plus(fill.quantity);
      last.exitPrice = last.exitPrice!.times(last.quantity).plus(fill.price.times(fill.quantity)).dividedBy(quantity);
      last.quantity = quantity;
      last.exitAt = fill.executedAt;
      last.fees = last.fees.plus(fill.fees);
      last.netPnl = last.netPnl.minus(fill.fees);
      last.fills.push(fill);
      return;
    }
    trades.push({
      direction,
      status: "closed",
      quantity: fill.quantity,
      entryPrice: ZERO,
      exitPrice: fill.price,
      entryAt: fill.executedAt,
      exitAt: fill.executedAt,
      fees: fill.fees,
      grossPnl: ZERO,
      netPnl: ZERO.minus(fill.fees),
      openQuantity: ZERO,
      fills: [fill],
      costBasisUnknown: true,
    });
    lastWasUnknown = true;
  };

  for (const input of sortFills(fills)) {
    const quantity = dec(input.quantity);
    if (!quantity.greaterThan(0)) throw new RangeError("A fill's quantity must be positive");
    const fill: TradeFill = {
      executedAt: input.executedAt,
      side: input.side,
      quantity,
      price: dec(input.price),
      fees: dec(input.fees ?? 0),
      executionId: input.executionId ?? null,
      part: 1,
    };
    const t = state();
    const closes = input.effect === "close";
    if (closes && t === null) {
      closeUnknown(fill);
      continue;
    }
    lastWasUnknown = false;
    const reduces = t !== null && (t.direction === "long") !== (fill.side === "buy");
    if (reduces && quantity.greaterThan(t.position)) {
      // Crosses zero: close with part of the fill; the rest opens the opposite trade, or, when the
      // broker says the fill only closes, closes a position opened before these fills.
      const closing = t.position;
      const share = closing.dividedBy(quantity);
      const closingFees = fill.fees.times(share).toDecimalPlaces(4);
      apply({ ...fill, quantity: closing, fees: closingFees });
      const rest: TradeFill = {
        ...fill,
        quantity: quantity.minus(closing),
        fees: fill.fees.minus(closingFees),
        part: 2,
      };
      if (closes) closeUnknown(rest);
      else apply(rest);
    } else {
      apply(fill);
    }
  }
  if (state()) finish("open");
  return trades;
}
