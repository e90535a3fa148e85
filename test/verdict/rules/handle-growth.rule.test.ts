import { describe, expect, it } from 'vitest';
import { handleGrowthRule } from '../../../src/verdict/rules/handle-growth.rule.js';
import { listenerGrowthRule } from '../../../src/verdict/rules/listener-growth.rule.js';
import type { VerdictRule } from '../../../src/verdict/types.js';
import { judgedWindow } from '../../../src/verdict/window.js';
import { makeInput, makeSamples, noise, type SeriesSpec } from '../synthetic.js';

function run(rule: VerdictRule, spec: SeriesSpec) {
  const input = makeInput({ samples: makeSamples(spec) });
  return rule.evaluate(input, judgedWindow(input));
}

describe('handle-growth rule', () => {
  it('fails a Timeout leaked every cycle', () => {
    expect(run(handleGrowthRule, { n: 200, resources: (_i, c) => ({ TCPSocketWrap: 1, Timeout: 2 + c }) })).toEqual([
      {
        kind: 'handles',
        name: 'Timeout',
        perCycle: 1,
        detail: '≈1.00 Timeout per cycle (2 → 5,972 over 5,970 cycles)',
        failing: true,
      },
    ]);
  });

  it('fails a slow leak of one handle every 10th cycle', () => {
    const [e] = run(handleGrowthRule, { n: 200, resources: (_i, c) => ({ Timeout: 2 + Math.floor(c / 10) }) });
    expect(e?.detail).toBe('≈0.10 Timeout per cycle (2 → 599 over 5,970 cycles)');
  });

  it('fails 1/cycle over only 150 cycles', () => {
    const [e] = run(handleGrowthRule, { n: 6, resources: (_i, c) => ({ Timeout: 2 + c }) });
    expect(e?.detail).toBe('≈1.00 Timeout per cycle (2 → 152 over 150 cycles)');
  });

  it('fails a count that only rises over 5 samples, before Mann–Kendall can be significant', () => {
    // n = 5 strictly rising gives p ≈ 0.03; a non-decreasing count that clears the floor is enough.
    const [e] = run(handleGrowthRule, { n: 5, resources: (_i, c) => ({ Timeout: 2 + c }) });
    expect(e?.detail).toBe('≈1.00 Timeout per cycle (2 → 122 over 120 cycles)');
    const dipping = [2, 40, 30, 80, 122];
    expect(run(handleGrowthRule, { n: 5, resources: (i) => ({ Timeout: dipping[i] ?? 0 }) })).toEqual([]);
  });

  it('passes counts that fluctuate by a few', () => {
    const rnd = noise(12);
    const resources = () => ({ TCPSocketWrap: Math.round(2 + 2 * rnd()), Timeout: Math.round(3 + 3 * rnd()) });
    expect(run(handleGrowthRule, { n: 200, resources })).toEqual([]);
  });

  it('passes a one-time rise (a pool created lazily) and a rise below the noise floor', () => {
    expect(run(handleGrowthRule, { n: 200, resources: (i) => ({ Timeout: i < 100 ? 2 : 14 }) })).toEqual([]);
    expect(run(handleGrowthRule, { n: 200, resources: (_i, c) => ({ Timeout: 2 + Math.floor(c / 1200) }) })).toEqual([]);
  });
});

describe('listener-growth rule', () => {
  it("fails a process 'exit' listener added per connection", () => {
    expect(run(listenerGrowthRule, { n: 200, listeners: (_i, c) => ({ exit: 1 + c, SIGINT: 1 }) })).toEqual([
      {
        kind: 'listeners',
        name: "process 'exit' listeners",
        perCycle: 1,
        detail: "process 'exit' listeners +1.00/cycle (1 → 5,971 over 5,970 cycles)",
        failing: true,
      },
    ]);
  });

  it('passes steady listener counts', () => {
    expect(run(listenerGrowthRule, { n: 200, listeners: () => ({ exit: 1, SIGINT: 1 }) })).toEqual([]);
  });
});
