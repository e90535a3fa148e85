import { describe, expect, it } from 'vitest';
import { totalGrowthRule } from '../../../src/verdict/rules/total-growth.rule.js';
import { judgedWindow } from '../../../src/verdict/window.js';
import { makeInput, makeSamples, makeScenario, noise, type SeriesSpec } from '../synthetic.js';

const MB = 1024 * 1024;

function run(maxGrowth: number | null, spec: SeriesSpec) {
  const scenario = makeScenario({ verdict: { maxGrowthPerCycle: 128, maxGrowth, minCycles: 200 } });
  const input = makeInput({ samples: makeSamples(spec), scenario });
  return totalGrowthRule.evaluate(input, judgedWindow(input));
}

describe('total-growth rule', () => {
  const slowLeak: SeriesSpec = { n: 200, heap: (_i, c) => 10 * MB + 100 * c };

  it('fails growth over the window above verdict.maxGrowth, even below the per-cycle limit', () => {
    expect(run(100 * 1024, slowLeak)).toEqual([
      {
        kind: 'trend',
        name: 'heapUsed total',
        perCycle: 100,
        detail: 'post-GC heapUsed grew 583 KiB over 5,970 cycles (limit 100 KiB)',
        failing: true,
      },
    ]);
  });

  it('says nothing without a limit or below it', () => {
    expect(run(null, slowLeak)).toEqual([]);
    expect(run(1 * MB, slowLeak)).toEqual([]);
  });

  it('does not fail a bounded cache that filled early', () => {
    const rnd = noise(4);
    const cache: SeriesSpec = { n: 200, heap: (_i, c) => 10 * MB + 500 * Math.min(c, 1800) + 10_000 * rnd() };
    expect(run(100 * 1024, cache)).toEqual([]);
  });
});
