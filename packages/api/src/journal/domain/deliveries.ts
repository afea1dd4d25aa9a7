// Shares delivered by an option's assignment or exercise, found among an import's fills. Brokers
// write the end of an option (closed at 0) and the shares it delivered as separate rows, and some
// (IBKR, Robinhood's "Option Assigned" Buy) never say which share row belongs to which option; the
// rule below recognises them by what the delivery must be, so every broker's files link the same way.
import { dec } from "./decimal.ts";

export interface DeliveryFill {
  executionId: string;
  symbol: string;
  assetClass: string;
  side: "buy" | "sell";
  quantity: string;
  price: string;
  multiplier: string;
  executedAt: Date;
  option: { expiry: string; strike: string; right: "call" | "put" } | null;
}

/** Brokers book the shares up to a few days after the option's removal (weekends, T+1 postings). */
const MAX_GAP_MS = 4 * 24 * 60 * 60 * 1000;

/**
 * Pairs each option fill at price 0 (an end: expiration, assignment, exercise) with the share fill
 * it delivered: same underlying, at the strike, contracts × multiplier shares, within four days,
 * on the side the end implies (a short put assigned or a long call exercised buys; a short call
 * assigned or a long put exercised sells; a short is closed by a buy at 0, a long by a sell). An
 * expiration delivers nothing and so matches nothing. Each share fill is used once, the closest in
 * time first.
 */
export function matchDeliveries(fills: DeliveryFill[]): Array<{ option: string; shares: string }> {
  const ends = fills.filter((f) => f.option && f.assetClass === "option" && dec(f.price).isZero());
  if (!ends.length) return [];
  const shares = fills.filter((f) => !f.option && f.assetClass === "stock");
  const used = new Set<string>();
  const pairs: Array<{ option: string; shares: string }> = [];
  for (const end of ends) {
    const { strike, right } = end.option!;
    const side = (end.side === "buy") === (right === "put") ? "buy" : "sell";
    const count = dec(end.quantity).times(end.multiplier);
    let best: DeliveryFill | null = null;
    for (const s of shares) {
      if (used.has(s.executionId) || s.symbol !== end.symbol || s.side !== side) continue;
      if (!dec(s.price).equals(strike) || !dec(s.quantity).equals(count)) continue;
      const gap = Math.abs(s.executedAt.getTime() - end.executedAt.getTime());
      if (gap > MAX_GAP_MS) continue;
      if (!best || gap < Math.abs(best.executedAt.getTime() - end.executedAt.getTime())) best = s;
    }
    if (best) {
      used.add(best.executionId);
      pairs.push({ option: end.executionId, shares: best.executionId });
    }
  }
  return pairs;
}
