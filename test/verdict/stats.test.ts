import { describe, expect, it } from 'vitest';
import {
  THEIL_SEN_MAX_PAIRS,
  falseDiscoveryPass,
  mannKendallRiseP,
  erfc,
  linearFit,
  mannKendall,
  median,
  quantile,
  theilSen,
} from '../../src/verdict/stats.js';
import { noise } from './synthetic.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('theilSen', () => {
  it('recovers an exact line, with a zero-width interval', () => {
    const xs = range(50);
    const fit = theilSen(xs, xs.map((x) => 3 * x + 2));
    expect(fit.slope).toBe(3);
    expect(fit.intercept).toBe(2);
    expect(fit.slopeLow).toBe(3);
    expect(fit.slopeHigh).toBe(3);
    expect(fit.exact).toBe(true);
  });

  it('ignores outliers that would drag a least-squares line', () => {
    const xs = range(10);
    const ys = xs.map((x) => 2 * x);
    ys[3] = 500;
    expect(theilSen(xs, ys).slope).toBe(2);
    expect(linearFit(xs, ys).slope).not.toBeCloseTo(2, 1);
  });

  it("matches Sen's interval computed independently for a small case", () => {
    // Expected values from a separate brute-force computation (all 45 slopes, Var(S) = 125).
    const xs = range(10).map((i) => i + 1);
    const ys = [2.0, 4.5, 5.0, 9.0, 9.5, 12.0, 15.5, 15.0, 19.0, 21.0];
    const fit = theilSen(xs, ys);
    expect(fit.pairs).toBe(45);
    expect(fit.slope).toBeCloseTo(2.111111111111111, 12);
    expect(fit.slopeLow).toBeCloseTo(1.8333333333333333, 12);
    expect(fit.slopeHigh).toBeCloseTo(2.3333333333333335, 12);
    expect(fit.intercept).toBeCloseTo(-0.11111111111111094, 12);
  });

  it('skips pairs with equal x, and gives NaN when x never changes', () => {
    const fit = theilSen([0, 0, 1, 1], [0, 10, 5, 15]);
    // Pairs with distinct x: (0,5)=5, (0,15)=15, (10,5)=-5, (10,15)=5 → median 5.
    expect(fit.pairs).toBe(4);
    expect(fit.slope).toBe(5);
    expect(Number.isNaN(theilSen([4, 4, 4], [1, 2, 3]).slope)).toBe(true);
    expect(theilSen([], []).pairs).toBe(0);
  });

  it('handles 10,000 noisy points deterministically by sampling pairs (speed is measured in bench/, not here)', () => {
    const rnd = noise(7);
    const xs = range(10_000).map((i) => i * 30);
    const ys = xs.map((x) => 5 * x + 20_000 * rnd());
    const fit = theilSen(xs, ys);
    expect(fit.exact).toBe(false);
    expect(fit.pairs).toBe(THEIL_SEN_MAX_PAIRS);
    expect(fit.slope).toBeGreaterThan(4.95);
    expect(fit.slope).toBeLessThan(5.05);
    expect(fit.slopeLow).toBeLessThan(5);
    expect(fit.slopeHigh).toBeGreaterThan(5);
    expect(fit.slopeHigh - fit.slopeLow).toBeLessThan(0.2);
    expect(theilSen(xs, ys)).toEqual(fit);
  });

  it('rejects xs and ys of different lengths', () => {
    expect(() => theilSen([1, 2], [1])).toThrow(expect.objectContaining({ code: 'SOAK_INTERNAL' }));
  });
});

describe('mannKendall', () => {
  it('matches a hand-computed case without ties', () => {
    // S = 4 (5 concordant, 1 discordant), Var = 4·3·13/18, Z = 3/√Var.
    const mk = mannKendall([1, 3, 2, 4]);
    expect(mk.s).toBe(4);
    expect(mk.varS).toBeCloseTo(156 / 18, 12);
    expect(mk.z).toBeCloseTo(1.0190493307301363, 12);
    expect(mk.p).toBeCloseTo(0.308179547467054, 9);
  });

  it('corrects the variance for ties', () => {
    // One pair tied: Var = (156 − 2·1·9)/18.
    const mk = mannKendall([1, 2, 2, 3]);
    expect(mk.s).toBe(5);
    expect(mk.varS).toBeCloseTo(138 / 18, 12);
    expect(mk.p).toBeCloseTo(0.1485617748918687, 9);
  });

  it('finds a decreasing trend with ties', () => {
    const mk = mannKendall([5, 4, 4, 3, 1, 2, 0, 0]);
    expect(mk.s).toBe(-24);
    expect(mk.z).toBeCloseTo(-2.890091967212699, 12);
    expect(mk.p).toBeCloseTo(0.0038512913785902227, 9);
  });

  it('gives p = 1 for a constant or too-short series', () => {
    expect(mannKendall([3, 3, 3, 3]).p).toBe(1);
    expect(mannKendall([1]).p).toBe(1);
    expect(mannKendall([]).s).toBe(0);
  });

  it('counts S like the brute-force definition on a long series with ties', () => {
    const rnd = noise(3);
    const ys = range(2_000).map((i) => Math.round(i / 200 + 4 * rnd()));
    let s = 0;
    for (let i = 0; i < ys.length; i++) {
      for (let j = i + 1; j < ys.length; j++) s += Math.sign((ys[j] as number) - (ys[i] as number));
    }
    expect(mannKendall(ys).s).toBe(s);
  });

  it('finds no trend in 10,000 points of pure noise', () => {
    const rnd = noise(11);
    const ys = range(10_000).map(() => rnd());
    const mk = mannKendall(ys);
    expect(mk.p).toBeGreaterThan(0.01);
  });
});

describe('median, quantile, erfc', () => {
  it('computes median and interpolated quantiles', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([0, 10, 20, 30, 40], 0.25)).toBe(10);
    expect(quantile([0, 10], 0.75)).toBe(7.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('matches known values of erfc on both sides of the series/fraction switch', () => {
    const known: Array<[number, number]> = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [1.9, 0.0072095707647425325],
      [2, 0.004677734981047265],
      [2.5, 0.0004069520174449589],
      [3, 2.2090496998585438e-5],
      [5, 1.5374597944280351e-12],
      [-1, 1.842700792949715],
    ];
    for (const [x, want] of known) expect(Math.abs(erfc(x) - want) / want).toBeLessThan(1e-10);
  });
});

describe('mannKendallRiseP and falseDiscoveryPass', () => {
  it('gives the exact share of orders: 1/n! for a rise at every step, 1/2 for no trend', () => {
    expect(mannKendallRiseP([1, 2, 3, 4, 5])).toBeCloseTo(1 / 120, 12);
    expect(mannKendallRiseP([1, 2, 3, 4])).toBeCloseTo(1 / 24, 12);
    // One inversion among 5: (1 + 4) of 120 orders have at most one.
    expect(mannKendallRiseP([1, 3, 2, 4, 5])).toBeCloseTo(5 / 120, 12);
    expect(mannKendallRiseP([5, 4, 3, 2, 1])).toBe(1);
  });

  it('falls back to the normal approximation with ties', () => {
    expect(mannKendallRiseP([1, 1, 2, 3, 4, 5, 6])).toBeCloseTo(mannKendall([1, 1, 2, 3, 4, 5, 6]).p / 2, 12);
  });

  it('passes every p at or below the Benjamini–Hochberg cut, and none when the smallest is too big', () => {
    expect(falseDiscoveryPass([0.001, 0.008, 0.04, 0.5], 0.05)).toBe(0.008);
    expect(falseDiscoveryPass([1 / 120, 1 / 120, 1 / 120], 0.01)).toBeCloseTo(1 / 120, 12);
    expect(falseDiscoveryPass([1 / 24], 0.01)).toBe(-1);
    expect(falseDiscoveryPass([], 0.01)).toBe(-1);
  });
});
