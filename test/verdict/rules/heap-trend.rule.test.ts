import { describe, expect, it } from 'vitest';
import { externalTrendRule } from '../../../src/verdict/rules/external-trend.rule.js';
import { growthOf } from '../../../src/verdict/growth.js';
import { heapTrendRule } from '../../../src/verdict/rules/heap-trend.rule.js';
import type { VerdictRule } from '../../../src/verdict/types.js';
import { judgedWindow } from '../../../src/verdict/window.js';
import { makeInput, makeSamples, noise, type SeriesSpec } from '../synthetic.js';

const MB = 1024 * 1024;

function run(rule: VerdictRule, spec: SeriesSpec) {
  const input = makeInput({ samples: makeSamples(spec) });
  return rule.evaluate(input, judgedWindow(input));
}

describe('heap-trend rule', () => {
  it('fails a steady rise above the limit, with the figures', () => {
    const [e] = run(heapTrendRule, { n: 100, heap: (_i, c) => 10 * MB + 1032 * c });
    expect(e).toEqual({
      kind: 'trend',
      name: 'heapUsed',
      perCycle: 1032,
      detail: 'post-GC heapUsed +1,032 B/cycle (95% CI 1,032–1,032; limit 128 B)',
      failing: true,
    });
  });

  it('fails a noisy 180 B/cycle leak', () => {
    const rnd = noise(5);
    const [e] = run(heapTrendRule, { n: 200, heap: (_i, c) => 10 * MB + 180 * c + 50_000 * rnd() });
    expect(e?.failing).toBe(true);
    expect(e?.perCycle).toBeGreaterThan(160);
    expect(e?.perCycle).toBeLessThan(200);
    expect(e?.detail).toMatch(/^post-GC heapUsed \+1\d\d B\/cycle \(95% CI 1\d\d–\d{3}; limit 128 B\)$/);
  });

  it('shows but does not fail a significant drift below the limit', () => {
    const rnd = noise(6);
    const [e] = run(heapTrendRule, { n: 200, heap: (_i, c) => 10 * MB + 6 * c + 5_000 * rnd() });
    expect(e?.failing).toBe(false);
    expect(e?.detail).toMatch(/^post-GC heapUsed \+6 B\/cycle \(95% CI \d–\d; limit 128 B\), below the limit$/);
  });

  it('shows but does not fail a flat series', () => {
    const rnd = noise(8);
    const [e] = run(heapTrendRule, { n: 200, heap: () => 10 * MB + 20_000 * rnd() });
    expect(e?.failing).toBe(false);
    expect(e?.detail).toMatch(/, no significant rise \(p = 0\.\d{3}\)$/);
  });

  it('says so when a series has a monotonic trend whose slope interval still reaches 0', () => {
    // Flat, with one small step near the end: every pair across it agrees (Mann–Kendall p < 0.001),
    // while most pairs lie on the first plateau (Theil–Sen slope 0, CI from 0).
    const [e] = run(heapTrendRule, { n: 200, heap: (i) => 10 * MB + (i >= 185 ? 4096 : 0) });
    expect(e?.failing).toBe(false);
    expect(e?.detail).toMatch(/, no significant rise \(a monotonic trend, p < 0\.001, but its 95% CI starts at 0 B\/cycle\)$/);
  });

  it('does not fail a lazy one-time allocation (step) that levels off', () => {
    const rnd = noise(2);
    const [e] = run(heapTrendRule, { n: 200, heap: (i) => 10 * MB + (i >= 100 ? 4 * MB : 0) + 20_000 * rnd() });
    expect(e?.perCycle).toBeGreaterThan(128);
    expect(e?.failing).toBe(false);
    expect(e?.detail).toMatch(/; post-GC heapUsed levelled off after ~\d+ s at ~[\d.]+ MiB \(.*\): bounded retention, not a leak$/);
    expect(e?.bounded?.pattern).toBe('plateau');
  });

  it('passes a step whose last third still creeps up, but surely below the limit; fails a leak after a step', () => {
    const rnd = noise(3);
    // A 4 MB step in the middle, then 40 B/cycle of V8-like creep: the last third is significant but small.
    const creep = (i: number, c: number) => 10 * MB + (i >= 100 ? 4 * MB : 0) + 40 * c + 5_000 * rnd();
    const [e] = run(heapTrendRule, { n: 200, heap: creep });
    const input = makeInput({ samples: makeSamples({ n: 200, heap: creep }) });
    const g = growthOf(judgedWindow(input), 'heapUsed');
    expect(g.saturating).toBe(false); // the last third has a trend of its own …
    expect(g.lastPart?.pValue).toBeLessThan(0.01);
    expect(g.lastPart?.perCycleHigh).toBeLessThan(128); // … but surely below the limit
    expect(e?.failing).toBe(false);
    expect(e?.detail).toMatch(/; post-GC heapUsed levelled off after ~\d+ s at ~[\d.]+ MiB \(.*\): bounded retention, not a leak$/);
    expect(e?.bounded?.pattern).toBe('plateau');
    // The same step followed by a 600 B/cycle leak is not levelling off.
    const leak = (i: number, c: number) => 10 * MB + (i >= 100 ? 4 * MB + 600 * (c - 3000) : 0) + 5_000 * rnd();
    expect(run(heapTrendRule, { n: 200, heap: leak })[0]?.failing).toBe(true);
  });

  it('never fails a trend with too little data', () => {
    const [e] = run(heapTrendRule, { n: 6, cyclesPerSample: 5, heap: (_i, c) => 10 * MB + 5000 * c });
    expect(e?.failing).toBe(false);
    expect(e?.detail).toBe('post-GC heapUsed +5,000 B/cycle (95% CI 5,000–5,000; limit 128 B), not judged: too little data');
  });
});

describe('external-trend rule', () => {
  it('fails a 1 KB Buffer per cycle that heapUsed barely shows', () => {
    const spec: SeriesSpec = { n: 100, heap: (_i, c) => 10 * MB + 2 * c, external: (_i, c) => 2 * MB + 1030 * c };
    const [ext] = run(externalTrendRule, spec);
    expect(ext).toEqual({
      kind: 'trend',
      name: 'external',
      perCycle: 1030,
      detail: 'post-GC external +1,030 B/cycle (95% CI 1,030–1,030; limit 128 B)',
      failing: true,
    });
    expect(run(heapTrendRule, spec)[0]?.failing).toBe(false);
  });

  it('does not fail flat external memory', () => {
    const rnd = noise(9);
    const [ext] = run(externalTrendRule, { n: 100, external: () => 2 * MB + 4096 * rnd() });
    expect(ext?.name).toBe('external');
    expect(ext?.failing).toBe(false);
  });
});
