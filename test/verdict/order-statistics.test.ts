import { describe, expect, it } from 'vitest';
import { selectRank } from '../../src/verdict/order-statistics.js';
import { noise } from './synthetic.js';

describe('selectRank', () => {
  it('agrees with a full sort at whole and fractional ranks, with many ties', () => {
    const rnd = noise(31);
    for (const n of [1, 2, 3, 10, 257, 5000]) {
      const values = Array.from({ length: n }, () => Math.round(5 * rnd()));
      const sorted = [...values].sort((a, b) => a - b);
      for (const rank of [1, 1.5, (n + 1) / 2, n * 0.3 + 0.25, n]) {
        const pos = Math.min(n - 1, Math.max(0, rank - 1));
        const lo = Math.floor(pos);
        const want = (sorted[lo] as number) + ((sorted[Math.min(n - 1, lo + 1)] as number) - (sorted[lo] as number)) * (pos - lo);
        expect(selectRank(Float64Array.from(values), rank)).toBeCloseTo(want, 12);
      }
    }
  });

  it('clamps ranks outside 1..n to the extremes', () => {
    expect(selectRank(Float64Array.from([3, 1, 2]), 0.2)).toBe(1);
    expect(selectRank(Float64Array.from([3, 1, 2]), 7)).toBe(3);
  });
});
