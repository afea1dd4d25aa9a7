// Maximum favourable and adverse excursion (MFE/MAE) of a closed trade, from the bars between its
// entry and its exit. Pure: no I/O; journal/enrich.handler.ts fetches the bars and stores the result.
//
// Conventions (also on the Trade columns): MFE >= 0 >= MAE, in dollars and in R. They come from the
// trade's running P&L, cash + position × price, evaluated at every bar's high and low while each
// position was held and at every fill's price. Entry is a fill, so MFE can never be below 0 (nor
// MAE above). With fills, the position is the one actually held between them (a scale-in's first
// lot is not charged with the second lot's size); without fills, or with fills that do not take
// the position from flat to flat, the trade's largest position is held from entry to exit.
// A bar that contains a fill counts for the positions before and after it: a bar has no order
// inside it, so the excursion is the bar's reach, which can slightly overstate it there.
import type { Bar } from "./types.ts";
import { dec, type DecimalLike, type Dec, ZERO } from "../journal/domain/decimal.ts";

export interface ExcursionFill {
  /** Epoch ms. */
  at: number;
  side: "buy" | "sell";
  quantity: DecimalLike;
  price: DecimalLike;
}

export interface ExcursionTrade {
  direction: "long" | "short";
  entryPrice: DecimalLike;
  exitPrice: DecimalLike;
  /** The window: epoch ms of the entry and of the exit (assumed times for date-only trades). */
  entryAt: number;
  exitAt: number;
  /** Largest position held. */
  quantity: DecimalLike;
  multiplier: DecimalLike;
  /** All the trade's fees, in dollars. */
  fees: DecimalLike;
  /** Dollars at risk at entry; null when unknown (no R then). */
  initialRisk: DecimalLike | null;
  /** The trade's fills, when its times are real; omitted for date-only trades. */
  fills?: ExcursionFill[];
}

export interface Excursions {
  /** Best and worst price for the position in the window (bars' highs and lows and fill prices). */
  mfePrice: Dec;
  maePrice: Dec;
  /** Dollars: mfe >= 0 >= mae. */
  mfe: Dec;
  mae: Dec;
  mfeR: Dec | null;
  maeR: Dec | null;
  /** The P&L had everything been closed at the best moment in the window, net of the fees. */
  bestExitPnl: Dec;
  /** Gross P&L / best exit gross P&L, in [-1, 1]; null when the trade was never in profit. */
  exitEfficiency: number | null;
  /** Whether the position actually held was followed ("fills") or the largest one assumed ("max"). */
  position: "fills" | "max";
  /** How many bars fell in the window. */
  barCount: number;
}

export type ExcursionResult = { ok: true; excursions: Excursions } | { ok: false; reason: string };

interface PositionState {
  /** Signed: positive long, negative short. */
  position: Dec;
  /** Cash from the fills so far (sales add, purchases subtract), per unit of multiplier. */
  cash: Dec;
  from: number;
  to: number;
}

/**
 * The positions held between the fills (sorted by time) and the cash at the end (the gross P&L per
 * unit of multiplier), or null when the fills do not go from flat to flat in the trade's direction.
 */
function statesFromFills(
  sorted: ExcursionFill[],
  direction: "long" | "short",
): { states: PositionState[]; finalCash: Dec } | null {
  if (sorted.length < 2) return null;
  const states: PositionState[] = [];
  let position = ZERO;
  let cash = ZERO;
  for (const [i, fill] of sorted.entries()) {
    const q = fill.side === "buy" ? dec(fill.quantity) : dec(fill.quantity).negated();
    position = position.plus(q);
    cash = cash.minus(q.times(fill.price));
    const isLast = i === sorted.length - 1;
    if (isLast !== position.isZero()) return null;
    if (!isLast && (direction === "long" ? position.isNegative() : position.isPositive())) return null;
    if (!isLast) states.push({ position, cash, from: fill.at, to: sorted[i + 1]!.at });
  }
  return { states, finalCash: cash };
}

/** The largest position held from entry to exit: the fallback without usable fills. */
function maxPositionState(trade: ExcursionTrade): PositionState {
  const quantity = dec(trade.quantity);
  const position = trade.direction === "long" ? quantity : quantity.negated();
  return { position, cash: position.times(trade.entryPrice).negated(), from: trade.entryAt, to: trade.exitAt };
}

/** Whether the bar [t, t + barMs) shares an instant with [from, to]. */
const overlaps = (bar: Bar, barMs: number, from: number, to: number) => bar.t <= to && bar.t + barMs > from;

/** Gross P&L / best exit gross P&L, bounded to [-1, 1]; null when the best exit was not a profit. */
export function exitEfficiency(grossPnl: DecimalLike, bestExitGross: DecimalLike): number | null {
  const best = dec(bestExitGross);
  if (!best.isPositive() || best.isZero()) return null;
  const ratio = dec(grossPnl).dividedBy(best).toDecimalPlaces(4).toNumber();
  return Math.min(1, Math.max(-1, ratio));
}

/**
 * MFE/MAE of a closed trade from bars of `barMs` milliseconds (60,000 for minute bars); a result
 * with a reason instead when no bar falls between its entry and its exit.
 */
export function computeExcursions(trade: ExcursionTrade, bars: Bar[], barMs: number): ExcursionResult {
  if (!(trade.exitAt >= trade.entryAt)) return { ok: false, reason: "The trade's exit is before its entry." };
  const window = bars.filter((b) => overlaps(b, barMs, trade.entryAt, trade.exitAt));
  if (window.length === 0) {
    return { ok: false, reason: "The market data provider has no bars between this trade's entry and exit." };
  }
  const fills = [...(trade.fills ?? [])].sort((a, b) => a.at - b.at);
  const fromFills = statesFromFills(fills, trade.direction);
  const fallback = maxPositionState(trade);
  const states = fromFills?.states ?? [fallback];
  const mult = dec(trade.multiplier);
  const isLong = trade.direction === "long";

  // Prices where the running P&L is evaluated: fill prices with the position held just before the
  // fill (entry gives 0), and each state's highest high and lowest low over its bars.
  const fillPoints: { state: PositionState | null; price: DecimalLike }[] = fromFills
    ? fills.map((f, i) => ({ state: i === 0 ? null : fromFills.states[i - 1]!, price: f.price }))
    : [
        { state: null, price: trade.entryPrice },
        { state: fallback, price: trade.exitPrice },
      ];
  let best = ZERO;
  let worst = ZERO;
  const consider = (state: PositionState | null, price: DecimalLike) => {
    const pnl = state ? state.cash.plus(state.position.times(price)) : ZERO;
    if (pnl.greaterThan(best)) best = pnl;
    if (pnl.lessThan(worst)) worst = pnl;
  };
  for (const point of fillPoints) consider(point.state, point.price);
  for (const state of states) {
    let high = -Infinity;
    let low = Infinity;
    for (const bar of window) {
      if (!overlaps(bar, barMs, state.from, state.to)) continue;
      high = Math.max(high, bar.h);
      low = Math.min(low, bar.l);
    }
    if (high === -Infinity) continue;
    consider(state, high);
    consider(state, low);
  }

  const highs = [...window.map((b) => dec(b.h)), ...fillPoints.map((p) => dec(p.price))];
  const lows = [...window.map((b) => dec(b.l)), ...fillPoints.map((p) => dec(p.price))];
  const highest = highs.reduce((a, b) => (b.greaterThan(a) ? b : a));
  const lowest = lows.reduce((a, b) => (b.lessThan(a) ? b : a));
  const grossPnl = fromFills?.finalCash ?? fallback.cash.plus(fallback.position.times(trade.exitPrice));
  const bestGross = best.times(mult);
  const risk = trade.initialRisk === null ? null : dec(trade.initialRisk);
  const perRisk = (d: Dec) =>
    risk && risk.isPositive() && !risk.isZero() ? d.dividedBy(risk).toDecimalPlaces(4) : null;
  const mfe = bestGross.toDecimalPlaces(4);
  const mae = worst.times(mult).toDecimalPlaces(4);
  return {
    ok: true,
    excursions: {
      mfePrice: (isLong ? highest : lowest).toDecimalPlaces(8),
      maePrice: (isLong ? lowest : highest).toDecimalPlaces(8),
      mfe,
      mae,
      mfeR: perRisk(mfe),
      maeR: perRisk(mae),
      bestExitPnl: bestGross.minus(trade.fees).toDecimalPlaces(4),
      exitEfficiency: exitEfficiency(grossPnl.times(mult), bestGross),
      position: fromFills ? "fills" : "max",
      barCount: window.length,
    },
  };
}
