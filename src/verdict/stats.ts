/**
 * Robust trend statistics for the leak verdict: Theil–Sen slope with Sen's confidence interval,
 * the Mann–Kendall trend test, ordinary least squares, median and quantile. Pure, no dependencies.
 */
import { SoakError } from '../errors.js';
import { twoSidedP } from './normal.js';
import { median, selectRank } from './order-statistics.js';

export { median, quantile } from './order-statistics.js';
export { erfc } from './normal.js';
export { linearFit, type LinearFit } from '../stats/linear-fit.js';

/** Most pairwise slopes Theil–Sen looks at; above this it samples a deterministic set of this many pairs. */
export const THEIL_SEN_MAX_PAIRS = 200_000;

/** Seed of the pair sampler, so the same series always gives the same figures. */
const PAIR_SAMPLER_SEED = 0x5eed_50a4;

/** z for a two-sided 95% interval (97.5th percentile of the standard normal). */
const Z_975 = 1.959963984540054;

export interface TheilSenFit {
  /** Median of the pairwise slopes (y units per x unit); NaN with fewer than two distinct xs. */
  slope: number;
  /** Median of `y − slope·x`. */
  intercept: number;
  /** 95% confidence interval of the slope (Sen 1968, normal approximation of Kendall's S). */
  slopeLow: number;
  slopeHigh: number;
  /** Pairwise slopes actually computed (all pairs, or a deterministic sample of them). */
  pairs: number;
  /** True when every pair with distinct xs was used. */
  exact: boolean;
}

export interface MannKendall {
  /** Kendall's S: concordant minus discordant pairs in time order. */
  s: number;
  /** Variance of S under no trend, corrected for ties. */
  varS: number;
  /** Normal score with continuity correction. */
  z: number;
  /** Two-sided p-value; 1 when there is nothing to test. */
  p: number;
}

/**
 * Theil–Sen estimator of y against x, with Sen's 95% confidence interval of the slope.
 *
 * Pairs with equal x are skipped. The interval takes the ordered pairwise slopes at ranks
 * (N − C)/2 and (N + C)/2 + 1, where N is the number of pairs with distinct x and
 * C = 1.96·√Var(S), Var(S) being the Mann–Kendall variance of y with its tie correction;
 * ranks are interpolated and clamped to the extreme slopes (so for n < 5 it is too narrow).
 *
 * Up to {@link THEIL_SEN_MAX_PAIRS} pairs it is exact. Beyond that (n ≳ 630) it draws that many
 * pairs with a seeded generator and reads the same rank fractions off the sample: the median is
 * unbiased and the interval ends move by about 0.1% of N in rank, well inside the interval.
 * Order statistics come from selection, not a full sort: 10,000 points take ~20 ms.
 */
export function theilSen(xs: readonly number[], ys: readonly number[]): TheilSenFit {
  if (xs.length !== ys.length) {
    throw new SoakError('SOAK_INTERNAL', `theilSen: ${xs.length} xs but ${ys.length} ys`);
  }
  const n = xs.length;
  const distinctPairs = pairCount(n) - tiedPairs(xs);
  const exact = distinctPairs <= THEIL_SEN_MAX_PAIRS;
  const slopes = exact ? allSlopes(xs, ys, distinctPairs) : sampledSlopes(xs, ys);
  const m = slopes.length;
  if (m === 0) {
    return { slope: NaN, intercept: NaN, slopeLow: NaN, slopeHigh: NaN, pairs: 0, exact };
  }
  const slope = selectRank(slopes, (m + 1) / 2);
  const c = Z_975 * Math.sqrt(mannKendallVariance(ys));
  // Sen's ranks are in 1..N; a sample of m slopes maps them linearly onto 1..m.
  const toSample = (rank: number): number =>
    distinctPairs > 1 ? 1 + (rank - 1) * (m - 1) / (distinctPairs - 1) : 1;
  const slopeLow = selectRank(slopes, toSample((distinctPairs - c) / 2));
  const slopeHigh = selectRank(slopes, toSample((distinctPairs + c) / 2 + 1));
  const residuals = ys.map((y, i) => y - slope * (xs[i] as number));
  return { slope, intercept: median(residuals), slopeLow, slopeHigh, pairs: m, exact };
}

/**
 * Mann–Kendall test for a monotonic trend in a series taken in time order.
 * S is counted in O(n log n) with a merge sort, so 10,000 points take a few milliseconds.
 */
export function mannKendall(ys: readonly number[]): MannKendall {
  const n = ys.length;
  const allPairs = pairCount(n);
  const discordant = countInversions(ys);
  const s = allPairs - tiedPairs(ys) - 2 * discordant;
  const varS = mannKendallVariance(ys);
  if (varS <= 0) return { s, varS, z: 0, p: 1 };
  // Continuity correction: S moves in steps of 2, so shrink it by 1 toward 0.
  const z = s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0;
  return { s, varS, z, p: twoSidedP(z) };
}

/**
 * Benjamini–Hochberg: the largest p-value among `pValues` that passes at false discovery rate
 * `q` (every p at or below it is a discovery), or -1 when none does.
 */
export function falseDiscoveryPass(pValues: readonly number[], q: number): number {
  const sorted = [...pValues].sort((a, b) => a - b);
  const m = sorted.length;
  let pass = -1;
  sorted.forEach((p, i) => {
    if (p <= ((i + 1) / m) * q) pass = p;
  });
  return pass;
}

/** Largest series for the exact rise test (12! permutations, counted by inversions). */
const EXACT_MAX_N = 12;

/**
 * One-sided p-value of a rise in a series taken in time order (Mann–Kendall's S or more under no
 * trend). Exact for up to 12 values without ties — the share of the n! orders with at most as
 * many inversions, counted with Mahonian numbers: 5 values that rise at every step give 1/120 —
 * else the normal approximation of {@link mannKendall}, halved.
 */
export function mannKendallRiseP(ys: readonly number[]): number {
  const n = ys.length;
  if (n < 2) return 1;
  if (n > EXACT_MAX_N || tieGroupSizes(ys).length > 0) {
    const mk = mannKendall(ys);
    return mk.s > 0 ? mk.p / 2 : 1;
  }
  const inversions = countInversions(ys);
  // perms[k]: orders of n values with exactly k inversions.
  let perms = [1];
  for (let size = 2; size <= n; size++) {
    const next = new Array<number>(perms.length + size - 1).fill(0);
    perms.forEach((count, k) => {
      for (let add = 0; add < size; add++) next[k + add] = (next[k + add] as number) + count;
    });
    perms = next;
  }
  let atMost = 0;
  let total = 0;
  perms.forEach((count, k) => {
    total += count;
    if (k <= inversions) atMost += count;
  });
  return atMost / total;
}

/** Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over groups of t tied values. */
export function mannKendallVariance(ys: readonly number[]): number {
  const n = ys.length;
  let ties = 0;
  for (const t of tieGroupSizes(ys)) ties += t * (t - 1) * (2 * t + 5);
  return (n * (n - 1) * (2 * n + 5) - ties) / 18;
}

function allSlopes(xs: readonly number[], ys: readonly number[], count: number): Float64Array {
  const out = new Float64Array(Math.max(0, count));
  let k = 0;
  for (let i = 0; i < xs.length; i++) {
    const xi = xs[i] as number;
    const yi = ys[i] as number;
    for (let j = i + 1; j < xs.length; j++) {
      const dx = (xs[j] as number) - xi;
      if (dx !== 0) out[k++] = ((ys[j] as number) - yi) / dx;
    }
  }
  return out.subarray(0, k);
}

function sampledSlopes(xs: readonly number[], ys: readonly number[]): Float64Array {
  const n = xs.length;
  const out = new Float64Array(THEIL_SEN_MAX_PAIRS);
  const random = mulberry32(PAIR_SAMPLER_SEED);
  let k = 0;
  // Bounded: a pair with equal x is redrawn, but never more than 4× the pairs wanted.
  for (let tries = 0; k < out.length && tries < 4 * THEIL_SEN_MAX_PAIRS; tries++) {
    const i = Math.floor(random() * n);
    const j = Math.floor(random() * n);
    const dx = (xs[j] as number) - (xs[i] as number);
    if (dx !== 0) out[k++] = ((ys[j] as number) - (ys[i] as number)) / dx;
  }
  return out.subarray(0, k);
}

/** Small seeded PRNG (mulberry32), uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sizes (> 1) of the groups of equal values. */
function tieGroupSizes(values: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const sizes: number[] = [];
  let run = 1;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]) {
      run++;
    } else {
      if (run > 1) sizes.push(run);
      run = 1;
    }
  }
  return sizes;
}

/** n(n−1)/2, and 0 (not −0) for n = 0. */
function pairCount(n: number): number {
  return n < 2 ? 0 : (n * (n - 1)) / 2;
}

function tiedPairs(values: readonly number[]): number {
  let pairs = 0;
  for (const t of tieGroupSizes(values)) pairs += pairCount(t);
  return pairs;
}

/** Pairs i < j with values[i] > values[j] (strictly), by a bottom-up merge sort. */
function countInversions(values: readonly number[]): number {
  let a = Float64Array.from(values);
  let b = new Float64Array(a.length);
  let inversions = 0;
  for (let width = 1; width < a.length; width *= 2) {
    for (let start = 0; start < a.length; start += 2 * width) {
      const mid = Math.min(start + width, a.length);
      const end = Math.min(start + 2 * width, a.length);
      let i = start;
      let j = mid;
      let k = start;
      while (i < mid && j < end) {
        // Equal values go left first, so ties are never counted as inversions.
        if ((a[i] as number) <= (a[j] as number)) {
          b[k++] = a[i++] as number;
        } else {
          inversions += mid - i;
          b[k++] = a[j++] as number;
        }
      }
      while (i < mid) b[k++] = a[i++] as number;
      while (j < end) b[k++] = a[j++] as number;
    }
    [a, b] = [b, a];
  }
  return inversions;
}
