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
    const ws = group('WebSocket', counts, { retainerPath: 'Client.sockets → Set → WebSocket' });
    expect(run([ws])).toEqual([
      {
        kind: 'objects',
        name: 'WebSocket',
        perCycle: 1,
        detail:
          'WebSocket +1.00/cycle (1 → 4,771 over 4,770 cycles, 5 snapshots; +100 B self size per cycle)' +
          '; retained by Client.sockets → Set → WebSocket',
        failing: true,
      },
    ]);
  });

  it('passes groups that fluctuate, or grew only before the window', () => {
    const fluctuating = group('Object', [480, 500, 510, 505, 512, 508]);
    const warmedUp = group('Map', [5, 500, 500, 500, 500, 500]);
    const slow = group('(closure)', [100, 100, 103, 106, 110, 115]);
    expect(run([fluctuating, warmedUp, slow])).toEqual([]);
  });

  it('holds V8-internal groups to a higher bar: warm-up that slows down passes', () => {
    const warmup = [1000, 3000, 5000, 6000, 6400, 6500];
    expect(run([group('(compiled code)', warmup)])).toEqual([]);
    // The same shape in a user-visible group is a leak.
    expect(run([group('Object', warmup)]).map((e) => e.name)).toEqual(['Object']);
  });

  it('fails a V8-internal group that keeps growing steeply', () => {
    const counts = [50, ...IN_WINDOW.map((c) => 100 + 0.5 * (c - 1200))];
    const [e] = run([group('(system)', counts)]);
    expect(e?.failing).toBe(true);
    expect(e?.perCycle).toBe(0.5);
    expect(e?.detail).toBe('(system) +0.50/cycle (100 → 2,485 over 4,770 cycles, 5 snapshots; +50 B self size per cycle)');
  });

  it('notes fewer than 3 snapshots in the window and judges nothing', () => {
    const points = [POINTS[0], POINTS[1], POINTS[5]].filter((p) => p !== undefined);
    expect(run([group('WebSocket', [1, 100, 5000])], points)).toEqual([
      {
        kind: 'note',
        name: 'object growth not judged',
        perCycle: 0,
        detail: '2 heap snapshots in the judged window; need 3 to judge object growth',
        failing: false,
      },
    ]);
  });

  it('says nothing when no object groups were parsed', () => {
    expect(run([])).toEqual([]);
  });
});
