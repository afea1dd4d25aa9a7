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
 */
export function histogram(values: readonly number[], maxBuckets = MAX_HISTOGRAM_BUCKETS): HistogramBucket[] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [];
  // A loop, not Math.min(...values): a spread of 100,000 trades would overflow the call stack.
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (min === max) {
    min = Math.min(min, 0);
    max = Math.max(max, 0);
  }
  // Edges are multiples of the width, so 0 is always one of them.
  const width = bucketWidth(max - min, maxBuckets - 1);
  const first = Math.floor(min / width);
  const last = Math.max(first + 1, Math.floor(max / width) + 1);
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const buckets: HistogramBucket[] = [];
  for (let k = first; k < last; k++) buckets.push({ from: round(k * width), to: round((k + 1) * width), count: 0 });
  for (const v of finite) {
    const index = Math.min(buckets.length - 1, Math.floor(v / width) - first);
    buckets[index]!.count += 1;
  }
  return buckets;
}
