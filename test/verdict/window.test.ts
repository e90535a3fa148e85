import { describe, expect, it } from 'vitest';
import { judgedWindow, snapshotsInWindow } from '../../src/verdict/window.js';
import { makeInput, makeSamples, makeScenario, makeSnapshots } from './synthetic.js';

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

  it('leaves out start-up samples taken before the first cycle in a provisional verdict only', () => {
    // The first sample is at cycle 0: the process was still loading its modules.
    const input = makeInput({ samples: makeSamples({ n: 6 }) });
    expect(judgedWindow(input).samples.map((s) => s.cycle)).toEqual([0, 30, 60, 90, 120, 150]);
    const early = judgedWindow({ ...input, provisional: true });
    expect(early.samples.map((s) => s.cycle)).toEqual([30, 60, 90, 120, 150]);
    expect(early.allSamples).toHaveLength(5);
    expect([early.fromCycle, early.cycles]).toEqual([30, 120]);
  });

  it('counts a provisional warm-up from the loop start, not the run start, when the processes were slow to start', () => {
    // The first cycle ended between 8 s and 9 s: 8 s went to starting the processes.
    const samples = makeSamples({ n: 21 }).map((s) => (s.t <= 8000 ? { ...s, cycle: 0 } : s));
    const scenario = makeScenario({ warmup: { kind: 'fraction', fraction: 0.25 } });
    const whole = judgedWindow(makeInput({ samples, totalMs: 20_000, scenario }));
    expect(whole.fromMs).toBe(5000);
    const early = judgedWindow({ ...makeInput({ samples, totalMs: 20_000, scenario }), provisional: true });
    expect(early.fromMs).toBe(8000 + 0.25 * 12_000);
    expect(early.samples[0]?.t).toBe(11_000);
    const byMs = judgedWindow({ ...makeInput({ samples, totalMs: 20_000, scenario: makeScenario({ warmup: { kind: 'ms', ms: 2000 } }) }), provisional: true });
    expect(byMs.fromMs).toBe(10_000);
  });

  it('lists the snapshots taken inside the window', () => {
    const input = makeInput({
      samples: makeSamples({ n: 10 }),
      scenario: makeScenario({ warmup: { kind: 'ms', ms: 3000 } }),
      snapshots: makeSnapshots([1000, 3000, 6000, 9000].map((t) => ({ t, cycle: t / 100 }))),
    });
    expect(snapshotsInWindow(input, judgedWindow(input))).toEqual([1, 2, 3]);
  });
});
