/** When snapshots fall due: the automatic schedule over the judged window, every, atCycles. */
import { describe, expect, it } from 'vitest';
import { SnapshotSchedule } from '../../src/run/snapshot-schedule.js';
import { resolveScenario } from '../../src/scenario/load.js';

/** Steps the schedule through time at a steady rate and lists when it fired. */
function fired(raw: object, ratePerSecond: number, untilMs: number): Array<{ t: number; cycle: number }> {
  const schedule = new SnapshotSchedule(resolveScenario(raw, ''));
  const out: Array<{ t: number; cycle: number }> = [];
  for (let t = 0; t <= untilMs; t += 100) {
    const cycle = Math.floor((t / 1000) * ratePerSecond);
    if (schedule.due(t, cycle)) out.push({ t, cycle });
  }
  return out;
}

describe('snapshot schedule', () => {
  it('spreads five snapshots (AUTO_SNAPSHOT_COUNT) over the judged window of a timed run', () => {
    expect(fired({ duration: '40s', warmup: '25%' }, 100, 40_000).map((f) => f.t)).toEqual([13_000, 19_000, 25_000, 31_000, 37_000]);
  });
  it('uses cycle points for a cycle-bounded run', () => {
    expect(fired({ cycles: 1000, warmup: '20%' }, 100, 20_000).map((f) => f.cycle)).toEqual([280, 440, 600, 760, 930]);
  });
  it('plans cycle points when a time warm-up ends', () => {
    const points = fired({ cycles: 2000, warmup: '5s' }, 100, 30_000).map((f) => f.cycle);
    // Warm-up ends at 5 s, cycle 500: points at 500 + 1500 × (i + ½) / 4 = 688, 1063, 1438, 1813, seen in steps of 10.
    expect(points).toEqual([650, 950, 1250, 1550, 1850]);
  });
  it('fires every N seconds with `every`', () => {
    expect(fired({ duration: '10s', snapshots: { every: '3s' } }, 10, 10_000).map((f) => f.t)).toEqual([3000, 6000, 9000]);
  });
  it('fires at the given cycles with atCycles, and never when disabled', () => {
    expect(fired({ duration: '10s', snapshots: { atCycles: [50, 120] } }, 20, 10_000).map((f) => f.cycle)).toEqual([50, 120]);
    expect(fired({ duration: '10s', snapshots: false }, 20, 10_000)).toEqual([]);
  });
});

describe('which points are paced', () => {
  it('time points and everyMs wait on the clock; points by cycle count only do not', () => {
    expect(new SnapshotSchedule(resolveScenario({ duration: '60s' }, '')).nextIsTimed()).toBe(true);
    expect(new SnapshotSchedule(resolveScenario({ duration: '60s', snapshots: { every: '5s' } }, '')).nextIsTimed()).toBe(true);
    const byCycles = new SnapshotSchedule(resolveScenario({ cycles: 70, duration: '60s', snapshots: { atCycles: [20, 40, 60] } }, ''));
    expect(byCycles.nextIsTimed()).toBe(false);
    expect(byCycles.due(100, 20)).toBe(true);
    expect(byCycles.nextIsTimed()).toBe(false);
    expect(new SnapshotSchedule(resolveScenario({ cycles: 1000, warmup: '20%' }, '')).nextIsTimed()).toBe(false);
  });

  it('a point with a time and a cycle count (a run bounded by both) is paced until its cycle count is reached', () => {
    const both = new SnapshotSchedule(resolveScenario({ cycles: 1000, duration: '60s', warmup: '20%' }, ''));
    // The first point: 20% + 10% of the rest, 280 cycles or 16.8 s.
    expect(both.nextIsTimed(100)).toBe(true);
    expect(both.nextIsTimed(280)).toBe(false);
  });
});
