// Averages of the trades' excursions for the statistics pages. Pure: the handler reads the stored
// columns (journal/analytics.handler.ts); the per-trade maths is market/excursions.ts.

/** Rounds to `places` decimals; null stays null. */
const round = (value: number | null, places: number) =>
  value === null || !Number.isFinite(value) ? null : Number(value.toFixed(places));

export interface ExcursionTotals {
  closedTrades: number;
  measuredTrades: number;
  avgMfe: number | null;
  avgMae: number | null;
  avgMfeR: number | null;
  avgMaeR: number | null;
  avgExitEfficiency: number | null;
}

/**
 * The summary's excursion figures from the database's averages: dollars to the cent, R to 0.01,
 * efficiency to 0.0001; every average null when no trade is measured (the page then shows nothing).
 */
export function excursionTotals(row: {
  closedTrades: number;
  measuredTrades: number;
  avgMfe: number | null;
  avgMae: number | null;
  avgMfeR: number | null;
  avgMaeR: number | null;
  avgExitEfficiency: number | null;
}): ExcursionTotals {
  const measured = row.measuredTrades > 0;
  return {
    closedTrades: row.closedTrades,
    measuredTrades: row.measuredTrades,
    avgMfe: measured ? round(row.avgMfe, 2) : null,
    avgMae: measured ? round(row.avgMae, 2) : null,
    avgMfeR: measured ? round(row.avgMfeR, 2) : null,
    avgMaeR: measured ? round(row.avgMaeR, 2) : null,
    avgExitEfficiency: measured ? round(row.avgExitEfficiency, 4) : null,
  };
}

/** The average exit efficiency of a group's trades (those that have one) and how many have one. */
export function averageExitEfficiency(values: readonly (number | null)[]): {
  efficiencyTrades: number;
  avgExitEfficiency: number | null;
} {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    sum += v;
    n += 1;
  }
  return { efficiencyTrades: n, avgExitEfficiency: n ? round(sum / n, 4) : null };
}
