/** `ids` with the one at `index` swapped with its neighbour above (-1) or below (+1); unchanged at an end. */
export function moved<T>(ids: readonly T[], index: number, step: -1 | 1): T[] {
  const next = [...ids];
  const other = index + step;
  if (index < 0 || index >= next.length || other < 0 || other >= next.length) return next;
  [next[index], next[other]] = [next[other]!, next[index]!];
  return next;
}
