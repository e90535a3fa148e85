/**
 * How often the probe counts live objects (object-census.ts): each count is a full GC and a heap
 * walk (0.7 s of CPU on an 18 MiB heap, 5 s on 157 MiB, 28 s on 1 GiB: docs/benchmarks.md), so the gap after a count is
 * its CPU time ÷ OBJECT_COUNT_BUDGET_SHARE, between OBJECT_COUNT_MIN_GAP_MS and
 * OBJECT_COUNT_MAX_GAP_MS. The gap follows the costliest count so far and never shrinks: a cadence
 * that speeds up mid-run slows the loop mid-window, which a rate × retention level reads as a
 * step (post-gc-cadence.ts).
 */
import { OBJECT_COUNT_BUDGET_SHARE, OBJECT_COUNT_MAX_GAP_MS, OBJECT_COUNT_MIN_GAP_MS } from '../constants.js';

/**
 * Test hook: a fixed gap between counts, ms, so a short test of a small heap gets enough counts
 * (a 10 MB heap's count costs ~0.45 s of CPU: one every 22 s at the budget). Not for users.
 */
export const OBJECT_COUNT_GAP_TEST_ENV = 'WS_SOAK_TEST_OBJECT_COUNT_GAP_MS';

export class ObjectCountCadence {
  private lastAtMs = -Infinity;
  private costliestMs = 0;
  private readonly fixedGapMs: number | null;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const fixed = Number(env[OBJECT_COUNT_GAP_TEST_ENV]);
    this.fixedGapMs = env[OBJECT_COUNT_GAP_TEST_ENV] && Number.isFinite(fixed) && fixed >= 0 ? fixed : null;
  }

  /** Least time after the last count before the next, ms. */
  gapMs(): number {
    if (this.fixedGapMs !== null) return this.fixedGapMs;
    return Math.min(OBJECT_COUNT_MAX_GAP_MS, Math.max(OBJECT_COUNT_MIN_GAP_MS, this.costliestMs / OBJECT_COUNT_BUDGET_SHARE));
  }

  /** Whether a count is due `elapsedMs` into the run; `slackMs` early is on time (the sampler's timer jitter). */
  due(elapsedMs: number, slackMs = 0): boolean {
    return elapsedMs - this.lastAtMs >= this.gapMs() - slackMs;
  }

  /** Records a count taken at `elapsedMs` that cost `cpuMs` of CPU time. */
  taken(elapsedMs: number, cpuMs: number): void {
    this.lastAtMs = elapsedMs;
    this.costliestMs = Math.max(this.costliestMs, cpuMs);
  }
}
