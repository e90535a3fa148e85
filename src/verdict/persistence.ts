/**
 * Whether a rise persists to the end of the judged window. A leak never stops growing; memory
 * held for a while (a resume window, a grace period), a cache that fills, a one-time step, or a
 * list cleared every so often (a sawtooth) does. Shared by the count rules (handles, listeners)
 * and the object groups; the memory trends judge their last third with its CI (growth.ts).
 */
import { formatBytes, formatCount, formatPerCycle } from '../format/units.js';
import { median, theilSen } from './stats.js';
import { PERSIST_LAST_PART, PERSIST_MIN_SHARE, SAWTOOTH_DROP_SHARE } from './thresholds.js';
import type { BoundedGrowth } from './types.js';

/** One point of a series: when (ms into the run), at which cycle, and its value. */
export interface SeriesPoint {
  t: number;
  cycle: number;
  value: number;
}

/** Fewest points in the last part for a persistence call; with fewer, a rise is taken to persist. */
const MIN_LAST_POINTS = 2;
/** A series has levelled off at the first point within this share of the rise below its final level. */
const LEVEL_REACHED_SHARE = 0.1;
const MS_PER_S = 1000;

/**
 * How a series that rose over the window behaves at its end, or null when it persists (or there
 * are too few points to tell):
 *  - `sawtooth`: somewhere it falls by at least SAWTOOTH_DROP_SHARE of its range in one step
 *    (a list emptied every N connections); a leak never gives back half of what it gained;
 *  - `plateau`: its last PERSIST_LAST_PART grows at under PERSIST_MIN_SHARE of the whole
 *    window's pace per cycle (time-bounded retention, a filled cache, a step).
 * `history` (the run's points before the window too) places the moment it levelled off.
 */
export function boundedGrowth(points: readonly SeriesPoint[], history: readonly SeriesPoint[] = points): BoundedGrowth | null {
  const n = points.length;
  if (n < 3) return null;
  const values = points.map((p) => p.value);
  const max = Math.max(...values);
  const min = Math.min(...values);
  const range = max - min;
  if (!(range > 0)) return null;
  const whole = theilSen(
    points.map((p) => p.cycle),
    values,
  ).slope;
  const lastFrom = Math.min(n - MIN_LAST_POINTS, Math.floor(n * (1 - PERSIST_LAST_PART)));
  const last = points.slice(lastFrom);
  const lastSlope = theilSen(
    last.map((p) => p.cycle),
    last.map((p) => p.value),
  ).slope;
  const level = median(last.map((p) => p.value));
  let biggestDrop = 0;
  for (let i = 1; i < n; i++) biggestDrop = Math.max(biggestDrop, (values[i - 1] as number) - (values[i] as number));
  const base = {
    wholePerCycle: Number.isNaN(whole) ? 0 : whole,
    lastPerCycle: Number.isNaN(lastSlope) ? 0 : lastSlope,
    level,
    low: min,
    high: max,
  };
  if (biggestDrop >= SAWTOOTH_DROP_SHARE * range) {
    return { ...base, pattern: 'sawtooth', levelledAtMs: null };
  }
  // NaN (the cycle count stood still over the last part) is not evidence of levelling off.
  if (Number.isNaN(lastSlope) || Number.isNaN(whole) || !(whole > 0)) return null;
  if (lastSlope >= PERSIST_MIN_SHARE * whole) return null;
  return { ...base, pattern: 'plateau', levelledAtMs: levelledAt(history, level, range) };
}

/**
 * A plateau of a series whose levelling off was judged elsewhere (the memory trends judge their
 * last third with its CI, growth.ts): its level (median of the last part), range and the moment
 * it levelled off.
 */
export function plateauOf(
  points: readonly SeriesPoint[],
  history: readonly SeriesPoint[],
  pace: { wholePerCycle: number; lastPerCycle: number },
): BoundedGrowth {
  const values = points.map((p) => p.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const lastFrom = Math.min(points.length - 1, Math.floor(points.length * (1 - PERSIST_LAST_PART)));
  const level = median(values.slice(lastFrom));
  return { pattern: 'plateau', levelledAtMs: levelledAt(history, level, high - low), level, low, high, ...pace };
}

/** First time the series came within LEVEL_REACHED_SHARE of the rise below `level` (ms into the run). */
function levelledAt(history: readonly SeriesPoint[], level: number, range: number): number | null {
  const near = level - LEVEL_REACHED_SHARE * range;
  return history.find((p) => p.value >= near)?.t ?? null;
}

/**
 * `Timeout levelled off after ~15 s at ~825: bounded retention, not a leak`, or for a sawtooth
 * `(string) rose and fell between 1,200 and 1,500: cleared periodically, not a leak`, in the
 * evidence's unit.
 */
export function describeBounded(what: string, b: BoundedGrowth, unit: 'bytes' | 'count'): string {
  const value = unit === 'bytes' ? formatBytes : formatCount;
  if (b.pattern === 'sawtooth') {
    return `${what} rose and fell between ${value(b.low)} and ${value(b.high)}: cleared periodically, not a leak`;
  }
  const after = b.levelledAtMs === null ? '' : ` after ~${Math.max(1, Math.round(b.levelledAtMs / MS_PER_S))} s`;
  return (
    `${what} levelled off${after} at ~${value(b.level)}` +
    ` (${formatPerCycle(b.lastPerCycle, unit)} over the window's last third, ${formatPerCycle(b.wholePerCycle, unit)} over all of it):` +
    ' bounded retention, not a leak'
  );
}
