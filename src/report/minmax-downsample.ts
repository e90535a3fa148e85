/**
 * Min/max downsampling for the HTML charts of long soaks: a chart of hours of samples keeps
 * every spike and dip, because each bucket keeps the samples where each series is lowest and
 * highest, rather than a mean that would smooth a leak's sawtooth away.
 */

/** Buckets per chart: with up to 2 kept samples per series per bucket, a chart has ≤ 2 × this many points per series. */
export const CHART_BUCKETS = 500;

/**
 * Indices of the samples to keep, ascending: in each of `buckets` equal runs of indices, the
 * index of the minimum and of the maximum of every series (nulls and NaN ignored), plus the
 * first and last index. All series share the kept indices, so they stay aligned on one x axis.
 * When `length ≤ 2 × buckets` every index is kept.
 */
export function minMaxIndices(series: ReadonlyArray<ReadonlyArray<number | null>>, length: number, buckets: number): number[] {
  if (length <= 0) return [];
  if (buckets < 1 || length <= 2 * buckets) return Array.from({ length }, (_, i) => i);
  const keep = new Set<number>([0, length - 1]);
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * length) / buckets);
    const to = Math.floor(((b + 1) * length) / buckets);
    for (const values of series) {
      let minAt = -1;
      let maxAt = -1;
      for (let i = from; i < to; i++) {
        const v = values[i];
        if (v === null || v === undefined || Number.isNaN(v)) continue;
        if (minAt < 0 || v < (values[minAt] as number)) minAt = i;
        if (maxAt < 0 || v > (values[maxAt] as number)) maxAt = i;
      }
      if (minAt >= 0) keep.add(minAt);
      if (maxAt >= 0) keep.add(maxAt);
    }
  }
  return [...keep].sort((a, b) => a - b);
}

/** The values at `indices`, in that order. */
export function pick<T>(values: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => values[i] as T);
}
