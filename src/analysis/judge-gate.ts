/**
 * Whether a provisional verdict is worth recomputing. judge() fits Theil–Sen slopes over every
 * post-GC sample held, so its cost grows with them (bench/scaling.mjs: 31 → 98 ms/s of the
 * orchestrator at 543), while the memory rules only change when a post-GC sample or a snapshot
 * arrives — after the first 30 s of a run, once every few seconds (src/probe/post-gc-cadence.ts).
 * Handle and listener counts come with every sample, so a check is never skipped more than
 * `maxSkips` times in a row.
 */
import type { Sample } from '../model/sample.js';

export const DEFAULT_MAX_SKIPS = 4;

export class JudgeGate {
  private postGcSeen = -1;
  private snapshotsSeen = -1;
  private skipped = 0;

  constructor(private readonly maxSkips: number = DEFAULT_MAX_SKIPS) {}

  /** True when something new arrived since the last `true`, or `maxSkips` checks went by without. */
  shouldJudge(samples: readonly Sample[], snapshotCount: number): boolean {
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
}
