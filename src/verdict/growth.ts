/** Growth of the memory series over the judged window: slope, significance, saturation. */
import type { Sample } from '../model/sample.js';
import { mannKendall, theilSen } from './stats.js';
import {
  SATURATION_LAST_PART,
  SATURATION_MIN_CYCLES,
  SATURATION_MIN_SAMPLES,
  SATURATION_RATIO,
  SIGNIFICANCE_P,
} from './thresholds.js';
import type { JudgedWindow, SeriesGrowth } from './types.js';

export type SeriesName = SeriesGrowth['series'];

/** Fewest samples for any slope at all. */
const MIN_SAMPLES_FOR_SLOPE = 3;
const MS_PER_MINUTE = 60_000;

/**
 * Where each series comes from. `external` is `postGc.external` alone: Node's docs say
 * `arrayBuffers` (ArrayBuffers and Buffers) "is also included in the external value", so adding
 * it would count Buffers twice. rss is the regular sample's `mem.rss`; it is shown, never judged.
 */
const READ: Record<SeriesName, (s: Sample) => number> = {
  heapUsed: (s) => s.postGc?.heapUsed ?? NaN,
  external: (s) => s.postGc?.external ?? NaN,
  rss: (s) => s.mem.rss,
};

/** Each window's growth is computed once, however many rules ask (windows are not mutated). */
const cache = new WeakMap<JudgedWindow, Map<SeriesName, SeriesGrowth>>();

/** Growth of post-GC heapUsed, external memory and rss over the window, in that order. */
export function seriesGrowth(window: JudgedWindow): SeriesGrowth[] {
  return (['heapUsed', 'external', 'rss'] as const).map((name) => growthOf(window, name));
}

/**
 * Growth of one series over the window's post-GC samples.
 *
 * - `perCycle` (with its 95% CI): Theil–Sen slope of the value against the cycle count.
 * - `perMinute`: Theil–Sen slope against time, per minute.
 * - `pValue`: Mann–Kendall on the values in time order.
 * - `saturating`: the series grew significantly, but its last third (≥ 5 samples) grows at
 *   less than 25% of the reference slope and shows no significant trend of its own. The reference
 *   is the larger of the whole window's slope and its first half's: comparing with the first
 *   half alone would miss a cache that fills, or a lazy allocation that steps, in the middle.
 * - `total`: last − first sample.
 *
 * Fewer than 3 samples give zeros and p = 1.
 */
export function growthOf(window: JudgedWindow, series: SeriesName): SeriesGrowth {
  let perSeries = cache.get(window);
  if (!perSeries) {
    perSeries = new Map();
    cache.set(window, perSeries);
  }
  let growth = perSeries.get(series);
  if (!growth) {
    growth = computeGrowth(window.samples, series);
    perSeries.set(series, growth);
  }
  return growth;
}

function computeGrowth(samples: Sample[], series: SeriesName): SeriesGrowth {
  const values = samples.map(READ[series]);
  const cycles = samples.map((s) => s.cycle);
  const times = samples.map((s) => s.t);
  const n = values.length;
  const total = n >= 2 ? (values[n - 1] as number) - (values[0] as number) : 0;
  const byCycle = n >= MIN_SAMPLES_FOR_SLOPE ? theilSen(cycles, values) : null;
  if (!byCycle || Number.isNaN(byCycle.slope)) {
    return {
      series, perCycle: 0, perCycleLow: 0, perCycleHigh: 0, perMinute: 0, pValue: 1, saturating: false, lastPart: null, total,
    };
  }
  const byTime = theilSen(times, values);
  const pValue = mannKendall(values).p;
  const lastPart = lastPartOf(cycles, values, byCycle.slope, pValue);
  return {
    series,
    perCycle: byCycle.slope,
    perCycleLow: byCycle.slopeLow,
    perCycleHigh: byCycle.slopeHigh,
    perMinute: Number.isNaN(byTime.slope) ? 0 : byTime.slope * MS_PER_MINUTE,
    pValue,
    saturating: isSaturating(lastPart),
    lastPart,
    total,
  };
}

type LastPart = NonNullable<SeriesGrowth['lastPart']>;

/** The last third's slope and trend, and the reference slope; null when there is no significant rise or too few samples. */
function lastPartOf(cycles: number[], values: number[], slope: number, pValue: number): LastPart | null {
  if (!(slope > 0) || pValue >= SIGNIFICANCE_P) return null;
  const n = values.length;
  const lastFrom = Math.floor(n * (1 - SATURATION_LAST_PART));
  if (n - lastFrom < SATURATION_MIN_SAMPLES) return null;
  if ((cycles[n - 1] ?? 0) - (cycles[lastFrom] ?? 0) < SATURATION_MIN_CYCLES) return null;
  const half = Math.ceil(n / 2);
  const firstSlope = theilSen(cycles.slice(0, half), values.slice(0, half)).slope;
  const referencePerCycle = Math.max(slope, Number.isNaN(firstSlope) ? 0 : firstSlope);
  const lastValues = values.slice(lastFrom);
  const fit = theilSen(cycles.slice(lastFrom), lastValues);
  // NaN (the cycle count stood still) is not evidence of levelling off.
  if (Number.isNaN(fit.slope)) return null;
  return { perCycle: fit.slope, perCycleHigh: fit.slopeHigh, pValue: mannKendall(lastValues).p, referencePerCycle };
}

function isSaturating(last: LastPart | null): boolean {
  return last !== null && last.perCycle < SATURATION_RATIO * last.referencePerCycle && last.pValue >= SIGNIFICANCE_P;
}
