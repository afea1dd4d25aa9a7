// The dashboard's "vs last month": a change signed, with the tone its colour follows.

export type Change = { text: string; tone: "gain" | "loss" | "flat" } | null;
const toneOf = (delta: number): "gain" | "loss" | "flat" => (delta > 0 ? "gain" : delta < 0 ? "loss" : "flat");

/** A win rate's change in percentage points, one decimal, signed: "+12.3 pts"; null without both rates. */
export function pointsChange(now: number | null, before: number | null): Change {
  if (now === null || before === null) return null;
  const points = Math.round((now - before) * 1000) / 10;
  const text = `${points > 0 ? "+" : points < 0 ? "-" : ""}${Math.abs(points).toFixed(1)} pts`;
  return { text, tone: toneOf(points) };
}

/** A change of two finite numbers formatted by `format` (which prints the sign); null when either is missing or infinite. */
export function valueChange(now: number | null, before: number | null, format: (delta: number) => string): Change {
  if (now === null || before === null || !Number.isFinite(now) || !Number.isFinite(before)) return null;
  const delta = Math.round((now - before) * 100) / 100;
  return { text: format(delta), tone: toneOf(delta) };
}
