/**
 * How often the probe forces a full GC for a post-GC sample.
 *
 * A forced full GC costs more than its pause: every dead object that optimized code had embedded
 * (a connection's closures, maps) makes V8 throw that code away, and a process churning
 * connections re-optimizes Node's stream and socket code after every one of them — measured with
 * --trace-deopt: ~300 deopts per GC in the built-in client (docs/benchmarks.md). So the cadence
 * slows the loop it measures, and it must slow it **the same throughout the run**: a cadence that
 * thins out mid-run speeds the loop up mid-window, and anything whose level is rate × retention
 * (pending timers, resume windows) then steps up like a leak (issue 15; docs/verdict.md has the
 * rates per phase measured both ways). So:
 *  - with a planned length (`duration`), one gap for the whole run: plannedMs / PLANNED_DIVISOR,
 *    at most MAX_RAMP_GAP_MS (every sample up to 2 min at 1 s sampling, 5 s at 10 min, 15 s from
 *    30 min on: a long soak still gets ~120 post-GC samples);
 *  - without one (a run bounded by cycles alone), every sample for the first DENSE_MS, then at
 *    most one per elapsed/RAMP_DIVISOR (the length is unknown, so the gap can only grow with it);
 *  - and, from DENSE_MS on, never more GC time than GC_BUDGET_SHARE of the wall clock once a GC
 *    costs BUDGET_MIN_COST_MS or more (a 250 ms GC of a 100 MB heap waits 25 s), capped at
 *    MAX_BUDGET_GAP_MS so a big heap still gets judged. The cost is CPU time: a small heap's GC
 *    (tens of ms) never triggers it, so its cadence never changes mid-run. (At 1% of every GC's
 *    wall time, a loaded 2-core runner's 50–150 ms waits left no post-GC sample in a 60 s
 *    run's last 15 s: the window's last third, where levelling off is judged, was empty.)
 * `sample.gcEvery` in a scenario fixes the gap instead.
 */
export const DENSE_MS = 30_000;
export const RAMP_DIVISOR = 30;
/** Planned run length ÷ this = the one gap between post-GC samples of a run with a duration. */
export const PLANNED_DIVISOR = 120;
export const MAX_RAMP_GAP_MS = 15_000;
export const GC_BUDGET_SHARE = 0.01;
/** A forced GC this long or longer (ms) puts the budget in force; shorter ones leave the cadence alone. */
export const BUDGET_MIN_COST_MS = 100;
export const MAX_BUDGET_GAP_MS = 60_000;

export interface PostGcCadenceOptions {
  /** Fixed time between post-GC samples; null for the automatic cadence. */
  everyMs: number | null;
  /** The sampler's interval: a post-GC sample is due up to half of it early (timer jitter). */
  intervalMs: number;
  /** Planned run length (the scenario's duration), ms; null when the run is bounded by cycles alone. */
  plannedMs?: number | null;
}

export class PostGcCadence {
  private lastAtMs = -Infinity;
  private lastCostMs = 0;

  constructor(private readonly options: PostGcCadenceOptions) {}

  /** Least time between the last post-GC sample and the next, `elapsedMs` into the run. */
  gapMs(elapsedMs: number): number {
    if (this.options.everyMs !== null) return this.options.everyMs;
    const planned = this.options.plannedMs ?? null;
    const budget =
      elapsedMs >= DENSE_MS && this.lastCostMs >= BUDGET_MIN_COST_MS ? Math.min(MAX_BUDGET_GAP_MS, this.lastCostMs / GC_BUDGET_SHARE) : 0;
    if (planned !== null) return Math.max(Math.min(MAX_RAMP_GAP_MS, planned / PLANNED_DIVISOR), budget);
    if (elapsedMs < DENSE_MS) return 0;
    return Math.max(Math.min(MAX_RAMP_GAP_MS, elapsedMs / RAMP_DIVISOR), budget);
  }

  /** Whether a sample taken `elapsedMs` into the run should force a GC first. */
  due(elapsedMs: number): boolean {
    return elapsedMs - this.lastAtMs >= this.gapMs(elapsedMs) - this.options.intervalMs / 2;
  }

  /** Records a post-GC sample taken at `elapsedMs` whose forced GC took `costMs` (CPU time). */
  taken(elapsedMs: number, costMs: number): void {
    this.lastAtMs = elapsedMs;
    this.lastCostMs = costMs;
  }
}
