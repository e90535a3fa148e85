/** The judged heap figure in the record: the number the heap trend judged, not the raw series. */
import { describe, expect, it } from 'vitest';
import { judge } from '../../src/verdict/judge.js';
import type { ObjectGroupSeries } from '../../src/verdict/types.js';
import { makeInput, makeSamples, makeScenario, makeSnapshots, noise } from './synthetic.js';

const MB = 1024 * 1024;
const POINTS = [10_000, 50_000, 100_000, 150_000].map((t) => ({ t, cycle: (t / 1000) * 30 }));

function verdictOf(heapPerCycle: number, codePerCycle: number) {
  const rnd = noise(7);
  const base = POINTS[0]?.cycle ?? 0;
  const code: ObjectGroupSeries = {
    name: '(compiled code)',
    counts: POINTS.map(() => 30_000),
    selfSizes: POINTS.map((p) => 4 * MB + codePerCycle * (p.cycle - base)),
  };
  return judge(
    makeInput({
      samples: makeSamples({ n: 200, heap: (_i, c) => 10 * MB + heapPerCycle * c + 2_000 * rnd() }),
      scenario: makeScenario({ warmup: { kind: 'ms', ms: 20_000 } }),
      snapshots: makeSnapshots(POINTS),
      objectGroups: [code, { name: 'Map', counts: [1, 1, 1, 2], selfSizes: [80, 80, 80, 160] }],
    }),
  );
}

describe('RoleVerdict.judgedHeapUsed', () => {
  it("is the heap trend's own figure: the raw slope less V8's compiled code, the raw slope kept beside it", () => {
    const v = verdictOf(160, 120);
    const judged = v.judgedHeapUsed!;
    const trend = v.evidence.find((e) => e.rule === 'heap-trend')!;
    expect(judged.growth.perCycle).toBe(trend.perCycle);
    expect(judged.codePerCycle).toBeCloseTo(120, 6);
    expect(judged.rawPerCycle).toBe(v.growth.find((g) => g.series === 'heapUsed')?.perCycle);
    expect(judged.rawPerCycle - judged.growth.perCycle).toBeCloseTo(120, 6);
    expect(judged.growth.perCycle).toBeCloseTo(40, -1);
    expect(judged).toMatchObject({ codeSource: 'snapshots', limitPerCycle: 128, allowancePerCycle: 0 });
    expect(v.verdict).toBe('pass');
  });

  it('equals the raw slope when no code growth was measured', () => {
    const v = verdictOf(300, 0);
    expect(v.judgedHeapUsed?.growth.perCycle).toBe(v.judgedHeapUsed?.rawPerCycle);
    expect(v.judgedHeapUsed?.codePerCycle).toBe(0);
  });
});
