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
 * A heap trend that is not a significant rise passes only when its 95% CI also rules out a large
 * leak: when the CI's low end is at or below 0 (no growth is possible) and its high end reaches
 * this many times the limit (ratio), the window cannot tell a pass from a failure and the
 * verdict is inconclusive. Measured: a 74-cycle window of the ~1 KiB/cycle leaky client at load
 * ~6 read 95% CI −185 to 6,958 B/cycle net of V8's code (54× the 128 B limit) and passed. See
 * docs/verdict.md ("A very short, slow run") for the short clean and leaky runs behind the value.
 */
export const UNDECIDED_CI_HIGH_LIMITS = 10;

/**
 * Saturation: the last part of the window (this share of its samples) is compared with the
 * growth before it. A bounded cache or a one-time lazy allocation grows and then stops.
 */
export const SATURATION_LAST_PART = 1 / 3;
/** The last part grows at less than this share of the reference slope (ratio). */
export const SATURATION_RATIO = 0.25;
/**
 * Fewest samples in the last part for a saturation call (samples). Levelling off needs "no
 * significant trend" in the last part to mean something: with 5 samples the Mann–Kendall test can
 * never reach p < 0.01 (five rising in a row give p = 0.027), so any leak's last third passed that
 * test and only the noisy slope ratio decided (a 200-cycle leaky run passed as levelling off). Six
 * in a row reach p = 0.009; eight leave room for one sample out of order (p = 0.004).
 */
export const SATURATION_MIN_SAMPLES = 8;
/**
 * …and over at least this many cycles: a last third of a few cycles (a short run on a loaded
 * runner: ~20 cycles in 2 s) shows no significant rise even for a 1 KiB/cycle leak, because the
 * GC noise of heapUsed is larger than 20 KiB. Too little to see is not levelling off (CI's
 * leaky-short recipe run passed as "levelling off" so).
 */
export const SATURATION_MIN_CYCLES = 50;

/**
 * Persistence: a count or object group that rose is a leak only while it keeps rising to the end
 * of the window: its last part (this share of the points) must grow at ≥ PERSIST_MIN_SHARE of the
 * whole window's pace per cycle. A leak's counts rose 0.97–1.03× their pace in every third of the
 * corpus windows; time-bounded retention, filled caches and steps rose at ≈ 0 in the last third.
 */
export const PERSIST_LAST_PART = 1 / 3;
/** Share of the whole window's pace the last part must keep (ratio). */
export const PERSIST_MIN_SHARE = 0.5;
/**
 * A series that falls in one step by at least this share of its range in the window is a
 * sawtooth (emptied every so often), not a leak: a leak never gives back half of what it gained.
 */
export const SAWTOOTH_DROP_SHARE = 0.5;

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
/**
 * With at least this many snapshots in the window (snapshots), a steady object group must also
 * show a significant rise: one-sided Mann–Kendall (exact for small n), with a Benjamini–Hochberg
 * correction at SIGNIFICANCE_P across every group that cleared its floor. A rise in every one of
 * 4 intervals has p = 1/5! ≈ 0.0083; with 4 snapshots it is 1/24 ≈ 0.042 and cannot pass, so
 * fewer snapshots are judged by the floor and every-interval test alone (as before).
 */
export const OBJECT_TREND_MIN_SNAPSHOTS = 5;
/**
 * Fewest live-object counts (probe/object-census.ts) inside the judged window to judge object
 * growth from them when heap snapshots were skipped (counts): the one-sided Mann–Kendall test
 * across every constructor needs 5 to reach SIGNIFICANCE_P at all.
 */
export const OBJECT_COUNT_MIN_POINTS = 5;
/** An object group fails when it rises by at least this many objects (count) … */
export const OBJECT_MIN_RISE = 20;
/** … and at least this many per cycle between the first and last snapshot (count/cycle). */
export const OBJECT_MIN_RISE_PER_CYCLE = 0.05;

/**
 * An object group fails only when it keeps growing: between every two consecutive snapshots in
 * the window it rises by at least this share of its average rise per cycle × those cycles
 * (ratio). A bounded cache that fills, or a one-time allocation, rises in one or two intervals
 * and then stops; a leak rises in all of them. Corpus (3 intervals between 4 snapshots): every
 * leaking group rose 0.99–1.02× its average pace in each interval; clean-lazy-init's 20,000
 * objects rose 3.64×, 0, 0 and clean-bounded-cache's entries 3.28×, 0, 0.
 */
export const OBJECT_MIN_INTERVAL_SHARE = 0.25;
/**
 * A snapshot is judged only when it is at least this share of the window's snapshot span (in
 * cycles) after the previous one judged, and before the last (ratio): on a loaded runner the loop
 * stood still between snapshots (cycles 432, 433, 444, 495, 590 for interval-socket at load 13),
 * and a 1-cycle interval cannot rise by a quarter of its pace over the objects in flight.
 */
export const OBJECT_MIN_INTERVAL_CYCLES_SHARE = 0.1;

/**
 * Groups that V8 itself grows while it warms up: bytecode and optimized code, feedback vectors,
 * maps (hidden classes) and the internal arrays behind them. They never fail on their own: in
 * the corpus every leak also grew a user-visible group (`WebSocket`, `Timeout`, `(closure)`, a
 * class of its own) at ≥ 1/cycle, while clean runs grew `(compiled code)` by up to 0.3/cycle for
 * the whole minute (clean-garbage: +0.27/cycle, +68 B/cycle).
 */
export const V8_INTERNAL_GROUPS: ReadonlySet<string> = new Set([
  '(compiled code)',
  '(code)',
  '(system)',
  '(array)',
  '(object shape)',
  '(hidden)',
]);

/**
 * The group whose self-size growth between the window's snapshots is V8's own code warm-up:
 * optimized code, deopt data and feedback keep growing for minutes in a clean loop (corpus:
 * 40–175 B/cycle over the first minute, more per cycle when cycles are slow). The heap trend is
 * judged net of it when snapshots show it.
 */
export const CODE_WARMUP_GROUP = '(compiled code)';
/**
 * A provisional verdict (the `--until-verdict` checks while the run goes, which have no analysed
 * snapshots to measure that warm-up) must see the heap trend clear `maxGrowthPerCycle` plus
 * this much per second of the window, spread over its cycles (bytes/second). Corpus: clean loops grew post-GC heapUsed by up to ~15 KiB/s in windows
 * ending 10–30 s into a run (clean-heartbeat: ~250 B/cycle at ~55 cycles/s) and by 2–4 KiB/s
 * over a whole minute; a socket retained per cycle adds ~3 KiB × 35–60 cycles/s.
 */
export const V8_WARMUP_ALLOWANCE_BYTES_PER_S = 16 * 1024;
/**
 * V8 warm-up that the probe's code statistics (`v8.getHeapCodeStatistics()`: code and bytecode with
 * their metadata) do not see, as a multiple of what they do see (ratio). The snapshots' `(compiled
 * code)` group also holds feedback vectors, shared function infos, scope infos and IC handlers,
 * which grow with the code: the statistics read 60–68% of that group's growth (corpus clean
 * baseline ~60%; the built-in loop with 400 ms connections: 9,344 of 14,043 B/cycle over 26
 * cycles, 620 of 908 over 89), so the unseen part was 0.47–0.67× the seen one; 1× leaves room.
 * A final verdict judged from the samples' code alone fails the heap trend only if it still
 * fails with this much more taken off: 22 cycles of that loop read +5,714 to +9,700 B/cycle net
 * of the statistics' 12.3–14.8 KB (92 cycles: +240 net of 527) and failed a clean run
 * (docs/verdict.md, "A couple dozen slow cycles").
 */
export const UNSEEN_CODE_RATIO = 1;
/**
 * A provisional verdict (`--until-verdict`, the live view) fails only once its window has
 * judged this long (ms). Memory held for R seconds grows like a leak for R seconds; the window
 * (from 25% of the elapsed time) must reach R / 0.75 before its last third is flat. 15 s covers
 * retention of up to 15 s (a resume window, a session grace period): corpus clean fixtures
 * settled as leaks at 6–7 s without it. The large leaks then settle at ~21 s instead of 6–11 s.
 */
export const PROVISIONAL_MIN_WINDOW_MS = 15_000;
/**
 * A provisional verdict settles only unmistakable growth: a handle or listener count of at least
 * this many per cycle (count/cycle) … Memory held for a while levels off at rate × retention, and
 * the rate moves under load and with every snapshot pause: checked every second, the clean
 * fixtures' `Timeout` counts read 0.11–0.21/cycle at some check 30–51 s into a run (corpus, load
 * 15–20), while the handle and listener leaks that settle early are 1.00/cycle.
 */
export const PROVISIONAL_MIN_COUNT_PER_CYCLE = 0.5;
/**
 * … and a memory trend of at least this many bytes per cycle: the same clean fixtures' heap read
 * up to +294 B/cycle net at such a check; the memory leaks that settle early retain 1.1–3.3 KiB.
 * Smaller leaks fail in the full run.
 */
export const PROVISIONAL_MIN_BYTES_PER_CYCLE = 1024;
