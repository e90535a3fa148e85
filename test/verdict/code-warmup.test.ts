import { describe, expect, it } from 'vitest';
import { codeWarmup, netHeapGrowth, warmupAllowance } from '../../src/verdict/code-warmup.js';
import { judge } from '../../src/verdict/judge.js';
import { heapTrendRule } from '../../src/verdict/rules/heap-trend.rule.js';
import type { ObjectGroupSeries } from '../../src/verdict/types.js';
import { judgedWindow } from '../../src/verdict/window.js';
import { makeInput, makeSamples, makeScenario, makeSnapshots, noise } from './synthetic.js';

const MB = 1024 * 1024;
// 200 samples, 1 s apart, 30 cycles each; warm-up 20 s; snapshots at 10 s (warm-up), 50, 100, 150 s.
const POINTS = [10_000, 50_000, 100_000, 150_000].map((t) => ({ t, cycle: (t / 1000) * 30 }));

/** `(compiled code)` growing `bytes` per cycle from the first snapshot. */
function code(bytes: number): ObjectGroupSeries {
  const base = POINTS[0]?.cycle ?? 0;
  return {
    name: '(compiled code)',
    counts: POINTS.map((p) => 30_000 + Math.round(0.3 * (p.cycle - base))),
    selfSizes: POINTS.map((p) => 4 * MB + bytes * (p.cycle - base)),
  };
}

/** Some other growing group, so that the object analysis is known to have run. */
const OTHER: ObjectGroupSeries = { name: 'Map', counts: [1, 1, 1, 2], selfSizes: [80, 80, 80, 160] };

function input(
  heapPerCycle: number,
  groups: ObjectGroupSeries[],
  extra: { points?: typeof POINTS; provisional?: boolean; codePerCycle?: number } = {},
) {
  const rnd = noise(11);
  const made = makeInput({
    samples: makeSamples({
      n: 200,
      heap: (_i, c) => 10 * MB + heapPerCycle * c + 20_000 * rnd(),
      ...(extra.codePerCycle !== undefined && { code: (_i: number, c: number) => 3 * MB + (extra.codePerCycle ?? 0) * c + 4_000 * rnd() }),
    }),
    scenario: makeScenario({ warmup: { kind: 'ms', ms: 20_000 } }),
    snapshots: makeSnapshots(extra.points ?? POINTS),
    objectGroups: groups,
  });
  return extra.provisional ? { ...made, provisional: true } : made;
}

describe('code warm-up', () => {
  it('measures (compiled code) self size per cycle over the window’s snapshots only', () => {
    const i = input(0, [code(90)]);
    // 50 s → 150 s: 3,000 cycles, +270,000 B; the snapshot at 10 s is warm-up.
    expect(codeWarmup(i, judgedWindow(i))?.perCycle).toBeCloseTo(90, 9);
  });

  it('measures 0 when the analysis ran but the group did not grow, and nothing without analysis or with < 2 snapshots in the window', () => {
    const ran = input(0, [OTHER]);
    expect(codeWarmup(ran, judgedWindow(ran))).toEqual({ perCycle: 0, source: 'snapshots' });
    for (const i of [input(0, []), input(0, [code(90)], { points: POINTS.slice(0, 2) })]) {
      expect(codeWarmup(i, judgedWindow(i))).toBeNull();
      expect(netHeapGrowth(i, judgedWindow(i)).code).toBeNull();
    }
  });

  it('measures code growth from the post-GC samples when no snapshots were analysed', () => {
    const i = input(160, [], { codePerCycle: 110 });
    const measured = codeWarmup(i, judgedWindow(i));
    expect(measured?.source).toBe('samples');
    expect(measured?.perCycle).toBeGreaterThan(100);
    expect(measured?.perCycle).toBeLessThan(120);
    // Snapshots come first when the window has them.
    const both = input(160, [code(90)], { codePerCycle: 110 });
    expect(codeWarmup(both, judgedWindow(both))?.source).toBe('snapshots');
    expect(codeWarmup(both, judgedWindow(both))?.perCycle).toBeCloseTo(90, 9);
  });

  it('passes a clean loop without snapshots when the samples show the growth is V8 code, and still fails a leak on top', () => {
    const clean = judge(input(160, [], { codePerCycle: 110 }));
    expect(clean.verdict).toBe('pass');
    expect(clean.reason).toMatch(/^post-GC heapUsed \+\d\d B\/cycle without V8's compiled code \(limit 128 B\)/);
    const leak = judge(input(400, [], { codePerCycle: 110 }));
    expect(leak.verdict).toBe('fail');
    expect(leak.reason).toMatch(/^post-GC heapUsed \+2\d\d B\/cycle without V8's compiled code/);
  });

  it('keeps the warm-up allowance in a provisional verdict unless snapshots measured the code', () => {
    const fromSamples = input(160, [], { codePerCycle: 110, provisional: true });
    expect(netHeapGrowth(fromSamples, judgedWindow(fromSamples)).allowance).toBeGreaterThan(0);
    const fromSnapshots = input(160, [code(110)], { provisional: true });
    expect(netHeapGrowth(fromSnapshots, judgedWindow(fromSnapshots)).allowance).toBe(0);
  });

  it('passes a clean loop whose heap grows above the limit only by V8 code warm-up', () => {
    const i = input(160, [code(120)]);
    const [e] = heapTrendRule.evaluate(i, judgedWindow(i));
    expect(e?.failing).toBe(false);
    expect(e?.perCycle).toBeGreaterThan(25);
    expect(e?.perCycle).toBeLessThan(55);
    expect(e?.detail).toMatch(/^post-GC heapUsed \+\d\d B\/cycle without V8's compiled code \(\+1\d\d − 120; 95% CI .*; limit 128 B\), below the limit$/);
    const v = judge(i);
    expect(v.verdict).toBe('pass');
    expect(v.reason).toMatch(/^post-GC heapUsed \+\d\d B\/cycle without V8's compiled code \(limit 128 B\), no handle, listener or object growth/);
    // The same heap without analysed snapshots fails.
    expect(judge(input(160, [])).verdict).toBe('fail');
  });

  it('fails a leak on top of the warm-up and reports the leak’s own rate', () => {
    const i = input(400, [code(120)]);
    const [e] = heapTrendRule.evaluate(i, judgedWindow(i));
    expect(e?.failing).toBe(true);
    expect(e?.perCycle).toBeGreaterThan(260);
    expect(e?.perCycle).toBeLessThan(300);
  });

  it('says the rise is not significant once the code is taken off', () => {
    const i = input(100, [code(100)]);
    const [e] = heapTrendRule.evaluate(i, judgedWindow(i));
    expect(e?.failing).toBe(false);
    expect(e?.detail).toMatch(/, no significant rise beyond V8's compiled code$/);
  });
});

describe('provisional warm-up allowance', () => {
  it('is 16 KiB per second of the window spread over its cycles', () => {
    const i = input(0, []);
    const w = judgedWindow(i);
    // Window 20 s … 199 s: 179 s and 5,370 cycles.
    expect(warmupAllowance(w)).toBeCloseTo((16_384 * 179) / 5370, 9);
    expect(netHeapGrowth(i, w).allowance).toBe(0);
    const p = input(0, [], { provisional: true });
    expect(netHeapGrowth(p, judgedWindow(p)).allowance).toBeCloseTo(546.13, 2);
  });

  it('lets a provisional verdict pass V8-sized growth and still fail a socket-sized leak', () => {
    const warm = input(400, [], { provisional: true });
    const [e] = heapTrendRule.evaluate(warm, judgedWindow(warm));
    expect(e?.failing).toBe(false);
    expect(e?.detail).toMatch(/; limit 128 B \+ 546 B V8 warm-up allowance\), below the limit$/);
    expect(judge(warm).reason).toMatch(/^post-GC heapUsed \+400 B\/cycle \(limit 128 B \+ 546 B V8 warm-up allowance\), no handle/);
    // The final verdict, without snapshots, judges the same slope against the plain limit.
    expect(judge(input(400, [])).verdict).toBe('fail');
    expect(judge(input(3000, [], { provisional: true })).verdict).toBe('fail');
  });

  it('takes no allowance once the snapshots measured the warm-up', () => {
    const i = input(0, [code(90)], { provisional: true });
    expect(netHeapGrowth(i, judgedWindow(i)).allowance).toBe(0);
  });
});
