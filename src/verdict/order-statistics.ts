/** Order statistics: median, quantiles and selection by rank, on plain number lists. */

/** Median; NaN for an empty list. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Quantile q in [0, 1] with linear interpolation between order statistics; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return atRank(sorted, 1 + Math.min(1, Math.max(0, q)) * (sorted.length - 1));
}

/** Value at a 1-based, possibly fractional rank of a sorted array, clamped to its ends. */
function atRank(sorted: Float64Array, rank: number): number {
  const last = sorted.length - 1;
  const pos = Math.min(last, Math.max(0, rank - 1));
  const lo = Math.floor(pos);
  const hi = Math.min(last, lo + 1);
  const frac = pos - lo;
  const a = sorted[lo] as number;
  return frac === 0 ? a : a + (((sorted[hi] as number) - a) * frac);
}

/**
 * Value at a 1-based, possibly fractional rank of an unsorted array, clamped to its ends.
 * Reorders the array (Hoare's selection, expected O(n)), which later calls tolerate.
 */
export function selectRank(values: Float64Array, rank: number): number {
  const last = values.length - 1;
  const pos = Math.min(last, Math.max(0, rank - 1));
  const lo = Math.floor(pos);
  select(values, lo);
  const a = values[lo] as number;
  if (pos === lo) return a;
  // After selection everything right of lo is ≥ a, so the next order statistic is their minimum.
  let next = Infinity;
  for (let i = lo + 1; i <= last; i++) next = Math.min(next, values[i] as number);
  return a + (next - a) * (pos - lo);
}

/** Rearranges `a` so that `a[k]` holds the k-th smallest value (0-based), smaller ones left of it. */
function select(a: Float64Array, k: number): void {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const pivot = medianOfThree(a[left] as number, a[(left + right) >>> 1] as number, a[right] as number);
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i++] = a[j] as number;
        a[j--] = t;
      }
    }
    // Now a[left..j] ≤ pivot ≤ a[i..right], and anything strictly between equals the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
