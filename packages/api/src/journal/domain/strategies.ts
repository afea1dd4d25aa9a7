// Option strategies: legs opened together on one underlying are one strategy (a vertical, an
// iron condor, a calendar…), each leg still its own trade. Pure: which trades group, what the
// group is called, and its P&L from its legs'.
//
// "Opened together" (the rule, in one place):
// - same account (the caller groups one account's trades) and same underlying;
// - the same order when the broker file names it (Tastytrade's "Order #"): a multi-leg order is
//   one order however its legs' times fall;
// - otherwise the same entry time to the second. thinkorswim gives a spread's further legs the
//   first leg's time (and some statements minutes only, which then means the same minute);
//   two separate orders in the same second on one underlying are indistinguishable from one.
//   Robinhood gives days only (each execution its own second after noon), so its legs never group.
// - only trades whose entry we know: a trade closing a position opened before the import (cost
//   basis unknown) has no entry to match on.
// Shares join a group only as a covered call or a collar (shares bought with a short call, and a
// long put); any other stock trade stays on its own, and so does a group left with one leg.
import { type Dec, dec, sum } from "./decimal.ts";

export interface StrategyLeg {
  id: string;
  /** The underlying (an option trade's symbol is its underlying). */
  underlying: string;
  assetClass: string;
  option: { expiry: string; strike: string; right: "call" | "put" } | null;
  direction: "long" | "short";
  /** Contracts, or shares for a stock leg. */
  quantity: string;
  multiplier: string;
  entryAt: Date;
  /** The broker's order id of the entry, when the file gives one. */
  orderId?: string | null;
  costBasisUnknown?: boolean;
}

export const STRATEGY_KINDS = [
  "vertical",
  "straddle",
  "strangle",
  "iron_condor",
  "iron_butterfly",
  "butterfly",
  "calendar",
  "diagonal",
  "ratio_spread",
  "covered_call",
  "collar",
  "custom",
] as const;
export type StrategyKind = (typeof STRATEGY_KINDS)[number];

export interface StrategyName {
  kind: StrategyKind;
  /** What the member reads: "Put credit spread", "Iron condor", "Custom 3-leg". */
  name: string;
}

type OptionLeg = StrategyLeg & { option: NonNullable<StrategyLeg["option"]> };

const isOption = (l: StrategyLeg): l is OptionLeg => l.option !== null && l.assetClass === "option";
const strike = (l: OptionLeg) => dec(l.option.strike);
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const custom = (n: number): StrategyName => ({ kind: "custom", name: `Custom ${n}-leg` });

/**
 * The key of "opened together": the entry's order when known (on its UTC day: some brokers'
 * order numbers start again, and one order's legs fill within a session), else its second.
 */
export function openedTogetherKey(leg: Pick<StrategyLeg, "underlying" | "entryAt" | "orderId">): string {
  return leg.orderId
    ? `${leg.underlying}|order ${leg.orderId} ${leg.entryAt.toISOString().slice(0, 10)}`
    : `${leg.underlying}|at ${Math.floor(leg.entryAt.getTime() / 1000)}`;
}

/** Two option legs of one expiry and one right: a vertical (1:1) or a ratio spread. */
function twoSameRight(a: OptionLeg, b: OptionLeg): StrategyName | null {
  if (a.direction === b.direction || strike(a).equals(strike(b))) return null;
  const right = a.option.right;
  if (!dec(a.quantity).equals(b.quantity)) return { kind: "ratio_spread", name: `${capital(right)} ratio spread` };
  const long = a.direction === "long" ? a : b;
  const short = a.direction === "long" ? b : a;
  // A call spread bought at the lower strike costs money; a put spread bought at the higher strike does.
  const debit = right === "call" ? strike(long).lessThan(strike(short)) : strike(long).greaterThan(strike(short));
  return { kind: "vertical", name: `${capital(right)} ${debit ? "debit" : "credit"} spread` };
}

function twoLegs(a: OptionLeg, b: OptionLeg): StrategyName | null {
  const sameQty = dec(a.quantity).equals(b.quantity);
  if (a.option.expiry !== b.option.expiry) {
    // Calendar and diagonal: one right, one bought and one sold, in different months.
    if (a.option.right !== b.option.right || a.direction === b.direction || !sameQty) return null;
    const right = capital(a.option.right);
    return strike(a).equals(strike(b))
      ? { kind: "calendar", name: `${right} calendar` }
      : { kind: "diagonal", name: `${right} diagonal` };
  }
  if (a.option.right === b.option.right) return twoSameRight(a, b);
  if (a.direction !== b.direction || !sameQty) return null;
  const side = capital(a.direction);
  return strike(a).equals(strike(b))
    ? { kind: "straddle", name: `${side} straddle` }
    : { kind: "strangle", name: `${side} strangle` };
}

/** Three strikes of one right and expiry, 1 : 2 : 1 with the middle on the other side. */
function butterfly(legs: OptionLeg[]): StrategyName | null {
  const right = legs[0]!.option.right;
  if (legs.some((l) => l.option.right !== right)) return null;
  const byStrike = [...legs].sort((x, y) => strike(x).comparedTo(strike(y)));
  const [low, mid, high] = byStrike as [OptionLeg, OptionLeg, OptionLeg];
  const wing = dec(low.quantity);
  if (
    strike(low).equals(strike(mid)) ||
    strike(mid).equals(strike(high)) ||
    !wing.equals(high.quantity) ||
    !wing.times(2).equals(mid.quantity) ||
    low.direction !== high.direction ||
    mid.direction === low.direction
  )
    return null;
  const broken = !strike(mid)
    .minus(strike(low))
    .equals(strike(high).minus(strike(mid)));
  const name = `${low.direction === "short" ? "Short " : ""}${broken ? "broken-wing " : ""}${right} butterfly`;
  return { kind: "butterfly", name: capital(name) };
}

/** Two puts and two calls, one bought and one sold of each: an iron condor or iron butterfly. */
function iron(legs: OptionLeg[]): StrategyName | null {
  const qty = dec(legs[0]!.quantity);
  if (legs.some((l) => !qty.equals(l.quantity))) return null;
  const puts = legs.filter((l) => l.option.right === "put");
  const calls = legs.filter((l) => l.option.right === "call");
  if (puts.length !== 2 || calls.length !== 2) return null;
  const pick = (pair: OptionLeg[], d: "long" | "short") => pair.find((l) => l.direction === d);
  const [longPut, shortPut, longCall, shortCall] = [
    pick(puts, "long"),
    pick(puts, "short"),
    pick(calls, "long"),
    pick(calls, "short"),
  ];
  if (!longPut || !shortPut || !longCall || !shortCall) return null;
  const sold = strike(longPut).lessThan(strike(shortPut)) && strike(longCall).greaterThan(strike(shortCall));
  const bought = strike(longPut).greaterThan(strike(shortPut)) && strike(longCall).lessThan(strike(shortCall));
  if (!sold && !bought) return null;
  const [innerPut, innerCall] = sold ? [shortPut, shortCall] : [longPut, longCall];
  const prefix = sold ? "" : "Reverse ";
  if (strike(innerPut).equals(strike(innerCall)))
    return { kind: "iron_butterfly", name: `${prefix}${sold ? "Iron" : "iron"} butterfly` };
  if (strike(innerPut).lessThan(strike(innerCall)))
    return { kind: "iron_condor", name: `${prefix}${sold ? "Iron" : "iron"} condor` };
  return null;
}

/** Shares with options on them: a covered call (long shares, a short call) or a collar (and a long put). */
function withShares(stock: StrategyLeg, options: OptionLeg[]): StrategyName | null {
  if (stock.direction !== "long") return null;
  const shortCalls = options.filter((l) => l.option.right === "call" && l.direction === "short");
  const longPuts = options.filter((l) => l.option.right === "put" && l.direction === "long");
  if (shortCalls.length !== 1 || shortCalls.length + longPuts.length !== options.length || longPuts.length > 1)
    return null;
  const call = shortCalls[0]!;
  // The call is covered: the shares are at least what it delivers.
  if (dec(stock.quantity).lessThan(dec(call.quantity).times(call.multiplier))) return null;
  if (!longPuts.length) return { kind: "covered_call", name: "Covered call" };
  const put = longPuts[0]!;
  return put.option.expiry === call.option.expiry && dec(put.quantity).equals(call.quantity)
    ? { kind: "collar", name: "Collar" }
    : null;
}

/**
 * What legs opened together are: null for fewer than two (a single option is no strategy) or
 * for shares with options that are not a covered call or collar; "Custom N-leg" for option
 * legs of no known shape.
 */
export function classifyStrategy(legs: StrategyLeg[]): StrategyName | null {
  if (legs.length < 2) return null;
  const options = legs.filter(isOption);
  const others = legs.filter((l) => !isOption(l));
  if (others.length) {
    const [stock] = others;
    return others.length === 1 && stock!.assetClass === "stock" && options.length ? withShares(stock!, options) : null;
  }
  const sameExpiry = options.every((l) => l.option.expiry === options[0]!.option.expiry);
  const named =
    options.length === 2
      ? twoLegs(options[0]!, options[1]!)
      : options.length === 3 && sameExpiry
        ? butterfly(options)
        : options.length === 4 && sameExpiry
          ? iron(options)
          : null;
  return named ?? custom(options.length);
}

export interface FoundStrategy<T extends StrategyLeg> extends StrategyName {
  legs: T[];
  underlying: string;
  /** The earliest leg's entry. */
  openedAt: Date;
}

/**
 * The strategies among one account's trades: legs opened together (see the rule at the top),
 * named. Shares that form no covered call or collar are left out of their group, and what remains
 * must still be two legs or more.
 */
export function findStrategies<T extends StrategyLeg>(trades: T[]): FoundStrategy<T>[] {
  const groups = new Map<string, T[]>();
  for (const t of trades) {
    if (t.costBasisUnknown || (t.assetClass !== "option" && t.assetClass !== "stock")) continue;
    const key = openedTogetherKey(t);
    const group = groups.get(key);
    if (group) group.push(t);
    else groups.set(key, [t]);
  }
  const found: FoundStrategy<T>[] = [];
  for (const group of groups.values()) {
    if (!group.some(isOption)) continue;
    let legs = group;
    let named = classifyStrategy(legs);
    if (!named && group.some((l) => !isOption(l))) {
      legs = group.filter(isOption);
      named = classifyStrategy(legs);
    }
    if (!named) continue;
    const openedAt = new Date(Math.min(...legs.map((l) => l.entryAt.getTime())));
    found.push({ ...named, legs, underlying: legs[0]!.underlying, openedAt });
  }
  return found.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
}

export interface LegResult {
  status: "open" | "closed";
  netPnl: { toString(): string } | null;
  fees: { toString(): string };
}

/**
 * A strategy's P&L is its legs': net P&L and fees summed; closed once every leg is, and until
 * then `netPnl` is null while `realizedPnl` sums the legs closed so far.
 */
export function strategyTotals(legs: LegResult[]): {
  status: "open" | "closed";
  netPnl: string | null;
  realizedPnl: string;
  fees: string;
  closedLegs: number;
} {
  const closed = legs.filter((l) => l.status === "closed");
  const realized: Dec = sum(closed.map((l) => (l.netPnl === null ? "0" : l.netPnl.toString())));
  const allClosed = closed.length === legs.length && legs.length > 0;
  return {
    status: allClosed ? "closed" : "open",
    netPnl: allClosed && closed.every((l) => l.netPnl !== null) ? realized.toString() : null,
    realizedPnl: realized.toString(),
    fees: sum(legs.map((l) => l.fees.toString())).toString(),
    closedLegs: closed.length,
  };
}
