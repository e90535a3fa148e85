/** Small statistics and formatting for benchmark figures. */

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const MiB = 1024 * 1024;

export function mib(bytes, digits = 1) {
  return `${(bytes / MiB).toFixed(digits)} MiB`;
}

export function secs(ms, digits = 1) {
  return `${(ms / 1000).toFixed(digits)} s`;
}

export function ratio(value, digits = 2) {
  return Number.isFinite(value) ? `${value.toFixed(digits)}×` : 'n/a';
}

/** Rate (per second) between two `{ t, n }` points, t in ms. */
export function ratePerSecond(from, to) {
  return to.t > from.t ? ((to.n - from.n) * 1000) / (to.t - from.t) : NaN;
}

/** CPU ms per second over [from, to] of a rusage-hook timeline `[{ t, cpuMs }]` (t: ms since start). */
export function cpuRate(timeline, from, to) {
  const a = timeline.find((p) => p.t >= from);
  const b = [...timeline].reverse().find((p) => p.t <= to);
  return a && b && b.t > a.t ? ((b.cpuMs - a.cpuMs) * 1000) / (b.t - a.t) : NaN;
}
