import { describe, expect, it } from 'vitest';
import { BUDGET_MIN_COST_MS, DENSE_MS, MAX_BUDGET_GAP_MS, MAX_RAMP_GAP_MS, PostGcCadence } from '../../src/probe/post-gc-cadence.js';

/** Elapsed times (ms) of the post-GC samples a 1 s sampler takes over `untilMs`, each GC costing `gcMs`. */
function postGcTimes(cadence: PostGcCadence, untilMs: number, gcMs: number): number[] {
  const times: number[] = [];
  for (let t = 0; t <= untilMs; t += 1000) {
    if (cadence.due(t)) {
      cadence.taken(t, gcMs);
      times.push(t);
    }
  }
  return times;
}

describe('PostGcCadence', () => {
  it('takes a post-GC sample with every 1 s sample for the first 30 s', () => {
    const times = postGcTimes(new PostGcCadence({ everyMs: null, intervalMs: 1000 }), DENSE_MS - 1000, 5);
    expect(times).toHaveLength(DENSE_MS / 1000);
  });

  it('takes one with every sample in the first 30 s, however fast the sampling', () => {
    const cadence = new PostGcCadence({ everyMs: null, intervalMs: 100 });
    let taken = 0;
    for (let t = 0; t < 10_000; t += 100) {
      if (cadence.due(t)) {
        cadence.taken(t, 5);
        taken++;
      }
    }
    expect(taken).toBe(100);
  });

  it('spreads them out in a long run: one per 15 s from 7.5 minutes on', () => {
    const times = postGcTimes(new PostGcCadence({ everyMs: null, intervalMs: 1000 }), 20 * 60_000, 5);
    const late = times.filter((t) => t >= 7.5 * 60_000);
    const gaps = late.slice(1).map((t, i) => t - (late[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MAX_RAMP_GAP_MS - 500);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(MAX_RAMP_GAP_MS + 1000);
    // 20 minutes at one sample per second: 1,200 samples, of which about 160 force a GC.
    expect(times.length).toBeGreaterThan(120);
    expect(times.length).toBeLessThan(200);
  });

  it('keeps forced GC time near 1% of the run when GCs are slow (a big heap)', () => {
    const gcMs = 250;
    const times = postGcTimes(new PostGcCadence({ everyMs: null, intervalMs: 1000 }), 10 * 60_000, gcMs);
    const afterDense = times.filter((t) => t >= DENSE_MS);
    const gaps = afterDense.slice(1).map((t, i) => t - (afterDense[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(gcMs * 100 - 500);
    // A very slow GC still gets a sample at least every MAX_BUDGET_GAP_MS.
    const slow = postGcTimes(new PostGcCadence({ everyMs: null, intervalMs: 1000 }), 10 * 60_000, 5_000);
    const slowLate = slow.filter((t) => t >= DENSE_MS);
    expect(slowLate.slice(1).every((t, i) => t - (slowLate[i] ?? 0) <= MAX_BUDGET_GAP_MS + 1000)).toBe(true);
  });

  it('follows a fixed sample.gcEvery from the start', () => {
    const times = postGcTimes(new PostGcCadence({ everyMs: 5000, intervalMs: 1000 }), 60_000, 5);
    expect(times.slice(0, 4)).toEqual([0, 5000, 10_000, 15_000]);
    expect(times).toHaveLength(13);
  });
});

describe('PostGcCadence with a planned run length', () => {
  it('keeps one gap for the whole run: every 1 s sample of a 60 s run, whatever the elapsed time', () => {
    const times = postGcTimes(new PostGcCadence({ everyMs: null, intervalMs: 1000, plannedMs: 60_000 }), 60_000, 30);
    expect(times).toHaveLength(61);
  });

  it('spreads a 10-minute run evenly at 5 s from the start (no dense first 30 s, no ramp)', () => {
    const times = postGcTimes(new PostGcCadence({ everyMs: null, intervalMs: 1000, plannedMs: 10 * 60_000 }), 10 * 60_000, 5);
    const gaps = new Set(times.slice(1).map((t, i) => t - (times[i] ?? 0)));
    expect([...gaps]).toEqual([5000]);
  });

  it('ignores the GC budget for GCs under BUDGET_MIN_COST_MS of CPU, and applies it from 30 s for slower ones', () => {
    const cheap = postGcTimes(new PostGcCadence({ everyMs: null, intervalMs: 1000, plannedMs: 60_000 }), 60_000, BUDGET_MIN_COST_MS - 1);
    expect(cheap).toHaveLength(61);
    const slow = postGcTimes(new PostGcCadence({ everyMs: null, intervalMs: 1000, plannedMs: 60_000 }), 60_000, 250);
    expect(slow.filter((t) => t < DENSE_MS)).toHaveLength(DENSE_MS / 1000);
    expect(slow.filter((t) => t >= DENSE_MS).length).toBeLessThanOrEqual(2);
  });
});
