import { describe, expect, it } from 'vitest';
import { growthOf, seriesGrowth } from '../../src/verdict/growth.js';
import { judgedWindow } from '../../src/verdict/window.js';
import { makeInput, makeSamples, noise, type SeriesSpec } from './synthetic.js';

const MB = 1024 * 1024;
const windowOf = (spec: SeriesSpec) => judgedWindow(makeInput({ samples: makeSamples(spec) }));

describe('seriesGrowth', () => {
  it('reports heapUsed, external and rss, in that order', () => {
    expect(seriesGrowth(windowOf({ n: 20 })).map((g) => g.series)).toEqual(['heapUsed', 'external', 'rss']);
  });

  it('finds no trend in a flat, noisy series', () => {
    const rnd = noise(1);
    const g = growthOf(windowOf({ n: 200, heap: () => 10 * MB + 20_000 * rnd() }), 'heapUsed');
    expect(Math.abs(g.perCycle)).toBeLessThan(5);
    expect(g.pValue).toBeGreaterThan(0.01);
    expect(g.perCycleLow).toBeLessThan(0);
    expect(g.perCycleHigh).toBeGreaterThan(0);
    expect(g.saturating).toBe(false);
  });

  it('measures a linear rise per cycle, per minute and in total', () => {
    const g = growthOf(windowOf({ n: 100, heap: (_i, c) => 10 * MB + 1032 * c }), 'heapUsed');
    expect(g.perCycle).toBeCloseTo(1032, 6);
    // 30 cycles per 1-second sample → 1,800 cycles a minute.
    expect(g.perMinute).toBeCloseTo(1032 * 1800, 3);
    expect(g.total).toBe(1032 * 99 * 30);
    expect(g.pValue).toBeLessThan(1e-10);
    expect(g.saturating).toBe(false);
  });

  it('takes external from postGc.external alone, which already includes arrayBuffers', () => {
    const samples = makeSamples({ n: 60, external: (_i, c) => 2 * MB + 1030 * c }).map((s) => ({
      ...s,
      postGc: s.postGc && { ...s.postGc, arrayBuffers: 100_000 + 1030 * s.cycle },
    }));
    const g = growthOf(judgedWindow(makeInput({ samples })), 'external');
    expect(g.perCycle).toBeCloseTo(1030, 6);
  });

  it('takes rss from the regular sample, not the post-GC one', () => {
    const samples = makeSamples({ n: 60, rss: (_i, c) => 80 * MB + 5000 * c }).map((s) => ({
      ...s,
      postGc: s.postGc && { ...s.postGc, rss: 80 * MB },
    }));
    expect(growthOf(judgedWindow(makeInput({ samples })), 'rss').perCycle).toBeCloseTo(5000, 6);
  });

  it('calls a one-time step in the middle saturating', () => {
    const rnd = noise(2);
    const g = growthOf(windowOf({ n: 200, heap: (i) => 10 * MB + (i >= 100 ? 4 * MB : 0) + 20_000 * rnd() }), 'heapUsed');
    expect(g.perCycle).toBeGreaterThan(128);
    expect(g.pValue).toBeLessThan(0.01);
    expect(g.saturating).toBe(true);
  });

  it('calls a cache that fills and stops saturating, and a steady leak not', () => {
    const rnd = noise(4);
    const cache = (_i: number, c: number) => 10 * MB + 500 * Math.min(c, 1800) + 10_000 * rnd();
    expect(growthOf(windowOf({ n: 200, heap: cache }), 'heapUsed').saturating).toBe(true);
    const leak = (_i: number, c: number) => 10 * MB + 180 * c + 50_000 * rnd();
    expect(growthOf(windowOf({ n: 200, heap: leak }), 'heapUsed').saturating).toBe(false);
  });

  it('does not call a last third of few cycles levelling off: too little to see is not a plateau', () => {
    // A short run on a loaded runner: 30 samples, 2 cycles each, a 1 KiB/cycle leak under 40 KB of GC noise.
    const rnd = noise(7);
    const leak = (_i: number, c: number) => 10 * MB + 1024 * c + 40_000 * rnd();
    const g = growthOf(windowOf({ n: 30, cyclesPerSample: 2, heap: leak }), 'heapUsed');
    expect(g.pValue).toBeLessThan(0.01);
    expect(g.lastPart).toBeNull();
    expect(g.saturating).toBe(false);
  });

  it('calls a plateau levelling off only when its last third has enough samples to show no trend', () => {
    // Rise 1 KiB/cycle, then flat: 20 cycles a sample, the rise over the first 60% of the samples.
    const rnd = noise(11);
    const plateau = (n: number) => (i: number, c: number) => 10 * MB + 1024 * Math.min(c, Math.floor(n * 0.6) * 20) + 2_000 * rnd();
    // 21 samples: a last third of 7, where even seven rising in a row would not be a significant trend.
    const few = growthOf(windowOf({ n: 21, cyclesPerSample: 20, heap: plateau(21) }), 'heapUsed');
    expect(few.pValue).toBeLessThan(0.01);
    expect(few.lastPart).toBeNull();
    expect(few.saturating).toBe(false);
    const enough = growthOf(windowOf({ n: 30, cyclesPerSample: 20, heap: plateau(30) }), 'heapUsed');
    expect(enough.lastPart).not.toBeNull();
    expect(enough.saturating).toBe(true);
  });

  it('gives zeros and p = 1 with fewer than 3 samples', () => {
    const g = growthOf(windowOf({ n: 2, heap: (i) => 10 * MB + i * 1000 }), 'heapUsed');
    expect(g).toEqual({
      series: 'heapUsed', perCycle: 0, perCycleLow: 0, perCycleHigh: 0, perMinute: 0, pValue: 1, saturating: false, lastPart: null, total: 1000,
    });
  });

  it('computes each window once', () => {
    const w = windowOf({ n: 30 });
    expect(growthOf(w, 'heapUsed')).toBe(growthOf(w, 'heapUsed'));
  });
});
