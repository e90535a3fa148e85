/** Growth of named counts (active handles by type, process listeners by event) over the window. */
import type { Sample } from '../model/sample.js';
import { mannKendall, theilSen } from './stats.js';
import {
  COUNT_MIN_RISE,
  COUNT_MIN_RISE_PER_CYCLE,
  COUNT_MONOTONE_MIN_SAMPLES,
  SIGNIFICANCE_P,
} from './thresholds.js';

export interface CountGrowth {
  /** Resource type or event name. */
  key: string;
  /** Theil–Sen slope of the count against the cycle count. */
  perCycle: number;
  /** Count at the first and last sample of the window. */
  first: number;
  last: number;
  /** Fitted rise over the window: perCycle × cycles. */
  rise: number;
  cycles: number;
  /** Mann–Kendall two-sided p-value of the count in time order. */
  pValue: number;
  /** The count grows: trend significant (or non-decreasing over ≥ 4 samples) and the rise clears the noise floor. */
  growing: boolean;
}

/**
 * For every key seen in any sample (missing = 0), how its count grows over the samples.
 *
 * A count grows when its trend is real — Mann–Kendall p < 0.01, or, for short windows where the
 * test cannot reach that yet, a non-decreasing count over at least 4 samples that ends higher —
 * and the fitted rise is at least max(10, 5% of the cycles). So a timer leaked per cycle fails
 * within 150 cycles, one leaked every 10th cycle fails once it has added 10, and the few
 * handles a clean loop has open at any moment never do.
 */
export function countGrowth(
  samples: readonly Sample[],
  pick: (s: Sample) => Record<string, number>,
): CountGrowth[] {
  const keys = new Set<string>();
  for (const s of samples) for (const key of Object.keys(pick(s))) keys.add(key);
  const cycles = samples.map((s) => s.cycle);
  const span = samples.length >= 2 ? (cycles[cycles.length - 1] as number) - (cycles[0] as number) : 0;
  const out: CountGrowth[] = [];
  for (const key of [...keys].sort()) {
    const counts = samples.map((s) => pick(s)[key] ?? 0);
    out.push(growthOfCount(key, cycles, counts, span));
  }
  return out;
}

function growthOfCount(key: string, cycles: number[], counts: number[], span: number): CountGrowth {
  const first = counts[0] ?? 0;
  const last = counts[counts.length - 1] ?? 0;
  const fit = counts.length >= 2 ? theilSen(cycles, counts) : null;
  const perCycle = fit && !Number.isNaN(fit.slope) ? fit.slope : 0;
  const rise = perCycle * span;
  const pValue = mannKendall(counts).p;
  const monotone =
    counts.length >= COUNT_MONOTONE_MIN_SAMPLES && last > first && counts.every((c, i) => i === 0 || c >= (counts[i - 1] as number));
  const trend = (pValue < SIGNIFICANCE_P && last > first) || monotone;
  const floor = Math.max(COUNT_MIN_RISE, COUNT_MIN_RISE_PER_CYCLE * span);
  return { key, perCycle, first, last, rise, cycles: span, pValue, growing: trend && perCycle > 0 && rise >= floor };
}
