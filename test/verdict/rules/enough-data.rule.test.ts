import { describe, expect, it } from 'vitest';
import { enoughDataRule } from '../../../src/verdict/rules/enough-data.rule.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { judgedWindow } from '../../../src/verdict/window.js';
import { makeInput, makeSamples, makeScenario, type SeriesSpec } from '../synthetic.js';

function run(spec: SeriesSpec, scenario?: Scenario) {
  const input = makeInput({ samples: makeSamples(spec), ...(scenario ? { scenario } : {}) });
  return enoughDataRule.evaluate(input, judgedWindow(input));
}

const note = (detail: string) => [{ kind: 'note', name: 'not enough data', perCycle: 0, detail, failing: false, notJudged: true }];

describe('enough-data rule', () => {
  it('notes too few cycles, with advice', () => {
    expect(run({ n: 9, cyclesPerSample: 4 })).toEqual(
      note('32 cycles in the judged window; need at least 200 — raise duration or lower disconnect.after'),
    );
  });

  it('advises more cycles when the run is bounded by a cycle count', () => {
    expect(run({ n: 9, cyclesPerSample: 4 }, makeScenario({ durationMs: null, cycles: 40 }))).toEqual(
      note('32 cycles in the judged window; need at least 200 — raise cycles or shorten warmup'),
    );
  });

  it('notes too few post-GC samples', () => {
    expect(run({ n: 4, cyclesPerSample: 100 })).toEqual(
      note('4 post-GC samples in the judged window; need at least 5 — raise duration or lower sample.interval'),
    );
  });

  it('notes that post-GC sampling is off', () => {
    const scenario = makeScenario({ sample: { intervalMs: 1000, gc: false, gcEveryMs: null } });
    expect(run({ n: 20, postGc: false }, scenario)).toEqual(
      note('no post-GC samples because sample.gc is off — turn it on to judge memory'),
    );
  });

  it('says nothing when the window is long enough', () => {
    expect(run({ n: 10, cyclesPerSample: 30 })).toEqual([]);
  });
});
