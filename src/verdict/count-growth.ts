/** Growth of named counts (active handles by type, process listeners by event) over the window. */
import type { Sample } from '../model/sample.js';
import { boundedGrowth, describeBounded, type SeriesPoint } from './persistence.js';
import { mannKendall, theilSen } from './stats.js';
import {
  COUNT_MIN_RISE,
  COUNT_MIN_RISE_PER_CYCLE,
  COUNT_MONOTONE_MIN_SAMPLES,
  SIGNIFICANCE_P,
} from './thresholds.js';
import type { BoundedGrowth, RuleEvidence } from './types.js';

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
  /** The count grows: trend significant (or non-decreasing over ≥ 4 samples), the rise clears the noise floor, and it persists. */
  growing: boolean;
  /** It rose past the floor but levelled off or fell back before the end of the window (so not `growing`); else null. */
  bounded: BoundedGrowth | null;
}

/**
 * For every key seen in any sample (missing = 0), how its count grows over the samples.
 *
 * A count grows when its trend is real — Mann–Kendall p < 0.01, or, for short windows where the
 * test cannot reach that yet, a non-decreasing count over at least 4 samples that ends higher —
 * and the fitted rise is at least max(10, 5% of the cycles). So a timer leaked per cycle fails
 * within 150 cycles, one leaked every 10th cycle fails once it has added 10, and the few
 * handles a clean loop has open at any moment never do. A count that rose but levelled off or
 * fell back before the end of the window (persistence.ts) is `bounded`, not growing: timers
 * pending for 15 s after each close level off at rate × 15 s. `history` (the run's samples
 * before the window too) dates the levelling off.
 */
export function countGrowth(
  samples: readonly Sample[],
  pick: (s: Sample) => Record<string, number>,
  history: readonly Sample[] = samples,
): CountGrowth[] {
  const keys = new Set<string>();
  for (const s of samples) for (const key of Object.keys(pick(s))) keys.add(key);
  const cycles = samples.map((s) => s.cycle);
  const span = samples.length >= 2 ? (cycles[cycles.length - 1] as number) - (cycles[0] as number) : 0;
  const out: CountGrowth[] = [];
  for (const key of [...keys].sort()) {
    const counts = samples.map((s) => pick(s)[key] ?? 0);
    const growth = growthOfCount(key, cycles, counts, span);
    if (growth.growing) {
      const points = (list: readonly Sample[]): SeriesPoint[] => list.map((s) => ({ t: s.t, cycle: s.cycle, value: pick(s)[key] ?? 0 }));
      growth.bounded = boundedGrowth(points(samples), points(history));
      if (growth.bounded) growth.growing = false;
    }
    out.push(growth);
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
  return { key, perCycle, first, last, rise, cycles: span, pValue, growing: trend && perCycle > 0 && rise >= floor, bounded: null };
}

/**
 * Non-failing evidence for the counts that rose past the floor but did not persist: what they did
 * instead. `label` names a key as the rule's failing evidence does.
 */
export function boundedCountEvidence(
  kind: 'handles' | 'listeners',
  counts: readonly CountGrowth[],
  label: (key: string) => string,
): RuleEvidence[] {
  return counts.flatMap((g) => {
    if (!g.bounded) return [];
    const name = kind === 'listeners' ? label(g.key) : g.key;
    const detail = describeBounded(label(g.key), g.bounded, 'count');
    return [{ kind, name, perCycle: g.perCycle, detail, failing: false, bounded: g.bounded }];
  });
}
