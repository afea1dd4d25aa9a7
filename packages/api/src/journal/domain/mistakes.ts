// Patterns of common trading mistakes in a member's closed trades. Pure: the Pro procedure
// (journal/patterns.handler.ts) and the coach's tool load the trades and hand them here.
// Definitions are stated in the result so the page and the model can quote them.
import { localTime } from "./time-zone.ts";

export interface PatternTrade {
  id: string;
  symbol: string;
  entryAt: Date;
  exitAt: Date;
  netPnl: number;
  /** Position size in money: quantity × entry price × multiplier (shown, never compared). */
  notional: number;
  /** Contracts or shares (absolute). */
  quantity: number;
  /** Dollars at risk when opened (from the stop), when known. */
  initialRisk: number | null;
  /** R multiple when the initial risk is known. */
  rMultiple: number | null;
}

/** A larger position opened within this many minutes of closing a loss counts as revenge trading. */
export const REVENGE_WINDOW_MINUTES = 30;
/**
 * "Larger" means more than this much larger (0.25 = 25 %): rounding a size up, or a stop a tick
 * wider, is not revenge.
 */
export const REVENGE_SIZE_TOLERANCE = 0.25;
/** A day is an overtrading day with at least this many trades and twice the member's median. */
export const OVERTRADING_MIN_TRADES = 5;

export interface MistakePatterns {
  tradeCount: number;
  revengeTrading: {
    definition: string;
    count: number;
    netPnl: number;
    examples: {
      afterLossTradeId: string;
      tradeId: string;
      minutesAfter: number;
      /** What was compared: dollars at risk (both trades had a stop) or quantity (same instrument). */
      comparedBy: "risk" | "quantity";
      sizeRatio: number;
      netPnl: number;
    }[];
  };
  overtrading: {
    definition: string;
    medianTradesPerDay: number;
    days: { day: string; trades: number; netPnl: number }[];
    netPnlOnThoseDays: number;
  };
  exits: {
    definition: string;
    averageWin: number | null;
    averageLoss: number | null;
    averageWinHoldMinutes: number | null;
    averageLossHoldMinutes: number | null;
    /** Mean R of the winners and of the losers whose risk is known. */
    averageWinR: number | null;
    averageLossR: number | null;
    /** Winners closed sooner than losers and average win smaller than average loss. */
    cuttingWinnersLettingLosersRun: boolean;
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
const holdMinutes = (t: PatternTrade) => (t.exitAt.getTime() - t.entryAt.getTime()) / 60_000;
const knownR = (trades: PatternTrade[]) =>
  trades.flatMap((t) => (t.rMultiple !== null && Number.isFinite(t.rMultiple) ? [t.rMultiple] : []));
const rounded = (n: number | null) => (n === null ? null : round2(n));

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Whether `trade` took on more than the loss before it, and by what measure. Risk is what a trader
 * sizes by: dollars at risk when both trades had a stop; otherwise quantity, and only on the same
 * instrument (100 shares are the same size whatever the price did, and 1 ES is not 1 AAPL). Not
 * comparable (different instruments without stops) is not revenge.
 */
export function largerThanLoss(
  trade: PatternTrade,
  loss: PatternTrade,
): { comparedBy: "risk" | "quantity"; ratio: number } | null {
  const threshold = 1 + REVENGE_SIZE_TOLERANCE;
  if (trade.initialRisk !== null && loss.initialRisk !== null && trade.initialRisk > 0 && loss.initialRisk > 0) {
    const ratio = trade.initialRisk / loss.initialRisk;
    return ratio > threshold ? { comparedBy: "risk", ratio } : null;
  }
  if (trade.symbol === loss.symbol && trade.quantity > 0 && loss.quantity > 0) {
    const ratio = trade.quantity / loss.quantity;
    return ratio > threshold ? { comparedBy: "quantity", ratio } : null;
  }
  return null;
}

/** Revenge trades, overtrading days and exit asymmetry in the member's closed trades (days in `timeZone`). */
export function findMistakePatterns(trades: PatternTrade[], timeZone: string): MistakePatterns {
  const byEntry = [...trades].sort((a, b) => a.entryAt.getTime() - b.entryAt.getTime() || a.id.localeCompare(b.id));

  const examples: MistakePatterns["revengeTrading"]["examples"] = [];
  for (const trade of byEntry) {
    // The most recent loss closed before this entry, within the window.
    let loss: PatternTrade | undefined;
    for (const other of byEntry) {
      if (other === trade || other.netPnl >= 0) continue;
      const gap = trade.entryAt.getTime() - other.exitAt.getTime();
      if (gap < 0 || gap > REVENGE_WINDOW_MINUTES * 60_000) continue;
      if (!loss || other.exitAt > loss.exitAt) loss = other;
    }
    const larger = loss ? largerThanLoss(trade, loss) : null;
    if (loss && larger) {
      examples.push({
        afterLossTradeId: loss.id,
        tradeId: trade.id,
        minutesAfter: round2((trade.entryAt.getTime() - loss.exitAt.getTime()) / 60_000),
        comparedBy: larger.comparedBy,
        sizeRatio: round2(larger.ratio),
        netPnl: round2(trade.netPnl),
      });
    }
  }

  const days = new Map<string, { trades: number; cents: number }>();
  for (const trade of byEntry) {
    const day = localTime(trade.entryAt, timeZone).day;
    const entry = days.get(day) ?? { trades: 0, cents: 0 };
    entry.trades += 1;
    entry.cents += Math.round(trade.netPnl * 100);
    days.set(day, entry);
  }
  const medianPerDay = median([...days.values()].map((d) => d.trades));
  const busy = [...days.entries()]
    .filter(([, d]) => d.trades >= OVERTRADING_MIN_TRADES && d.trades >= 2 * medianPerDay)
    .map(([day, d]) => ({ day, trades: d.trades, netPnl: d.cents / 100 }))
    .sort((a, b) => a.day.localeCompare(b.day));

  const wins = trades.filter((t) => t.netPnl > 0);
  const losses = trades.filter((t) => t.netPnl < 0);
  const averageWin = mean(wins.map((t) => t.netPnl));
  const averageLoss = mean(losses.map((t) => t.netPnl));
  const winHold = mean(wins.map(holdMinutes));
  const lossHold = mean(losses.map(holdMinutes));
  const winR = mean(knownR(wins));
  const lossR = mean(knownR(losses));

  return {
    tradeCount: trades.length,
    revengeTrading: {
      definition: `A trade opened within ${REVENGE_WINDOW_MINUTES} minutes of closing a loss, risking more than ${Math.round(REVENGE_SIZE_TOLERANCE * 100)}% more than that loss did: dollars at risk when both trades had a stop, otherwise quantity on the same instrument (trades in different instruments without stops are not compared).`,
      count: examples.length,
      netPnl: round2(examples.reduce((sum, e) => sum + e.netPnl, 0)),
      examples: examples.slice(-10),
    },
    overtrading: {
      definition: `A day with at least ${OVERTRADING_MIN_TRADES} trades and at least twice the median number of trades per trading day.`,
      medianTradesPerDay: medianPerDay,
      days: busy.slice(-10),
      netPnlOnThoseDays: round2(busy.reduce((sum, d) => sum + d.netPnl, 0)),
    },
    exits: {
      definition: "Winners held for less time than losers while the average win is smaller than the average loss.",
      averageWin: averageWin === null ? null : round2(averageWin),
      averageLoss: averageLoss === null ? null : round2(averageLoss),
      averageWinHoldMinutes: winHold === null ? null : round2(winHold),
      averageLossHoldMinutes: lossHold === null ? null : round2(lossHold),
      averageWinR: rounded(winR),
      averageLossR: rounded(lossR),
      cuttingWinnersLettingLosersRun:
        averageWin !== null &&
        averageLoss !== null &&
        winHold !== null &&
        lossHold !== null &&
        winHold < lossHold &&
        averageWin < Math.abs(averageLoss),
    },
  };
}
