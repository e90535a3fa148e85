/**
 * When to take heap snapshots. Each planned point has a time and/or a cycle threshold and
 * is due when either is crossed. Without a schedule in the scenario, AUTO_SNAPSHOT_COUNT
 * points are spread over the judged window, because the verdict's object evidence needs
 * at least three snapshots taken after warm-up.
 */
import { AUTO_SNAPSHOT_COUNT } from '../constants.js';
import type { Scenario } from '../scenario/types.js';

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

  constructor(scenario: Scenario) {
    const { snapshots, durationMs, cycles, warmup } = scenario;
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
      for (let i = 0; i < n; i++) timePoints[i] = Math.round(from + ((durationMs - from) * (i + 0.5)) / n);
    }
    if (cycles !== null) {
      if (warmup.kind === 'fraction') {
        const from = warmup.fraction * cycles;
        for (let i = 0; i < n; i++) cyclePoints[i] = Math.round(from + ((cycles - from) * (i + 0.5)) / n);
      } else {
        this.pendingCyclePlan = { warmupMs: warmup.ms, totalCycles: cycles };
      }
    }
    for (let i = 0; i < n; i++) this.points.push({ atMs: timePoints[i] ?? null, atCycle: cyclePoints[i] ?? null });
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
        point.atCycle = Math.round(from + ((totalCycles - from) * (i + 0.5)) / this.points.length);
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
