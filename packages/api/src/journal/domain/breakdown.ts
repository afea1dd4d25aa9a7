// The journal's statistics per group: by symbol, setup, tag, account, or by when and how long
// trades were held. Pure: the procedure loads the closed trades (with their group key when the
// database knows it) and hands them here. Weekday and hour are the member's, through a ZoneClock.
import { outcomeOf } from "./metrics.ts";
import { WEEKDAYS } from "./time-zone.ts";
import type { ZoneClock } from "./zone-clock.ts";

export const BREAKDOWN_DIMENSIONS = ["symbol", "setup", "tag", "weekday", "hour", "holding", "account"] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];
export type TimeDimension = Extract<BreakdownDimension, "weekday" | "hour" | "holding">;
export const isTimeDimension = (by: BreakdownDimension): by is TimeDimension =>
  by === "weekday" || by === "hour" || by === "holding";

/** Holding-time buckets: each holds [previous bound, maxMinutes). */
export const HOLDING_BUCKETS = [
  { label: "<5m", maxMinutes: 5 },
  { label: "5–30m", maxMinutes: 30 },
  { label: "30m–2h", maxMinutes: 120 },
  { label: "2h–1d", maxMinutes: 24 * 60 },
  { label: "1–7d", maxMinutes: 7 * 24 * 60 },
  { label: ">7d", maxMinutes: Infinity },
] as const;

/** The holding bucket of a trade held `minutes` (a bound belongs to the longer bucket: 5 minutes is "5–30m"). */
export function holdingBucket(minutes: number): string {
  return HOLDING_BUCKETS.find((b) => minutes < b.maxMinutes)!.label;
}

const pad = (n: number) => String(n).padStart(2, "0");
/** "09:00–10:00": the hour of the day a trade was entered. */
export const hourLabel = (hour: number) => `${pad(hour)}:00–${pad((hour + 1) % 24)}:00`;

export interface PnlTrade {
  netPnl: number;
  rMultiple: number | null;
}

export interface TimedTrade extends PnlTrade {
  /** Epoch milliseconds. */
  entryAt: number;
  exitAt: number;
}

export interface GroupStats {
  /** What the group is (a symbol, an id, "Mon", "09:00–10:00", "<5m"); null for trades without a setup or tag. */
  key: string | null;
  label: string;
  tradeCount: number;
  wins: number;
  losses: number;
  scratches: number;
  /** wins ÷ (wins + losses); null without either. */
  winRate: number | null;
  netPnl: number;
  averageNetPnl: number;
  /** Σ wins ÷ |Σ losses|: Infinity without losses, null when neither. */
  profitFactor: number | null;
  /** Mean net P&L per closed trade (the definition, so equal to averageNetPnl). */
  expectancy: number;
  /** Mean R over the group's trades whose risk is known. */
  expectancyR: number | null;
}

const cents = (amount: number) => Math.round(amount * 100);

/** The statistics of one group of closed trades; money is summed in integer cents. */
export function groupStats(
  key: string | null,
  label: string,
  trades: readonly PnlTrade[],
  breakevenBand = 0,
): GroupStats {
  let wins = 0;
  let losses = 0;
  let winCents = 0;
  let lossCents = 0;
  let netCents = 0;
  let rSum = 0;
  let rCount = 0;
  for (const t of trades) {
    const net = cents(t.netPnl);
    netCents += net;
    const outcome = outcomeOf(t.netPnl, breakevenBand);
    if (outcome === "win") {
      wins += 1;
      winCents += net;
    } else if (outcome === "loss") {
      losses += 1;
      lossCents += net;
    }
    if (t.rMultiple !== null && Number.isFinite(t.rMultiple)) {
      rSum += t.rMultiple;
      rCount += 1;
    }
  }
  const n = trades.length;
  const average = n ? Math.round(netCents / n) / 100 : 0;
  return {
    key,
    label,
    tradeCount: n,
    wins,
    losses,
    scratches: n - wins - losses,
    winRate: wins + losses ? wins / (wins + losses) : null,
    netPnl: netCents / 100,
    averageNetPnl: average,
    profitFactor: lossCents === 0 ? (winCents > 0 ? Infinity : null) : winCents / Math.abs(lossCents),
    expectancy: average,
    expectancyR: rCount ? rSum / rCount : null,
  };
}

/** The key of a trade in a time dimension, in the clock's zone: weekday and hour of entry, or its holding bucket. */
export function timeKey(by: TimeDimension, trade: TimedTrade, clock: ZoneClock): string {
  if (by === "holding") return holdingBucket((trade.exitAt - trade.entryAt) / 60_000);
  const local = clock.local(trade.entryAt);
  return by === "weekday" ? local.weekday : hourLabel(local.hour);
}

/** Every key of a time dimension in its natural order (Monday first, midnight first, shortest first). */
export function timeKeys(by: TimeDimension): string[] {
  if (by === "weekday") return [...WEEKDAYS];
  if (by === "hour") return Array.from({ length: 24 }, (_, h) => hourLabel(h));
  return HOLDING_BUCKETS.map((b) => b.label);
}

/** Groups trades by a time dimension: only groups with trades, in the dimension's natural order. */
export function groupByTime<T extends TimedTrade>(
  by: TimeDimension,
  trades: readonly T[],
  clock: ZoneClock,
): { key: string; trades: T[] }[] {
  const groups = new Map<string, T[]>(timeKeys(by).map((k) => [k, []]));
  for (const t of trades) groups.get(timeKey(by, t, clock))!.push(t);
  return [...groups].filter(([, ts]) => ts.length).map(([key, ts]) => ({ key, trades: ts }));
}

export const MAX_GROUPS = 200;

/**
 * Orders named groups (symbols, setups, tags, accounts) most-traded first, then by label, and
 * keeps the first MAX_GROUPS: a member with thousands of symbols gets a readable table and a count.
 */
export function rankGroups<G extends GroupStats>(
  groups: G[],
  limit = MAX_GROUPS,
): { groups: G[]; totalGroups: number } {
  const ordered = [...groups].sort((a, b) => b.tradeCount - a.tradeCount || a.label.localeCompare(b.label));
  return { groups: ordered.slice(0, limit), totalGroups: groups.length };
}
