/**
 * Tunables of the leak verdict, each with its unit and the measurement behind it.
 * Limits the user sets (growth per cycle, total growth, fewest cycles) live in the scenario's
 * `verdict.*`; these are the statistical floors underneath them.
 */

/** A trend counts when its Mann–Kendall two-sided p-value is below this. */
export const SIGNIFICANCE_P = 0.01;

/** Fewest post-GC samples in the judged window for a memory trend (samples). */
export const MIN_POST_GC_SAMPLES = 5;

/**
 * Saturation: the last part of the window (this share of its samples) is compared with the
 * growth before it. A bounded cache or a one-time lazy allocation grows and then stops.
 */
export const SATURATION_LAST_PART = 1 / 3;
/** The last part grows at less than this share of the reference slope (ratio). */
export const SATURATION_RATIO = 0.25;
/** Fewest samples in the last part for a saturation call (samples). */
export const SATURATION_MIN_SAMPLES = 5;

/**
 * Handle and listener counts: clean code fluctuates by a few (connections opening and closing
 * at sample time); a timer leaked per cycle grows ≈1.00/cycle, one every 10th cycle ≈0.10.
 * A count fails when it rises by at least this many (count) …
 */
export const COUNT_MIN_RISE = 10;
/** … and at least this many per cycle in the window (count/cycle), i.e. 5% of the cycles. */
export const COUNT_MIN_RISE_PER_CYCLE = 0.05;
/** With this many samples or more, a non-decreasing count is a trend even when Mann–Kendall is not yet significant. */
export const COUNT_MONOTONE_MIN_SAMPLES = 4;

/** Fewest heap snapshots inside the judged window to judge object groups (snapshots). */
export const OBJECT_MIN_SNAPSHOTS = 3;
/** An object group fails when it rises by at least this many objects (count) … */
export const OBJECT_MIN_RISE = 20;
/** … and at least this many per cycle between the first and last snapshot (count/cycle). */
export const OBJECT_MIN_RISE_PER_CYCLE = 0.05;

/**
 * Groups that V8 itself grows while it warms up: bytecode and optimized code, feedback vectors,
 * maps (hidden classes) and the internal arrays behind them. That growth is bounded and slows
 * down; a real per-connection leak also shows in a user-visible group (`(closure)`, `Object`,
 * `WebSocket`, …). So these need a steeper, non-slowing rise rather than being ignored.
 */
export const V8_INTERNAL_GROUPS: ReadonlySet<string> = new Set([
  '(compiled code)',
  '(code)',
  '(system)',
  '(array)',
  '(object shape)',
  '(hidden)',
]);
/** V8-internal group: minimum rise (count). */
export const OBJECT_INTERNAL_MIN_RISE = 100;
/** V8-internal group: minimum rise per cycle (count/cycle). */
export const OBJECT_INTERNAL_MIN_RISE_PER_CYCLE = 0.25;
/** V8-internal group: growth per cycle in the later half of the snapshots, as a share of the earlier half (ratio). */
export const OBJECT_INTERNAL_MIN_LATE_RATE = 0.5;
