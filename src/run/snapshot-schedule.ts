/**
 * When to take heap snapshots. Each planned point has a time and/or a cycle threshold and
 * is due when either is crossed. Without a schedule in the scenario, AUTO_SNAPSHOT_COUNT
 * points are spread over the judged window, because the verdict's object evidence needs
 * at least three snapshots taken after warm-up.
 *
 * The automatic points between the first and the last are moved at random by up to
 * AUTO_SNAPSHOT_JITTER of their spacing. Evenly spaced snapshots alias with clean memory that is
 * emptied every N cycles: a history cleared every 300 connections, snapshotted every 612 cycles
 * (2 × 300 + 12 at 68 cycles/s), was caught 12 entries further into its tooth each time, rose in
 * every interval and failed as a leak in 3 of 4 corpus runs. At random points the tooth's phase
 * is about as likely to fall as to rise between snapshots, and the sawtooth shows.
 */
import { AUTO_SNAPSHOT_COUNT, AUTO_SNAPSHOT_JITTER } from '../constants.js';
import type { Scenario } from '../scenario/types.js';

/** A source of uniform numbers in [0, 1): Math.random, or a fixed one in tests. */
export type Uniform = () => number;

interface Point {
  atMs: number | null;
  atCycle: number | null;
}

export class SnapshotSchedule {
  private readonly points: Point[] = [];
  private next = 0;
  private readonly everyMs: number | null;
  private everyCount = 0;
  /** Auto schedule of a cycle-bounded run with a time warm-up: cycle points are known only once warm-up ends. */
  private pendingCyclePlan: { warmupMs: number; totalCycles: number } | null = null;

  /** Each automatic point's place in its share of the window: 0.5 (the middle) ± the jitter. */
  private readonly places: number[];

  constructor(scenario: Scenario, random: Uniform = Math.random) {
    const { snapshots, durationMs, cycles, warmup } = scenario;
    this.places = autoPlaces(AUTO_SNAPSHOT_COUNT, random);
    this.everyMs = snapshots.enabled ? snapshots.everyMs : null;
    if (!snapshots.enabled || snapshots.everyMs !== null) return;
    if (snapshots.atCycles !== null) {
      for (const atCycle of snapshots.atCycles) this.points.push({ atMs: null, atCycle });
      return;
    }
    const n = AUTO_SNAPSHOT_COUNT;
    const timePoints: Array<number | null> = new Array(n).fill(null);
    const cyclePoints: Array<number | null> = new Array(n).fill(null);
    if (durationMs !== null) {
      const from = warmup.kind === 'ms' ? Math.min(warmup.ms, durationMs) : warmup.fraction * durationMs;
      for (let i = 0; i < n; i++) timePoints[i] = Math.round(from + ((durationMs - from) * this.place(i)) / n);
    }
    if (cycles !== null) {
      if (warmup.kind === 'fraction') {
        const from = warmup.fraction * cycles;
        for (let i = 0; i < n; i++) cyclePoints[i] = Math.round(from + ((cycles - from) * this.place(i)) / n);
      } else {
        this.pendingCyclePlan = { warmupMs: warmup.ms, totalCycles: cycles };
      }
    }
    for (let i = 0; i < n; i++) this.points.push({ atMs: timePoints[i] ?? null, atCycle: cyclePoints[i] ?? null });
  }

  /** Where automatic point i falls, in units of the window ÷ the number of points. */
  private place(i: number): number {
    return i + (this.places[i] ?? 0.5);
  }

  /**
   * Does the next point wait on the clock? Time points are paced (snapshot-book.ts `rested`): a
   * snapshot freezes the clock's worth of cycles. A point by cycle count only is not: the loop's own
   * progress already spaces it, and pacing would push the last points of a cycle-bounded run past its end.
   * A point with both (a run bounded by cycles and by time) is paced while its cycle count is not
   * reached (`cycles`, the run's so far): on a slow machine its time comes first, and unpaced, the
   * points then fell back to back (a cluster's workers each paused ~5 s per point; 0.1 cycles/s).
   */
  nextIsTimed(cycles = 0): boolean {
    if (this.everyMs !== null) return true;
    const point = this.points[this.next];
    if (point === undefined) return false;
    if (point.atCycle === null || this.pendingCyclePlan !== null) return true;
    return point.atMs !== null && cycles < point.atCycle;
  }

  /** Is a snapshot due now? Advances the schedule when it is. */
  due(elapsedMs: number, cycles: number): boolean {
    if (this.everyMs !== null) {
      if (elapsedMs >= (this.everyCount + 1) * this.everyMs) {
        this.everyCount = Math.floor(elapsedMs / this.everyMs);
        return true;
      }
      return false;
    }
    if (this.pendingCyclePlan && elapsedMs >= this.pendingCyclePlan.warmupMs) {
      const { totalCycles } = this.pendingCyclePlan;
      const from = Math.min(cycles, totalCycles);
      this.points.forEach((point, i) => {
        point.atCycle = Math.round(from + ((totalCycles - from) * this.place(i)) / this.points.length);
      });
      this.pendingCyclePlan = null;
    }
    const point = this.points[this.next];
    if (!point) return false;
    const byTime = point.atMs !== null && elapsedMs >= point.atMs;
    const byCycle = point.atCycle !== null && cycles >= point.atCycle;
    if (!byTime && !byCycle) return false;
    this.next++;
    return true;
  }
}

/**
 * Places of n automatic points within their shares: the first and the last in the middle (so the
 * window's ends are covered as before), the ones between moved by up to ±AUTO_SNAPSHOT_JITTER.
 */
function autoPlaces(n: number, random: Uniform): number[] {
  return Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? 0.5 : 0.5 + AUTO_SNAPSHOT_JITTER * (2 * random() - 1)));
}
