// The equity curve: cumulative net P&L after each closed trade, in exit order, with the
// drawdown from the running peak at each point. Money runs in integer cents. A long journal is
// thinned to a bounded number of points that keeps every bucket's extremes, so the chart still
// shows each peak, trough and the deepest drawdown.

export interface EquityTrade {
  netPnl: number;
  /** Epoch milliseconds. */
  exitAt: number;
}

export interface EquityPoint {
  /** The trade's position in exit order, from 1. */
  tradeNumber: number;
  exitAt: Date;
  netPnl: number;
  /** Net P&L of every trade up to and including this one. */
  cumulative: number;
  /** How far `cumulative` is below its running peak (≥ 0). */
  drawdown: number;
  /** The drawdown as a share of peak equity (starting balance + peak P&L); null without a starting balance. */
  drawdownPct: number | null;
}

export interface EquityCurve {
  tradeCount: number;
  points: EquityPoint[];
  /** True when points were thinned out of a longer curve. */
  downsampled: boolean;
  netPnl: number;
  maxDrawdown: number;
  startingBalance: number | null;
}

export const MAX_EQUITY_POINTS = 1000;
/** Each bucket keeps at most its first, last, lowest, highest and deepest-drawdown points. */
const KEPT_PER_BUCKET = 5;

/** The curve of trades already in exit order (the caller's order is kept: ties stay as given). */
export function equityCurve(
  trades: readonly EquityTrade[],
  {
    startingBalance = null,
    maxPoints = MAX_EQUITY_POINTS,
  }: { startingBalance?: number | null; maxPoints?: number } = {},
): EquityCurve {
  const start = startingBalance === null ? null : Math.round(startingBalance * 100);
  let cumulative = 0;
  let peak = 0;
  let maxDrawdown = 0;
  const all: EquityPoint[] = trades.map((t, i) => {
    const net = Math.round(t.netPnl * 100);
    cumulative += net;
    peak = Math.max(peak, cumulative);
    const fall = peak - cumulative;
    maxDrawdown = Math.max(maxDrawdown, fall);
    const peakEquity = start === null ? null : start + peak;
    return {
      tradeNumber: i + 1,
      exitAt: new Date(t.exitAt),
      netPnl: net / 100,
      cumulative: cumulative / 100,
      drawdown: fall / 100,
      drawdownPct: peakEquity === null || peakEquity <= 0 ? null : fall / peakEquity,
    };
  });
  const points = downsample(all, maxPoints);
  return {
    tradeCount: all.length,
    points,
    downsampled: points.length < all.length,
    netPnl: cumulative / 100,
    maxDrawdown: maxDrawdown / 100,
    startingBalance,
  };
}

/**
 * At most `maxPoints` of `points`, in order: the curve is cut into equal buckets and each keeps
 * its first, last, lowest, highest and deepest-drawdown points, so no extreme is lost.
 */
export function downsample(points: EquityPoint[], maxPoints = MAX_EQUITY_POINTS): EquityPoint[] {
  if (points.length <= maxPoints) return points;
  const buckets = Math.max(1, Math.floor(maxPoints / KEPT_PER_BUCKET));
  const size = Math.ceil(points.length / buckets);
  const kept: EquityPoint[] = [];
  for (let from = 0; from < points.length; from += size) {
    const to = Math.min(points.length, from + size) - 1;
    let low = from;
    let high = from;
    let deep = from;
    for (let i = from + 1; i <= to; i++) {
      if (points[i]!.cumulative < points[low]!.cumulative) low = i;
      if (points[i]!.cumulative > points[high]!.cumulative) high = i;
      if (points[i]!.drawdown > points[deep]!.drawdown) deep = i;
    }
    for (const i of [...new Set([from, low, high, deep, to])].sort((a, b) => a - b)) kept.push(points[i]!);
  }
  return kept;
}
