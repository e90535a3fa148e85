import { describe, expect, it } from 'vitest';
import { linearFit } from '../../src/stats/linear-fit.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('linearFit', () => {
  it('fits a line with r² = 1, and r² < 1 with noise', () => {
    const xs = range(20);
    const fit = linearFit(xs, xs.map((x) => 2 * x + 1));
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(1, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(linearFit(xs, xs.map((x) => (x % 2 === 0 ? x : -x))).r2).toBeLessThan(0.5);
  });

  it('gives the slope of uneven cycle counts, as heap growth uses it (objects per cycle)', () => {
    // Counts 100, 150, 300 at cycles 1000, 2000, 4000: Σdx·dy / Σdx² = 316,666.7 / 4,666,666.7 = 19/280.
    expect(linearFit([1000, 2000, 4000], [100, 150, 300]).slope).toBeCloseTo(19 / 280, 12);
  });

  it('gives a NaN slope when x never changes, and SOAK_INTERNAL for unequal lengths', () => {
    expect(Number.isNaN(linearFit([3, 3, 3], [1, 2, 3]).slope)).toBe(true);
    expect(linearFit([3, 3, 3], [1, 2, 3]).r2).toBe(0);
    expect(() => linearFit([1, 2], [1])).toThrow(expect.objectContaining({ code: 'SOAK_INTERNAL', message: 'linearFit: 2 xs but 1 ys' }));
  });
});
