// Distributions for the statistics page: how many trades fall in each band of net P&L or of R
// multiple. Band edges are round numbers (1, 2 or 5 × 10ⁿ) and one edge is always 0, so no band
// mixes wins and losses.

export interface HistogramBucket {
  /** Lower edge (included) and upper edge (excluded; the last band includes its upper edge). */
  from: number;
  to: number;
  count: number;
}

export const MAX_HISTOGRAM_BUCKETS = 12;

/** A round band width (1, 2, 2.5 or 5 × 10ⁿ) that covers `span` in at most `maxBuckets` bands. */
export function bucketWidth(span: number, maxBuckets = MAX_HISTOGRAM_BUCKETS): number {
  if (!(span > 0)) return 1;
  const rough = span / maxBuckets;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((w) => w >= rough) ?? 10 * power;
}

/**
 * The count of values in round bands from below the smallest to above the largest, at most
 * `maxBuckets` (+1 when zero splits a band) bands, none empty at either end; [] without values.
 * Each value is read as `value / divisor` (cents as dollars without a copy of 100,000 of them);
 * values that are not finite are left out.
 */
export function histogram(
  values: readonly number[],
  maxBuckets = MAX_HISTOGRAM_BUCKETS,
  divisor = 1,
): HistogramBucket[] {
  // Loops, not Math.min(...values) or filter/map: 100,000 trades would overflow the call stack,
  // and each copy of them costs more than the counting.
  let min = Infinity;
  let max = -Infinity;
  let finite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! / divisor;
    if (!Number.isFinite(v)) continue;
    finite += 1;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (finite === 0) return [];
  if (min === max) {
    min = Math.min(min, 0);
    max = Math.max(max, 0);
  }
  // Edges are multiples of the width, so 0 is always one of them.
  const width = bucketWidth(max - min, maxBuckets - 1);
  const first = Math.floor(min / width);
  const last = Math.max(first + 1, Math.floor(max / width) + 1);
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const counts = new Array<number>(last - first).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! / divisor;
    if (!Number.isFinite(v)) continue;
    counts[Math.min(counts.length - 1, Math.floor(v / width) - first)]! += 1;
  }
  return counts.map((count, k) => ({ from: round((first + k) * width), to: round((first + k + 1) * width), count }));
}
