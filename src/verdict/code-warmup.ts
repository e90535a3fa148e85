/**
 * V8's own warm-up, so that the heap trend can be judged on the application's memory. A clean
 * reconnect loop keeps growing post-GC heapUsed for minutes while V8 optimizes its hot functions
 * (optimized code, deopt data, feedback); the heap snapshots show that growth as the
 * `(compiled code)` group's self size, and it is taken off the heap slope. A provisional verdict
 * (`--until-verdict`, judged before any snapshot is analysed) must clear an allowance for it
 * instead; a final verdict without snapshots judges the raw slope.
 */
import { growthOf } from './growth.js';
import { CODE_WARMUP_GROUP, V8_WARMUP_ALLOWANCE_BYTES_PER_S } from './thresholds.js';
import type { JudgedWindow, SeriesGrowth, VerdictInput } from './types.js';
import { snapshotsInWindow } from './window.js';

/** Fewest snapshots in the window for a code growth figure (two make a difference). */
const MIN_SNAPSHOTS = 2;
const MS_PER_S = 1000;

export interface CodeWarmup {
  /** Self size of `(compiled code)` gained per cycle between the window's first and last snapshot, bytes (≥ 0). */
  perCycle: number;
}

/**
 * Compiled-code growth per cycle over the judged window's snapshots; null when it was not
 * measured: fewer than 2 snapshots in the window, or no object groups from them. A group that
 * did not grow (object groups list only the growing ones) measured 0.
 */
export function codeWarmup(input: VerdictInput, window: JudgedWindow): CodeWarmup | null {
  if (input.objectGroups.length === 0) return null;
  const idx = snapshotsInWindow(input, window);
  if (idx.length < MIN_SNAPSHOTS) return null;
  const first = idx[0] as number;
  const last = idx[idx.length - 1] as number;
  const span = (input.snapshots[last]?.cycle ?? 0) - (input.snapshots[first]?.cycle ?? 0);
  if (!(span > 0)) return null;
  const group = input.objectGroups.find((g) => g.name === CODE_WARMUP_GROUP);
  const bytes = group ? (group.selfSizes[last] ?? 0) - (group.selfSizes[first] ?? 0) : 0;
  return { perCycle: Math.max(0, bytes / span) };
}

/**
 * V8 warm-up allowance per cycle for a window where it was not measured:
 * V8_WARMUP_ALLOWANCE_BYTES_PER_S × the window's seconds ÷ its cycles (0 for an empty window).
 */
export function warmupAllowance(window: JudgedWindow): number {
  const first = window.samples[0];
  const last = window.samples[window.samples.length - 1];
  if (!first || !last || window.cycles <= 0) return 0;
  return (V8_WARMUP_ALLOWANCE_BYTES_PER_S * (last.t - first.t)) / MS_PER_S / window.cycles;
}

/** Post-GC heapUsed growth as the heap trend judges it. */
export interface NetHeapGrowth {
  /** With the measured code warm-up taken off slope and interval; p-value and saturation are the series' own. */
  growth: SeriesGrowth;
  /** What was taken off; null when it was not measured. */
  code: CodeWarmup | null;
  /** Added to `maxGrowthPerCycle` in a provisional verdict where the warm-up was not measured, bytes per cycle; else 0. */
  allowance: number;
  /** The series' own slope, before. */
  rawPerCycle: number;
}

export function netHeapGrowth(input: VerdictInput, window: JudgedWindow): NetHeapGrowth {
  const raw = growthOf(window, 'heapUsed');
  const code = codeWarmup(input, window);
  if (!code) {
    const allowance = input.provisional === true ? warmupAllowance(window) : 0;
    return { growth: raw, code: null, allowance, rawPerCycle: raw.perCycle };
  }
  const growth: SeriesGrowth = {
    ...raw,
    perCycle: raw.perCycle - code.perCycle,
    perCycleLow: raw.perCycleLow - code.perCycle,
    perCycleHigh: raw.perCycleHigh - code.perCycle,
  };
  return { growth, code, allowance: 0, rawPerCycle: raw.perCycle };
}
