// The trade's plan as the trade page shows it: the reward the target offered for the risk the
// stop took, in R. Pure, so the arithmetic is tested without a page.

type Amount = string | number | null | undefined;

const num = (value: Amount) => (value === null || value === undefined || value === "" ? null : Number(value));

/**
 * Planned R: how many times the risk (entry to stop) the target (entry to target) would earn,
 * signed by direction: a long from 100 with stop 95 and target 110 plans +2R. Null without a
 * stop or a target, or when the stop is on the wrong side of the entry (no risk to divide by).
 */
export function plannedR({
  direction,
  entryPrice,
  stopLoss,
  takeProfit,
}: {
  direction: "long" | "short";
  entryPrice: Amount;
  stopLoss: Amount;
  takeProfit: Amount;
}): number | null {
  const entry = num(entryPrice);
  const stop = num(stopLoss);
  const target = num(takeProfit);
  if (entry === null || stop === null || target === null || ![entry, stop, target].every(Number.isFinite)) return null;
  const sign = direction === "long" ? 1 : -1;
  const risk = sign * (entry - stop);
  if (risk <= 0) return null;
  return (sign * (target - entry)) / risk;
}
