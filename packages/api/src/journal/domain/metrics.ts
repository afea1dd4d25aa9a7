// The journal's statistics, as defined in the UI's tooltips. Pure: the procedures load the
// trades (closed ones only) and hand them here. Money is summed in integer cents, so totals
// are exact to the cent whatever the number of trades.

export interface MetricTrade {
  /** Net P&L in the account currency. */
  netPnl: number;
  grossPnl: number;
  fees: number;
  /** R multiple when the initial risk is known. */
  rMultiple: number | null;
  entryAt: Date;
  exitAt: Date;
}

export interface SummaryOptions {
  /** |net P&L| up to this counts as a scratch (default 0). */
  breakevenBand?: number;
  /** Starting balance of the account(s), for drawdown as a share of peak equity. */
  startingBalance?: number | null;
}

export interface Summary {
  tradeCount: number;
  wins: number;
  losses: number;
  scratches: number;
  /** wins ÷ (wins + losses); null without wins or losses. */
  winRate: number | null;
  netPnl: number;
  grossPnl: number;
  fees: number;
  averageWin: number | null;
  averageLoss: number | null;
  /** average win ÷ |average loss|. */
  payoffRatio: number | null;
  /** Σ wins ÷ |Σ losses|: Infinity without losses, null without trades. */
  profitFactor: number | null;
  /** Mean net P&L per closed trade. */
  expectancy: number | null;
  /** Mean R over the trades whose risk is known. */
  expectancyR: number | null;
  /** Largest fall of cumulative net P&L from its running peak (a positive amount). */
  maxDrawdown: number;
  /** The same fall as a share of peak equity (starting balance + cumulative P&L); null without a starting balance. */
  maxDrawdownPct: number | null;
  longestWinStreak: number;
  longestLossStreak: number;
  bestTrade: number | null;
  worstTrade: number | null;
  averageHoldMinutes: number | null;
  /** √N × mean R ÷ stdev R over trades with known risk (N ≥ 2). */
  sqn: number | null;
}

const cents = (amount: number) => Math.round(amount * 100);
const fromCents = (value: number) => value / 100;

export type Outcome = "win" | "loss" | "scratch";

export function outcomeOf(netPnl: number, breakevenBand = 0): Outcome {
  const band = cents(Math.abs(breakevenBand));
  const pnl = cents(netPnl);
  return pnl > band ? "win" : pnl < -band ? "loss" : "scratch";
}

/**
 * Closed trades reduced to what the statistics need: the order-free totals, and net P&L (and R)
 * per trade in exit order for streaks, drawdown and SQN. The summary procedure gets this shape
 * straight from SQL, so 100,000 trades need no per-trade objects.
 */
export interface OrderedTrades {
  /** Net P&L in cents of each trade, in exit order. */
  netCents: ArrayLike<number>;
  /** The known, finite R multiples, in exit order. */
  rMultiples: number[];
  grossCents: number;
  feeCents: number;
  /** Σ (exit − entry) in milliseconds. */
  holdMs: number;
}

/** The statistics of closed trades, taken in exit order for streaks and drawdown. */
export function summarize(trades: MetricTrade[], options: SummaryOptions = {}): Summary {
  const ordered = [...trades].sort(
    (a, b) => a.exitAt.getTime() - b.exitAt.getTime() || a.entryAt.getTime() - b.entryAt.getTime(),
  );
  const reduced = { netCents: [] as number[], rMultiples: [] as number[], grossCents: 0, feeCents: 0, holdMs: 0 };
  for (const t of ordered) {
    reduced.netCents.push(cents(t.netPnl));
    reduced.grossCents += cents(t.grossPnl);
    reduced.feeCents += cents(t.fees);
    reduced.holdMs += t.exitAt.getTime() - t.entryAt.getTime();
    if (t.rMultiple !== null && Number.isFinite(t.rMultiple)) reduced.rMultiples.push(t.rMultiple);
  }
  return summarizeOrdered(reduced, options);
}

/** The same statistics as `summarize`, from trades already reduced to `OrderedTrades`. */
export function summarizeOrdered(
  { netCents: nets, rMultiples: rs, grossCents, feeCents, holdMs }: OrderedTrades,
  { breakevenBand = 0, startingBalance = null }: SummaryOptions = {},
): Summary {
  const band = cents(Math.abs(breakevenBand));
  let wins = 0;
  let losses = 0;
  let scratches = 0;
  let winCents = 0;
  let lossCents = 0;
  let netCents = 0;
  let best: number | null = null;
  let worst: number | null = null;
  let winStreak = 0;
  let lossStreak = 0;
  let longestWin = 0;
  let longestLoss = 0;
  const start = startingBalance === null ? null : cents(startingBalance);
  let peak = start ?? 0;
  let maxDrawdown = 0;
  let maxDrawdownPct: number | null = start === null ? null : 0;

  for (let i = 0; i < nets.length; i++) {
    const net = nets[i]!;
    netCents += net;
    best = best === null || net > best ? net : best;
    worst = worst === null || net < worst ? net : worst;

    if (net > band) {
      wins += 1;
      winCents += net;
      winStreak += 1;
      lossStreak = 0;
    } else if (net < -band) {
      losses += 1;
      lossCents += net;
      lossStreak += 1;
      winStreak = 0;
    } else {
      scratches += 1;
      winStreak = 0;
      lossStreak = 0;
    }
    longestWin = Math.max(longestWin, winStreak);
    longestLoss = Math.max(longestLoss, lossStreak);

    const equity = (start ?? 0) + netCents;
    peak = Math.max(peak, equity);
    const fall = peak - equity;
    if (fall > maxDrawdown) maxDrawdown = fall;
    if (start !== null && peak > 0) maxDrawdownPct = Math.max(maxDrawdownPct ?? 0, fall / peak);
  }

  const n = nets.length;
  const averageWin = wins ? winCents / wins : null;
  const averageLoss = losses ? lossCents / losses : null;
  const meanR = rs.length ? rs.reduce((a, b) => a + b, 0) / rs.length : null;
  let sqn: number | null = null;
  if (rs.length >= 2 && meanR !== null) {
    const variance = rs.reduce((acc, r) => acc + (r - meanR) ** 2, 0) / (rs.length - 1);
    const sd = Math.sqrt(variance);
    sqn = sd > 0 ? (Math.sqrt(rs.length) * meanR) / sd : null;
  }
  return {
    tradeCount: n,
    wins,
    losses,
    scratches,
    winRate: wins + losses ? wins / (wins + losses) : null,
    netPnl: fromCents(netCents),
    grossPnl: fromCents(grossCents),
    fees: fromCents(feeCents),
    averageWin: averageWin === null ? null : round2(fromCents(averageWin)),
    averageLoss: averageLoss === null ? null : round2(fromCents(averageLoss)),
    payoffRatio: averageWin !== null && averageLoss ? averageWin / Math.abs(averageLoss) : null,
    profitFactor: n === 0 ? null : lossCents === 0 ? (winCents > 0 ? Infinity : null) : winCents / Math.abs(lossCents),
    expectancy: n ? round2(fromCents(netCents / n)) : null,
    expectancyR: meanR,
    maxDrawdown: fromCents(maxDrawdown),
    maxDrawdownPct,
    longestWinStreak: longestWin,
    longestLossStreak: longestLoss,
    bestTrade: best === null ? null : fromCents(best),
    worstTrade: worst === null ? null : fromCents(worst),
    averageHoldMinutes: n ? holdMs / n / 60_000 : null,
    sqn,
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
