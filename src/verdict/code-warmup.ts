/**
 * V8's own warm-up, so that the heap trend can be judged on the application's memory. A clean
 * reconnect loop keeps growing post-GC heapUsed for minutes while V8 optimizes its hot functions
 * (optimized code, deopt data, feedback); the heap snapshots show that growth as the
 * `(compiled code)` group's self size, and it is taken off the heap slope. Without snapshots in
 * the window, the code size the probe reads with every post-GC sample (v8.getHeapCodeStatistics:
 * code and bytecode with their metadata, ~60% of that growth in the corpus's clean baseline) is
 * taken off instead. What the code statistics do not see is covered by an allowance in a
 * provisional verdict (`--until-verdict`, judged before any snapshot is analysed) and by an unseen
 * share (UNSEEN_CODE_RATIO × the code they read) in a final one.
 */
import type { Sample } from '../model/sample.js';
import { growthOf } from './growth.js';
import { theilSen } from './stats.js';
import { CODE_WARMUP_GROUP, UNSEEN_CODE_RATIO, V8_WARMUP_ALLOWANCE_BYTES_PER_S } from './thresholds.js';
import type { JudgedWindow, SeriesGrowth, VerdictInput } from './types.js';
import { snapshotsInWindow } from './window.js';

/** Fewest snapshots in the window for a code growth figure (two make a difference). */
const MIN_SNAPSHOTS = 2;
/** Fewest post-GC samples with a code size for a code growth figure from samples. */
const MIN_CODE_SAMPLES = 3;
const MS_PER_S = 1000;

export interface CodeWarmup {
  /** Compiled code gained per cycle over the judged window, bytes (≥ 0). */
  perCycle: number;
  /**
   * snapshots: `(compiled code)` self size between the window's first and last snapshot;
   * samples: the Theil–Sen slope of the post-GC samples' code size.
   */
  source: 'snapshots' | 'samples';
}

/**
 * Compiled-code growth per cycle over the judged window: from its snapshots when it has two or
 * more with object groups (a group that did not grow — object groups list only the growing
 * ones — measured 0), else from its post-GC samples' code sizes; null when neither measured it.
 */
export function codeWarmup(input: VerdictInput, window: JudgedWindow): CodeWarmup | null {
  return codeFromSnapshots(input, window) ?? codeFromSamples(window.samples);
}

function codeFromSamples(samples: readonly Sample[]): CodeWarmup | null {
  const measured = samples.filter((s) => typeof s.postGc?.code === 'number');
  if (measured.length < MIN_CODE_SAMPLES || measured.length < samples.length) return null;
  const slope = theilSen(
    measured.map((s) => s.cycle),
    measured.map((s) => s.postGc?.code ?? 0),
  ).slope;
  return Number.isNaN(slope) ? null : { perCycle: Math.max(0, slope), source: 'samples' };
}

function codeFromSnapshots(input: VerdictInput, window: JudgedWindow): CodeWarmup | null {
  if (input.objectGroups.length === 0) return null;
  const idx = snapshotsInWindow(input, window);
  if (idx.length < MIN_SNAPSHOTS) return null;
  const first = idx[0] as number;
  const last = idx[idx.length - 1] as number;
  const span = (input.snapshots[last]?.cycle ?? 0) - (input.snapshots[first]?.cycle ?? 0);
  if (!(span > 0)) return null;
  const group = input.objectGroups.find((g) => g.name === CODE_WARMUP_GROUP);
  const bytes = group ? (group.selfSizes[last] ?? 0) - (group.selfSizes[first] ?? 0) : 0;
  return { perCycle: Math.max(0, bytes / span), source: 'snapshots' };
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
  /** Added to `maxGrowthPerCycle` in a provisional verdict unless snapshots measured the warm-up, bytes per cycle; else 0. */
  allowance: number;
  /**
   * Final verdicts whose code came from the samples: the V8 warm-up the code statistics may have
   * missed (UNSEEN_CODE_RATIO × `code.perCycle`), bytes per cycle; a failure must survive taking
   * it off too. 0 otherwise (snapshots measured it all; a provisional verdict has its allowance).
   */
  unseen: number;
  /** The series' own slope, before. */
  rawPerCycle: number;
}

export function netHeapGrowth(input: VerdictInput, window: JudgedWindow): NetHeapGrowth {
  const raw = growthOf(window, 'heapUsed');
  const code = codeWarmup(input, window);
  // The code statistics miss part of the warm-up (feedback, inline caches): a provisional verdict,
  // which only ever settles a failure, keeps the allowance unless snapshots measured it all.
  const allowance = input.provisional === true && code?.source !== 'snapshots' ? warmupAllowance(window) : 0;
  if (!code) {
    return { growth: raw, code: null, allowance, unseen: 0, rawPerCycle: raw.perCycle };
  }
  const unseen = input.provisional !== true && code.source === 'samples' ? UNSEEN_CODE_RATIO * code.perCycle : 0;
  const growth: SeriesGrowth = {
    ...raw,
    perCycle: raw.perCycle - code.perCycle,
    perCycleLow: raw.perCycleLow - code.perCycle,
    perCycleHigh: raw.perCycleHigh - code.perCycle,
  };
  return { growth, code, allowance, unseen, rawPerCycle: raw.perCycle };
}
