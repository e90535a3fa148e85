/** Evidence about one memory series' trend, shared by the heap and external-memory rules. */
import { formatInt, formatIntRange, formatSignedInt } from './format.js';
import { growthOf, type SeriesName } from './growth.js';
import { dataShortfall } from './rules/enough-data.rule.js';
import { SIGNIFICANCE_P } from './thresholds.js';
import type { Evidence, JudgedWindow, SeriesGrowth, VerdictInput } from './types.js';

/** Label of a series in verdict text. */
export const SERIES_LABEL: Record<SeriesName, string> = {
  heapUsed: 'post-GC heapUsed',
  external: 'post-GC external',
  rss: 'rss',
};

/** True when the slope is significantly above zero: Mann–Kendall p < 0.01 and the CI's low end > 0. */
export function isSignificantRise(g: SeriesGrowth): boolean {
  return g.pValue < SIGNIFICANCE_P && g.perCycleLow > 0;
}

/** `post-GC heapUsed +1,032 B/cycle (95% CI 1,010–1,050; limit 128 B)` */
export function trendFigures(g: SeriesGrowth, limit: number): string {
  return (
    `${SERIES_LABEL[g.series]} ${formatSignedInt(g.perCycle)} B/cycle` +
    ` (95% CI ${formatIntRange(g.perCycleLow, g.perCycleHigh)}; limit ${formatInt(limit)} B)`
  );
}

/**
 * One 'trend' evidence for a series against `verdict.maxGrowthPerCycle`. It fails only when the
 * window has enough data, the rise is significant, above the limit and not levelling off;
 * otherwise it is shown with the reason it does not fail.
 */
export function trendEvidence(input: VerdictInput, window: JudgedWindow, series: SeriesName): Evidence {
  const g = growthOf(window, series);
  const limit = input.scenario.verdict.maxGrowthPerCycle;
  const figures = trendFigures(g, limit);
  const base = { kind: 'trend' as const, name: series, perCycle: g.perCycle };
  if (dataShortfall(input, window) !== null) {
    return { ...base, detail: `${figures}, not judged: too little data`, failing: false };
  }
  if (!isSignificantRise(g)) {
    return { ...base, detail: `${figures}, no significant rise (p = ${formatP(g.pValue)})`, failing: false };
  }
  if (g.perCycle <= limit) {
    return { ...base, detail: `${figures}, below the limit`, failing: false };
  }
  if (g.saturating) {
    return { ...base, detail: `${figures}, levelling off (flat over the last third)`, failing: false };
  }
  return { ...base, detail: figures, failing: true };
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
