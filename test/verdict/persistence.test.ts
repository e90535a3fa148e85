import { describe, expect, it } from 'vitest';
import { countGrowth } from '../../src/verdict/count-growth.js';
import { cycleRates } from '../../src/verdict/cycle-rates.js';
import { boundedGrowth, describeBounded, type SeriesPoint } from '../../src/verdict/persistence.js';
import { handleGrowthRule } from '../../src/verdict/rules/handle-growth.rule.js';
import { judgedWindow } from '../../src/verdict/window.js';
import { makeInput, makeSamples, makeScenario, noise } from './synthetic.js';

/** 60 points a second apart, 50 cycles each, valued by `f(second, cycle)`. */
function series(f: (s: number, cycle: number) => number, from = 0): SeriesPoint[] {
  return Array.from({ length: 60 - from }, (_, k) => {
    const s = from + k;
    return { t: s * 1000, cycle: s * 50, value: f(s, s * 50) };
  });
}

describe('boundedGrowth', () => {
  it('lets a leak persist: 1 per cycle, or 1 every 10th cycle, to the end', () => {
    expect(boundedGrowth(series((_s, c) => 3 + c, 15))).toBeNull();
    expect(boundedGrowth(series((_s, c) => Math.floor(c / 10), 15))).toBeNull();
  });

  it('calls time-bounded retention a plateau, with the moment and level it reached', () => {
    // Timers pending 15 s after each close at 50 cycles/s: up to 750, then flat (± a few in flight).
    const jitter = noise(7);
    const pending = (s: number) => Math.min(s, 15) * 50 + Math.round(jitter() * 3);
    const whole = series(pending);
    const b = boundedGrowth(series(pending, 10), whole);
    expect(b).toMatchObject({ pattern: 'plateau', levelledAtMs: 15_000 });
    expect(b?.level).toBeCloseTo(750, -1);
    expect(describeBounded('Timeout', b!, 'count')).toMatch(
      /^Timeout levelled off after ~15 s at ~75\d \([-+][\d.]+\/cycle over the window's last third, [-+][\d.]+\/cycle over all of it\): bounded retention, not a leak$/,
    );
  });

  it('calls a list emptied every 300 cycles a sawtooth, and a step then flat a plateau', () => {
    const saw = boundedGrowth(series((_s, c) => c % 300));
    expect(saw).toMatchObject({ pattern: 'sawtooth', low: 0, high: 250 });
    expect(describeBounded('(string)', saw!, 'count')).toBe('(string) rose and fell between 0 and 250: cleared periodically, not a leak');
    expect(boundedGrowth(series((s) => (s < 30 ? 100 : 400)))).toMatchObject({ pattern: 'plateau', levelledAtMs: 30_000 });
  });
});

describe('count growth that levels off', () => {
  it('does not fail Timeouts that level off at rate × 30 s, and says what they did', () => {
    // 60 s, 50 cycles a second; warm-up 5 s, so the count rises for the first 25 s of the window
    // (its Theil–Sen rise clears the floor of 5% of the cycles) and is flat for the rest. It is
    // dated by the first sample within 10% of the rise below its level: 28 s.
    const samples = makeSamples({ n: 60, cyclesPerSample: 50, resources: (i) => ({ Timeout: Math.min(i, 30) * 50 + (i % 3) }) });
    const input = makeInput({ samples, scenario: makeScenario({ warmup: { kind: 'ms', ms: 5_000 } }) });
    const [only, ...rest] = handleGrowthRule.evaluate(input, judgedWindow(input));
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ kind: 'handles', name: 'Timeout', failing: false, bounded: { pattern: 'plateau', levelledAtMs: 28_000 } });
    expect(only?.detail).toMatch(/^Timeout levelled off after ~28 s at ~1,50\d /);
  });

  it('still fails a timer leaked on every cycle and a count that grows by 1 every 10th cycle', () => {
    const samples = makeSamples({ n: 60, cyclesPerSample: 50, resources: (_i, c) => ({ Timeout: c, Immediate: Math.floor(c / 10) }) });
    const growth = countGrowth(samples.slice(10), (s) => s.resources, samples);
    expect(growth.map((g) => [g.key, g.growing, g.bounded])).toEqual([
      ['Immediate', true, null],
      ['Timeout', true, null],
    ]);
  });
});

describe('cycleRates', () => {
  it('gives warm-up and each third of the window in cycles per second', () => {
    // 30 cycles/s in the first 20 s, 60/s after: warm-up 20 s of 60 s.
    let cycle = 0;
    const samples = makeSamples({ n: 61 }).map((s, i) => {
      const sample = { ...s, cycle };
      cycle += i < 20 ? 30 : 60;
      return sample;
    });
    const input = makeInput({ samples, scenario: makeScenario({ warmup: { kind: 'ms', ms: 20_000 } }) });
    expect(cycleRates(samples, judgedWindow(input))).toEqual({ warmup: 30, window: [60, 60, 60] });
  });
});
