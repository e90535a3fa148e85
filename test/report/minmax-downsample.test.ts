import { describe, expect, it } from 'vitest';
import { minMaxIndices, pick } from '../../src/report/minmax-downsample.js';

describe('minMaxIndices', () => {
  it('keeps every index of a series short enough to chart whole', () => {
    expect(minMaxIndices([[5, 1, 4]], 3, 2)).toEqual([0, 1, 2]);
    expect(minMaxIndices([[]], 0, 10)).toEqual([]);
  });

  it('keeps the minimum and maximum of each bucket, so a one-sample spike survives', () => {
    const n = 10_000;
    const values = Array.from({ length: n }, (_, i) => 100 + (i % 7));
    values[4321] = 1_000_000; // spike
    values[8765] = -5; // dip
    const idx = minMaxIndices([values], n, 100);
    expect(idx.length).toBeLessThanOrEqual(2 * 100 + 2);
    expect(idx).toContain(4321);
    expect(idx).toContain(8765);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(n - 1);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    const kept = pick(values, idx);
    expect(Math.max(...kept)).toBe(1_000_000);
    expect(Math.min(...kept)).toBe(-5);
  });

  it('keeps the extremes of every series at indices shared by all of them, ignoring nulls and NaN', () => {
    const n = 1000;
    const a = Array.from({ length: n }, (_, i) => i);
    const b: Array<number | null> = Array.from({ length: n }, (_, i) => (i === 500 ? 99 : i % 2 ? null : 0));
    b[501] = Number.NaN;
    const idx = minMaxIndices([a, b], n, 10);
    expect(idx).toContain(500); // b's maximum, in the bucket 500–599
    expect(idx).not.toContain(501);
    expect(idx.length).toBeLessThanOrEqual(10 * 4 + 2);
    // a is increasing: each bucket's first index is its min and its last its max.
    expect(idx).toContain(99);
    expect(idx).toContain(100);
  });

  it('does not keep a sample that is neither a bucket minimum nor maximum', () => {
    const values = Array.from({ length: 400 }, (_, i) => (i === 7 ? 50 : i === 3 ? -50 : 0));
    const idx = minMaxIndices([values], 400, 100);
    expect(idx).toContain(7);
    expect(idx).toContain(3);
    expect(idx).not.toContain(5); // a flat sample in the same bucket (indices 4–7)
  });
});
