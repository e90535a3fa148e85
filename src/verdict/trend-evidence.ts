/** Evidence about one memory series' trend, shared by the heap and external-memory rules. */
import { netHeapGrowth, type NetHeapGrowth } from './code-warmup.js';
import { formatCount, formatCountRange, formatSignedCount } from '../format/units.js';
import type { Sample } from '../model/sample.js';
import { describeBounded, plateauOf, type SeriesPoint } from './persistence.js';
import { growthOf, type SeriesName } from './growth.js';
import { SATURATION_RATIO, SIGNIFICANCE_P } from './thresholds.js';
import { undecidedTrend, unseenWarmupTrend } from './undecided-trend.js';
import type { JudgedWindow, RuleEvidence, SeriesGrowth, VerdictInput } from './types.js';

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

/**
 * Whether a significant rise is levelling off: the series saturates (its last third grows at
 * under a quarter of the reference slope with no trend of its own), or its last third grows at
 * under a quarter of the reference slope and the upper end of its 95% CI, less `offsetPerCycle`
 * (code warm-up taken off), is within `acceptablePerCycle`. The second form lets a one-time step
 * or a filled cache pass while V8's warm-up keeps the last third creeping up; a small leak's
 * last third is not surely below the limit, so it still fails.
 */
export function levellingOff(g: SeriesGrowth, acceptablePerCycle: number, offsetPerCycle = 0): boolean {
  if (g.saturating) return true;
  const last = g.lastPart;
  if (!last) return false;
  return last.perCycle < SATURATION_RATIO * last.referencePerCycle && last.perCycleHigh - offsetPerCycle <= acceptablePerCycle;
}

/**
 * `post-GC heapUsed +1,032 B/cycle (95% CI 1,010–1,050; limit 128 B)`; with the code warm-up
 * taken off: `post-GC heapUsed +108 B/cycle without V8's compiled code (+192 − 84; 95% CI …)`;
 * with an allowance for it: `… (95% CI …; limit 128 B + 273 B V8 warm-up allowance)`.
 */
export function trendFigures(g: SeriesGrowth, limit: number, net?: NetHeapGrowth): string {
  const head = `${SERIES_LABEL[g.series]} ${formatSignedCount(g.perCycle)} B/cycle`;
  const allowance = net && net.allowance > 0 ? ` + ${formatCount(net.allowance)} B V8 warm-up allowance` : '';
  const ci = `95% CI ${formatCountRange(g.perCycleLow, g.perCycleHigh)}; limit ${formatCount(limit)} B${allowance}`;
  if (!net?.code || net.code.perCycle === 0) return `${head} (${ci})`;
  return `${head} without V8's compiled code (${formatSignedCount(net.rawPerCycle)} − ${formatCount(net.code.perCycle)}; ${ci})`;
}

/**
 * One 'trend' evidence for a series against `verdict.maxGrowthPerCycle`. It fails only when the
 * window has enough data, the rise is significant, above the limit and not levelling off;
 * otherwise it is shown with the reason it does not fail. heapUsed is judged net of V8's code
 * warm-up when the snapshots measured it, and against the limit plus an allowance for it when
 * they did not (see code-warmup.ts).
 */
export function trendEvidence(input: VerdictInput, window: JudgedWindow, series: SeriesName): RuleEvidence {
  const net = series === 'heapUsed' ? netHeapGrowth(input, window) : undefined;
  const g = net ? net.growth : growthOf(window, series);
  const limit = input.scenario.verdict.maxGrowthPerCycle;
  const figures = trendFigures(g, limit, net);
  const bar = limit + (net?.allowance ?? 0);
  const base = { kind: 'trend' as const, name: series, perCycle: g.perCycle };
  if (window.shortfall !== null) {
    return { ...base, detail: `${figures}, not judged: too little data`, failing: false, notJudged: true };
  }
  if (!isSignificantRise(g)) {
    // Only the heap trend: it is judged net of an estimate (V8's code warm-up) whose share swamps a
    // short window's slope; external memory is judged as measured.
    const undecided = net ? undecidedTrend(input, window, g, bar) : null;
    if (undecided !== null) return { ...base, detail: `${figures}, ${undecided}`, failing: false, notJudged: true, undecided: true };
    // The series may rise significantly and still not once the code warm-up is taken off.
    // A monotonic trend whose slope interval still reaches 0 (a flat series with a few steps) is
    // not a rise either; say which of the two it is.
    const why =
      net?.code && g.pValue < SIGNIFICANCE_P
        ? "no significant rise beyond V8's compiled code"
        : g.pValue < SIGNIFICANCE_P
          ? `no significant rise (a monotonic trend, p ${formatP(g.pValue)}, but its 95% CI starts at ${formatCount(g.perCycleLow)} B/cycle)`
          : `no significant rise (p ${formatP(g.pValue)})`;
    return { ...base, detail: `${figures}, ${why}`, failing: false };
  }
  if (g.perCycle <= bar) {
    return { ...base, detail: `${figures}, below the limit`, failing: false };
  }
  if (levellingOff(g, bar, net?.code?.perCycle ?? 0)) {
    const bounded = plateauOf(seriesPoints(window.samples, series), seriesPoints(input.samples, series), {
      wholePerCycle: g.perCycle,
      lastPerCycle: g.lastPart?.perCycle ?? 0,
    });
    const what = describeBounded(SERIES_LABEL[series], bounded, 'bytes');
    return { ...base, detail: `${figures}; ${what}`, failing: false, bounded };
  }
  const unseen = net ? unseenWarmupTrend(input, window, g, bar, net.unseen) : null;
  if (unseen !== null) return { ...base, detail: `${figures}, ${unseen}`, failing: false, notJudged: true, undecided: true };
  return { ...base, detail: figures, failing: true };
}

/** A memory series' post-GC points (samples without a post-GC reading left out). */
function seriesPoints(samples: readonly Sample[], series: 'heapUsed' | 'external' | 'rss'): SeriesPoint[] {
  return samples.flatMap((s) => {
    const value = series === 'rss' ? s.mem.rss : s.postGc?.[series];
    return value === undefined ? [] : [{ t: s.t, cycle: s.cycle, value }];
  });
}

/** `< 0.001` or `= 0.042`, to follow a "p". */
function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`;
}
