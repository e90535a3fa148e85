import { describe, expect, it } from 'vitest';
import { judgedWindow } from '../../src/verdict/window.js';
import { makeInput, makeSamples, makeScenario } from './synthetic.js';

describe('judgedWindow', () => {
  it('starts after a warm-up given in milliseconds', () => {
    const samples = makeSamples({ n: 10 });
    const w = judgedWindow(makeInput({ samples, scenario: makeScenario({ warmup: { kind: 'ms', ms: 3000 } }) }));
    expect(w.fromMs).toBe(3000);
    expect(w.toMs).toBe(9000);
    expect(w.samples.map((s) => s.t)).toEqual([3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    expect([w.fromCycle, w.toCycle, w.cycles]).toEqual([90, 270, 180]);
  });

  it('starts after a warm-up given as a share of the run length', () => {
    const samples = makeSamples({ n: 10 });
    const input = makeInput({ samples, totalMs: 10_000, scenario: makeScenario({ warmup: { kind: 'fraction', fraction: 0.5 } }) });
    const w = judgedWindow(input);
    expect(w.fromMs).toBe(5000);
    expect(w.toMs).toBe(10_000);
    expect(w.samples.map((s) => s.t)).toEqual([5000, 6000, 7000, 8000, 9000]);
    expect(w.cycles).toBe(120);
  });

  it('keeps only post-GC samples for memory, but every sample for counts and cycles', () => {
    const samples = makeSamples({ n: 6 }).map((s, i) => (i % 2 === 1 ? { ...s, postGc: null } : s));
    const w = judgedWindow(makeInput({ samples }));
    expect(w.samples.map((s) => s.t)).toEqual([0, 2000, 4000]);
    expect(w.allSamples).toHaveLength(6);
    expect(w.cycles).toBe(150);
  });

  it('is empty with zero cycles when warm-up covers the whole run', () => {
    const samples = makeSamples({ n: 5 });
    const w = judgedWindow(makeInput({ samples, scenario: makeScenario({ warmup: { kind: 'ms', ms: 60_000 } }) }));
    expect(w.samples).toEqual([]);
    expect(w.allSamples).toEqual([]);
    expect(w.cycles).toBe(0);
  });
});
