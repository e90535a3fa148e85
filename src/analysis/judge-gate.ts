/**
 * Whether a provisional verdict is worth recomputing. judge() fits Theil–Sen slopes over every
 * post-GC sample held, so its cost grows with them (bench/scaling.mjs: 31 → 98 ms/s of the
 * orchestrator at 543), while the memory rules only change when a post-GC sample or a snapshot
 * arrives — after the first 30 s of a run, once every few seconds (src/probe/post-gc-cadence.ts).
 * Handle and listener counts come with every sample, so a check is never skipped more than
 * `maxSkips` times in a row — unless the CPU budget says wait: after a judgement that took J ms
 * the next waits J / `cpuShare` ms. A 60-minute soak on a terminal (the live view) otherwise went
 * from 28 to 78 ms/s of orchestrator CPU over the hour (bench/scaling.mjs, 3,579 post-GC samples);
 * with the budget the judge's share stays at `cpuShare` and checks come less often instead.
 */
import type { Sample } from '../model/sample.js';

export const DEFAULT_MAX_SKIPS = 4;
/** Share of one core the provisional judge may use, over a long run. */
export const DEFAULT_CPU_SHARE = 0.02;

export class JudgeGate {
  private postGcSeen = -1;
  private snapshotsSeen = -1;
  private skipped = 0;
  private notBeforeMs = -Infinity;

  constructor(
    private readonly maxSkips: number = DEFAULT_MAX_SKIPS,
    private readonly cpuShare: number = DEFAULT_CPU_SHARE,
  ) {}

  /**
   * True when something new arrived since the last `true`, or `maxSkips` checks went by without;
   * false, whatever arrived, until the last judgement's budget wait is over at `nowMs`.
   */
  shouldJudge(samples: readonly Sample[], snapshotCount: number, nowMs: number = performance.now()): boolean {
    if (nowMs < this.notBeforeMs) return false;
    let postGc = 0;
    for (const s of samples) if (s.postGc !== null) postGc++;
    if (postGc === this.postGcSeen && snapshotCount === this.snapshotsSeen && this.skipped < this.maxSkips) {
      this.skipped++;
      return false;
    }
    this.postGcSeen = postGc;
    this.snapshotsSeen = snapshotCount;
    this.skipped = 0;
    return true;
  }

  /** A judgement that ended at `endMs` took `costMs`: the next may start `costMs / cpuShare` later. */
  judged(costMs: number, endMs: number = performance.now()): void {
    this.notBeforeMs = endMs + costMs / this.cpuShare;
  }
}
