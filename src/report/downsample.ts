/** Fits a long series into a fixed number of points for a chart. */

/**
 * Splits `values` into `width` buckets and keeps each bucket's mean, so a chart of a
 * long soak has one point per column. Shorter series come back unchanged.
 */
export function downsampleMean(values: number[], width: number): number[] {
  if (values.length <= width) return values.slice();
  const out: number[] = [];
  for (let b = 0; b < width; b++) {
    const from = Math.floor((b * values.length) / width);
    const to = Math.max(from + 1, Math.floor(((b + 1) * values.length) / width));
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i] ?? 0;
    out.push(sum / (to - from));
  }
  return out;
}
