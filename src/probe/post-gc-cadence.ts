/**
 * How often the probe forces a full GC for a post-GC sample.
 *
 * A forced full GC costs more than its pause: every dead object that optimized code had embedded
 * (a connection's closures, maps) makes V8 throw that code away, and a process churning
 * connections re-optimizes Node's stream and socket code after every one of them — measured with
 * --trace-deopt: ~300 deopts per GC in the built-in client, which halved its reconnect rate at one
 * post-GC sample per second (docs/benchmarks.md). So the automatic cadence is dense while a quick
 * verdict needs points, and spreads out in long soaks, where a few hundred points are plenty:
 *  - every sample for the first DENSE_MS of the run (short runs and quick verdicts sample fast:
 *    the tests' scenarios take 5 post-GC samples a second);
 *  - then at most one per elapsed/RAMP_DIVISOR (2 s at 1 min, 10 s at 5 min, 15 s from 7.5 min on:
 *    at 1 s sampling a 10-minute soak still gets ~120 post-GC samples);
 *  - and never more GC time than GC_BUDGET_SHARE of the wall clock (a 250 ms GC of a 100 MB heap
 *    waits 25 s), capped at MAX_BUDGET_GAP_MS so a big heap still gets judged.
 * `sample.gcEvery` in a scenario fixes the gap instead.
 */
export const DENSE_MS = 30_000;
export const RAMP_DIVISOR = 30;
export const MAX_RAMP_GAP_MS = 15_000;
export const GC_BUDGET_SHARE = 0.01;
export const MAX_BUDGET_GAP_MS = 60_000;

export interface PostGcCadenceOptions {
  /** Fixed time between post-GC samples; null for the automatic cadence. */
  everyMs: number | null;
  /** The sampler's interval: a post-GC sample is due up to half of it early (timer jitter). */
  intervalMs: number;
}

export class PostGcCadence {
  private lastAtMs = -Infinity;
  private lastCostMs = 0;

  constructor(private readonly options: PostGcCadenceOptions) {}

  /** Least time between the last post-GC sample and the next, `elapsedMs` into the run. */
  gapMs(elapsedMs: number): number {
    if (this.options.everyMs !== null) return this.options.everyMs;
    if (elapsedMs < DENSE_MS) return 0;
    const ramp = Math.min(MAX_RAMP_GAP_MS, elapsedMs / RAMP_DIVISOR);
    const budget = Math.min(MAX_BUDGET_GAP_MS, this.lastCostMs / GC_BUDGET_SHARE);
    return Math.max(ramp, budget);
  }

  /** Whether a sample taken `elapsedMs` into the run should force a GC first. */
  due(elapsedMs: number): boolean {
    return elapsedMs - this.lastAtMs >= this.gapMs(elapsedMs) - this.options.intervalMs / 2;
  }

  /** Records a post-GC sample taken at `elapsedMs` whose forced GC took `costMs`. */
  taken(elapsedMs: number, costMs: number): void {
    this.lastAtMs = elapsedMs;
    this.lastCostMs = costMs;
  }
}
