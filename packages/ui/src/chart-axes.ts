// Axis ticks for the server-rendered charts: few enough that their labels never overlap, at
// values a reader rounds to (1, 2 or 5 × 10ⁿ; whole days, Mondays, first of the month, years).

const DAY_MS = 86_400_000;

/** "Nice" values from `min` to `max` (both included in the range), at most `maxTicks` of them, 0 among them when in range. */
export function valueTicks(min: number, max: number, maxTicks = 5): number[] {
  if (!(max > min)) return [min];
  const rough = (max - min) / Math.max(1, maxTicks - 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => (max - min) / s <= maxTicks - 1) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v * 100) / 100);
  return ticks.map((v) => (Object.is(v, -0) ? 0 : v));
}

export type DateTickUnit = "day" | "week" | "month" | "year";

export interface DateTick {
  /** Epoch milliseconds of the tick (a UTC midnight). */
  at: number;
  unit: DateTickUnit;
}

const STEPS: { unit: DateTickUnit; every: number; approxMs: number }[] = [
  { unit: "day", every: 1, approxMs: DAY_MS },
  { unit: "day", every: 2, approxMs: 2 * DAY_MS },
  { unit: "week", every: 1, approxMs: 7 * DAY_MS },
  { unit: "week", every: 2, approxMs: 14 * DAY_MS },
  { unit: "month", every: 1, approxMs: 30.44 * DAY_MS },
  { unit: "month", every: 2, approxMs: 60.9 * DAY_MS },
  { unit: "month", every: 3, approxMs: 91.3 * DAY_MS },
  { unit: "month", every: 6, approxMs: 182.6 * DAY_MS },
  { unit: "year", every: 1, approxMs: 365.25 * DAY_MS },
];

/**
 * Date ticks between two instants, chosen by the span: days for a fortnight, Mondays for a
 * quarter, first days of months for a few years, then years, never more than `maxTicks`.
 */
export function dateTicks(startMs: number, endMs: number, maxTicks = 6): DateTick[] {
  const span = Math.max(0, endMs - startMs);
  const fits = (s: (typeof STEPS)[number]) => span / s.approxMs < maxTicks;
  const step =
    STEPS.find(fits) ??
    (() => {
      const years = Math.ceil(span / (365.25 * DAY_MS) / Math.max(1, maxTicks - 1));
      return { unit: "year" as const, every: years, approxMs: years * 365.25 * DAY_MS };
    })();
  const ticks: DateTick[] = [];
  const start = new Date(startMs);
  let cursor: Date;
  if (step.unit === "day") cursor = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  else if (step.unit === "week") {
    const monday = (start.getUTCDay() + 6) % 7;
    cursor = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() - monday));
  } else if (step.unit === "month") {
    const month = Math.floor(start.getUTCMonth() / step.every) * step.every;
    cursor = new Date(Date.UTC(start.getUTCFullYear(), month, 1));
  } else cursor = new Date(Date.UTC(Math.floor(start.getUTCFullYear() / step.every) * step.every, 0, 1));
  const next = (d: Date) =>
    step.unit === "day"
      ? new Date(d.getTime() + step.every * DAY_MS)
      : step.unit === "week"
        ? new Date(d.getTime() + step.every * 7 * DAY_MS)
        : step.unit === "month"
          ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step.every, 1))
          : new Date(Date.UTC(d.getUTCFullYear() + step.every, 0, 1));
  for (; cursor.getTime() <= endMs && ticks.length < 400; cursor = next(cursor))
    if (cursor.getTime() >= startMs) ticks.push({ at: cursor.getTime(), unit: step.unit });
  // Months and years are not all as long as the estimate: one tick too many loses every other.
  return ticks.length > maxTicks ? ticks.filter((_, i) => i % 2 === 0) : ticks;
}

const DAY_LABEL = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const MONTH_LABEL = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });

/** A tick's label: "2 Mar" for days and weeks, "Mar 2026" for months, "2026" for years. */
export function dateTickLabel(tick: DateTick): string {
  const d = new Date(tick.at);
  if (tick.unit === "year") return String(d.getUTCFullYear());
  return tick.unit === "month" ? MONTH_LABEL.format(d) : DAY_LABEL.format(d);
}
