// Setups side by side: the same per-group statistics as the setup breakdown (breakdown.ts), over
// the trades the caller hands in. Pure: the Pro procedure and the coach's tool load the trades.
import { type GroupStats, groupStats, MAX_GROUPS, type PnlTrade, rankGroups } from "./breakdown.ts";

export interface SetupTrade extends PnlTrade {
  setupId: string | null;
}

/** The label of trades without a setup (the breakdown's too). */
export const NO_SETUP_LABEL = "No setup";

/**
 * Trade count, win rate, expectancy, profit factor and mean R of each setup, most traded first
 * (then by name); trades without a setup form one group with a null key.
 */
export function compareSetups(
  trades: readonly SetupTrade[],
  setupNames: ReadonlyMap<string, string>,
  breakevenBand = 0,
): { setups: GroupStats[]; totalSetups: number } {
  const groups = new Map<string | null, SetupTrade[]>();
  for (const trade of trades) {
    const group = groups.get(trade.setupId);
    if (group) group.push(trade);
    else groups.set(trade.setupId, [trade]);
  }
  const stats = [...groups].map(([setupId, group]) =>
    groupStats(setupId, setupId === null ? NO_SETUP_LABEL : (setupNames.get(setupId) ?? setupId), group, breakevenBand),
  );
  const { groups: setups, totalGroups } = rankGroups(stats, MAX_GROUPS);
  return { setups, totalSetups: totalGroups };
}
