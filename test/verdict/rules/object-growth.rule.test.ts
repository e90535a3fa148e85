import { describe, expect, it } from 'vitest';
import { objectGrowthRule } from '../../../src/verdict/rules/object-growth.rule.js';
import type { ObjectGroupSeries } from '../../../src/verdict/types.js';
import { judgedWindow } from '../../../src/verdict/window.js';
import { makeInput, makeSamples, makeScenario, makeSnapshots } from '../synthetic.js';

// 200 samples, 30 cycles each; warm-up 10 s. One snapshot in warm-up, five in the window.
const POINTS = [5_000, 40_000, 80_000, 120_000, 160_000, 199_000].map((t) => ({ t, cycle: (t / 1000) * 30 }));
const IN_WINDOW = POINTS.slice(1).map((p) => p.cycle); // 1,200 … 5,970

function group(name: string, counts: number[], extra: Partial<ObjectGroupSeries> = {}): ObjectGroupSeries {
  return { name, counts, selfSizes: counts.map((c) => c * 100), ...extra };
}

function run(groups: ObjectGroupSeries[], points = POINTS) {
  const input = makeInput({
    samples: makeSamples({ n: 200 }),
    scenario: makeScenario({ warmup: { kind: 'ms', ms: 10_000 } }),
    snapshots: makeSnapshots(points),
    objectGroups: groups,
  });
  return objectGrowthRule.evaluate(input, judgedWindow(input));
}

describe('object-growth rule', () => {
  it('fails a group growing in step with cycles, with self size and retainer path', () => {
    const counts = [5, ...IN_WINDOW.map((c) => 1 + c - 1200)];
    const ws = group('WebSocket', counts, { retainerPath: ['Client.sockets', 'Set', 'WebSocket'] });
    expect(run([ws])).toEqual([
      {
        kind: 'objects',
        name: 'WebSocket',
        perCycle: 1,
        detail:
          'WebSocket +1.00/cycle (1 → 4,771 over 4,770 cycles, 5 snapshots; +100 B self size per cycle)' +
          '; retained by Client.sockets → Set → WebSocket',
        failing: true,
        retainerPath: ['Client.sockets', 'Set', 'WebSocket'],
        objectSource: 'heap-snapshots',
      },
    ]);
  });

  it('passes groups that fluctuate, or grew only before the window', () => {
    const fluctuating = group('Object', [480, 500, 510, 505, 512, 508]);
    const warmedUp = group('Map', [5, 500, 500, 500, 500, 500]);
    const slow = group('(closure)', [100, 100, 103, 106, 110, 115]);
    expect(run([fluctuating, warmedUp, slow])).toEqual([]);
  });

  it('never fails a V8-internal group, however it grows; the same counts in a user group fail', () => {
    // Corpus: clean runs grew (compiled code) by up to 0.3/cycle for a whole minute.
    const steady = [50, ...IN_WINDOW.map((c) => 100 + 0.5 * (c - 1200))];
    for (const name of ['(compiled code)', '(system)', '(array)', '(object shape)']) expect(run([group(name, steady)])).toEqual([]);
    const [e] = run([group('Session', steady)]);
    expect(e?.failing).toBe(true);
    expect(e?.perCycle).toBe(0.5);
    expect(e?.detail).toBe('Session +0.50/cycle (100 → 2,485 over 4,770 cycles, 5 snapshots; +50 B self size per cycle)');
  });

  it('passes a cache that fills inside the window and a one-time allocation, then flat', () => {
    // In-window snapshots at cycles 1,200, 2,400, 3,600, 4,800, 5,970.
    const cacheFilling = group('Object', [0, 1200, 1500, 1500, 1500, 1500]);
    const lazyStep = group('(string)', [18_000, 18_000, 18_000, 58_000, 58_000, 58_000]);
    const stepLastInterval = group('Map', [10, 10, 10, 10, 10, 20_010]);
    const evidence = run([cacheFilling, lazyStep, stepLastInterval]);
    expect(evidence.filter((e) => e.failing)).toEqual([]);
    // The one-time step is shown for what it is; the cache (flat at a median pace) and the step in
    // the last interval (too new to tell) fail the every-interval test without a note.
    expect(evidence.map((e) => [e.name, e.bounded?.pattern])).toEqual([['(string)', 'plateau']]);
    expect(evidence[0]?.detail).toMatch(/^\(string\) levelled off after ~\d+ s at ~58,000 .*: bounded retention, not a leak$/);
  });

  it('fails growth that slows but keeps going, and a leak every 10th cycle', () => {
    // Intervals rise 1,000, 800, 600 and 400 (pace 0.59/cycle): each is above a quarter of the pace.
    const slowing = group('Timeout', [0, 100, 1100, 1900, 2500, 2900]);
    const sparse = group('Session', [3, ...IN_WINDOW.map((c) => 3 + Math.floor((c - 1200) / 10))]);
    expect(run([slowing, sparse]).map((e) => [e.name, e.perCycle.toFixed(2)])).toEqual([
      ['Timeout', '0.59'],
      ['Session', '0.10'],
    ]);
  });

  it('passes a group whose last interval is below a quarter of its pace', () => {
    // Pace 2,900/4,770 = 0.61/cycle; the last interval rises 150 over 1,170 cycles (0.13/cycle).
    const [only, ...rest] = run([group('Timeout', [0, 100, 1100, 2100, 2850, 3000])]);
    expect(rest).toEqual([]);
    expect(only?.failing).toBe(false);
    expect(only?.bounded).toMatchObject({ pattern: 'plateau', low: 100, high: 3000 });
  });

  it('notes fewer than 3 snapshots in the window and judges nothing', () => {
    const points = [POINTS[0], POINTS[1], POINTS[5]].filter((p) => p !== undefined);
    expect(run([group('WebSocket', [1, 100, 5000])], points)).toEqual([
      {
        kind: 'note',
        name: 'object growth not judged',
        perCycle: 0,
        objectSource: 'heap-snapshots',
        detail: '2 heap snapshots in the judged window; need 3 to judge object growth',
        failing: false,
        notJudged: true,
      },
    ]);
  });

  it('says nothing when no object groups were parsed', () => {
    expect(run([])).toEqual([]);
  });
});

describe('object-growth rule, snapshots taken while the loop stood still', () => {
  it('judges only snapshots at least 10% of the span apart in cycles, so a leak still fails', () => {
    // interval-socket at load 13: five snapshots at cycles 432, 433, 444, 495, 590; WebSocket +1/cycle ± 2 in flight.
    const cycles = [432, 433, 444, 495, 590];
    const points = cycles.map((cycle, i) => ({ t: 20_000 + 9_000 * i, cycle }));
    const counts = cycles.map((c, i) => c - 400 + [2, 0, 1, 2, 0][i]!);
    const input = makeInput({
      samples: makeSamples({ n: 60, cyclesPerSample: 10 }),
      scenario: makeScenario({ warmup: { kind: 'ms', ms: 15_000 } }),
      snapshots: makeSnapshots(points),
      objectGroups: [group('WebSocket', counts)],
    });
    const [only] = objectGrowthRule.evaluate(input, judgedWindow(input));
    expect(only).toMatchObject({ name: 'WebSocket', failing: true });
    expect(only?.detail).toContain('3 snapshots');
  });
});
