/** When snapshots fall due: the automatic schedule over the judged window, every, atCycles. */
import { describe, expect, it } from 'vitest';
import { AUTO_SNAPSHOT_JITTER } from '../../src/constants.js';
import { SnapshotSchedule, type Uniform } from '../../src/run/snapshot-schedule.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { mulberry32 } from '../../src/verdict/stats.js';

/** No jitter: every automatic point in the middle of its share of the window. */
const MIDDLE: Uniform = () => 0.5;

/** A seeded uniform source, so that a test of the random points is the same every run. */
const seeded = (seed: number): Uniform => mulberry32(seed);

/** Steps the schedule through time at a steady rate and lists when it fired. */
function fired(raw: object, ratePerSecond: number, untilMs: number, random: Uniform = MIDDLE): Array<{ t: number; cycle: number }> {
  const schedule = new SnapshotSchedule(resolveScenario(raw, ''), random);
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
  it('moves the points between the first and the last by up to a quarter of their spacing, in order', () => {
    for (const random of [() => 0, () => 0.999_999, seeded(1), seeded(2)]) {
      const times = fired({ duration: '40s', warmup: '25%' }, 100, 40_000, random).map((f) => f.t);
      expect(times).toHaveLength(5);
      expect(times[0]).toBe(13_000);
      expect(times[4]).toBe(37_000);
      [19_000, 25_000, 31_000].forEach((middle, i) => expect(Math.abs((times[i + 1] as number) - middle)).toBeLessThanOrEqual(AUTO_SNAPSHOT_JITTER * 6_000 + 100));
      for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(2_900);
    }
    expect(fired({ duration: '40s', warmup: '25%' }, 100, 40_000, () => 0).map((f) => f.t)).toEqual([13_000, 17_500, 23_500, 29_500, 37_000]);
  });

  it('does not alias with memory emptied every N cycles: a sawtooth seldom rises at every snapshot', () => {
    // The corpus's clean-history-clear: 300 entries at most, emptied every 300 cycles, ~68 cycles/s
    // over 60 s with the default warm-up. Evenly spaced, the snapshots fell 2 × 300 + 12 cycles
    // apart, each 12 entries further into the tooth: a steady rise, judged a leak.
    const held = (cycle: number) => cycle % 300;
    const rises = (points: Array<{ cycle: number }>) => points.every((p, i) => i === 0 || held(p.cycle) > held((points[i - 1] as { cycle: number }).cycle));
    const even = fired({ duration: '60s' }, 68.5, 60_000);
    expect(even).toHaveLength(5);
    expect(rises(even)).toBe(true);
    let rising = 0;
    const runs = 500;
    for (let seed = 1; seed <= runs; seed++) if (rises(fired({ duration: '60s' }, 68.5, 60_000, seeded(seed)))) rising++;
    // Three interior phases spread over a whole tooth: P(rising) ≈ (53/300)³ / 6 ≈ 0.1%.
    expect(rising / runs).toBeLessThan(0.02);
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
