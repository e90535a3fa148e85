/** Object growth judged from live-object counts (samples' `objects`) when heap snapshots were skipped. */
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../src/model/sample.js';
import { judge } from '../../src/verdict/judge.js';
import { objectGrowthRule } from '../../src/verdict/rules/object-growth.rule.js';
import type { ObjectGroupSeries } from '../../src/verdict/types.js';
import { judgedWindow } from '../../src/verdict/window.js';
import { makeInput, makeSamples, makeScenario, makeSnapshots, noise } from './synthetic.js';

// 200 samples a second apart, 30 cycles each; warm-up 10 s; a count every 10th sample (20 counts, 19 in the window).
function withCounts(counts: (i: number, cycle: number) => Record<string, number>, every = 10): Sample[] {
  return makeSamples({ n: 200 }).map((s, i) => (i % every === 5 ? { ...s, objects: { counts: counts(i, s.cycle), ms: 90, cpuMs: 80 } } : s));
}

function evaluate(samples: Sample[], extra: { snapshots?: Array<{ t: number; cycle: number }>; objectGroups?: ObjectGroupSeries[] } = {}) {
  const input = makeInput({
    samples,
    scenario: makeScenario({ warmup: { kind: 'ms', ms: 10_000 } }),
    snapshots: makeSnapshots(extra.snapshots ?? []),
    objectGroups: extra.objectGroups ?? [],
  });
  return { input, evidence: objectGrowthRule.evaluate(input, judgedWindow(input)) };
}

const jitter = noise(7);
/** What a clean process holds: built-ins and a few objects in flight. */
const base = () => ({ Array: 240 + Math.round(jitter() * 8), Object: 1600 + Math.round(jitter() * 20), '(closure)': 10_700, Promise: 30 + Math.round(jitter() * 5) });

describe('object growth from live-object counts', () => {
  it('fails a class that gains one object per cycle, naming the counts as its source', () => {
    const { evidence } = evaluate(withCounts((i, cycle) => ({ ...base(), Session: 12 + cycle + Math.round(jitter() * 3) })));
    const failing = evidence.filter((e) => e.failing);
    expect(failing.map((e) => e.name)).toEqual(['Session']);
    expect(failing[0]).toMatchObject({ kind: 'objects', objectSource: 'live-object-counts' });
    expect(failing[0]?.perCycle).toBeCloseTo(1, 1);
    expect(failing[0]?.detail).toMatch(/^Session \+1\.00\/cycle \(.* from live-object counts \(inspector Runtime\.queryObjects\), 19 points, p < 0\.001\)$/);
  });

  it('passes a clean process whose counts only jitter, and says the object counts were judged', () => {
    const samples = withCounts(() => base());
    const { evidence, input } = evaluate(samples);
    expect(evidence).toEqual([]);
    const verdict = judge(input);
    expect(verdict.verdict).toBe('pass');
    expect(verdict.reason).toContain('no handle, listener or object (live-object counts) growth');
  });

  it('does not fail a cache that fills and stops: bounded, with what it did', () => {
    const { evidence } = evaluate(withCounts((i) => ({ ...base(), CacheEntry: Math.min(i, 80) * 50 })));
    expect(evidence.filter((e) => e.failing)).toEqual([]);
    const entry = evidence.find((e) => e.name === 'CacheEntry');
    expect(entry?.bounded?.pattern).toBe('plateau');
    expect(entry?.detail).toContain('levelled off');
    expect(entry?.objectSource).toBe('live-object-counts');
  });

  it('does not fail a rise below the floor (20 objects and 5% of the cycles)', () => {
    // 0.02/cycle over ~5,700 cycles: +114, under the 285 floor.
    const { evidence } = evaluate(withCounts((i, cycle) => ({ ...base(), Slow: Math.round(cycle * 0.02) })));
    expect(evidence).toEqual([]);
  });

  it('notes too few counts in the window, and judges nothing from them', () => {
    const { evidence } = evaluate(withCounts((i, cycle) => ({ ...base(), Session: cycle }), 50));
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({ kind: 'note', notJudged: true, failing: false, objectSource: 'live-object-counts' });
    expect(evidence[0]?.detail).toContain('3 live-object counts (inspector Runtime.queryObjects) in the judged window (heap snapshots skipped); need 5');
  });

  it('judges the snapshots, not the counts, when enough snapshots fall in the window', () => {
    const points = [40_000, 80_000, 120_000, 160_000, 199_000].map((t) => ({ t, cycle: (t / 1000) * 30 }));
    const flat: ObjectGroupSeries = { name: 'Session', counts: [10, 10, 10, 10, 10], selfSizes: [1, 1, 1, 1, 1] };
    const { evidence } = evaluate(withCounts((i, cycle) => ({ ...base(), Session: cycle })), { snapshots: points, objectGroups: [flat] });
    expect(evidence).toEqual([]);
  });

  it('leaves a provisional verdict without object evidence', () => {
    const samples = withCounts((i, cycle) => ({ ...base(), Session: cycle }));
    const input = { ...makeInput({ samples, scenario: makeScenario({ warmup: { kind: 'ms', ms: 10_000 } }) }), provisional: true };
    expect(objectGrowthRule.evaluate(input, judgedWindow(input))).toEqual([]);
  });
});
