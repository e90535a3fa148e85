/**
 * Object growth judged from live-object counts by constructor (samples' `objects`, counted by
 * probe/object-census.ts), the object evidence of a process whose heap snapshots were skipped
 * (a heap too big to snapshot). The counts are cheap next to a snapshot, so there are more of
 * them: instead of the snapshots' every-interval rule (objects in flight make a count series
 * jitter from point to point) a constructor fails when its fitted rise clears the snapshots'
 * floor, the one-sided Mann–Kendall test finds a rise after the Benjamini–Hochberg correction
 * across every constructor that cleared it, and the rise persists to the end of the window
 * (persistence.ts) — the same floor, trend test and persistence rule as the snapshots'.
 */
import { OBJECT_COUNT_BUDGET_SHARE } from '../constants.js';
import { formatCount, formatSignedRate } from '../format/units.js';
import type { Sample } from '../model/sample.js';
import { boundedGrowth, describeBounded, type SeriesPoint } from './persistence.js';
import { falseDiscoveryPass, mannKendallRiseP, theilSen } from './stats.js';
import { OBJECT_COUNT_MIN_POINTS, OBJECT_MIN_RISE, OBJECT_MIN_RISE_PER_CYCLE, SIGNIFICANCE_P, V8_INTERNAL_GROUPS } from './thresholds.js';
import type { JudgedWindow, RuleEvidence, VerdictInput } from './types.js';

/** How the counts are named in evidence. */
export const LIVE_OBJECT_COUNTS_LABEL = 'live-object counts (inspector Runtime.queryObjects)';

/** Samples in the judged window that carry live-object counts. */
export function countedSamples(samples: readonly Sample[]): Sample[] {
  return samples.filter((s) => s.objects !== undefined);
}

/** Whether the window has enough live-object counts to judge object growth from them. */
export function liveObjectCountsJudgeable(window: JudgedWindow): boolean {
  return countedSamples(window.allSamples).length >= OBJECT_COUNT_MIN_POINTS;
}

function pointsOf(samples: readonly Sample[], name: string): SeriesPoint[] {
  return samples.map((s) => ({ t: s.t, cycle: s.cycle, value: s.objects?.counts[name] ?? 0 }));
}

/**
 * Evidence from the live-object counts in the window: a note when there are too few, each
 * constructor that grows (failing) or rose and stopped (not failing); null when the window has
 * no counts at all (the process's snapshots were not skipped, or it could not count).
 */
export function objectCountEvidence(input: VerdictInput, window: JudgedWindow): RuleEvidence[] | null {
  const counted = countedSamples(window.allSamples);
  if (counted.length === 0) return null;
  const base = { kind: 'objects' as const, objectSource: 'live-object-counts' as const };
  if (counted.length < OBJECT_COUNT_MIN_POINTS) {
    const detail =
      `${counted.length} ${LIVE_OBJECT_COUNTS_LABEL} in the judged window (heap snapshots skipped); need ${OBJECT_COUNT_MIN_POINTS} to judge object growth` +
      ` (counts are spaced to take ≤ ${OBJECT_COUNT_BUDGET_SHARE * 100}% of the run, so a big heap needs a longer one)`;
    return [{ ...base, kind: 'note', name: 'object growth not judged', perCycle: 0, detail, failing: false, notJudged: true }];
  }
  const history = countedSamples(input.samples);
  const cycles = counted.map((s) => s.cycle);
  const span = (cycles[cycles.length - 1] as number) - (cycles[0] as number);
  if (span <= 0) return [];
  const floor = Math.max(OBJECT_MIN_RISE, OBJECT_MIN_RISE_PER_CYCLE * span);
  const names = new Set<string>();
  for (const s of counted) for (const name of Object.keys(s.objects?.counts ?? {})) names.add(name);
  const rising: Array<{ name: string; points: SeriesPoint[]; perCycle: number; pValue: number }> = [];
  const out: RuleEvidence[] = [];
  for (const name of [...names].sort()) {
    if (V8_INTERNAL_GROUPS.has(name)) continue;
    const points = pointsOf(counted, name);
    const values = points.map((p) => p.value);
    const fit = theilSen(cycles, values);
    if (Number.isNaN(fit.slope) || !(fit.slope * span >= floor)) continue;
    const bounded = boundedGrowth(points, pointsOf(history, name));
    if (bounded) {
      const detail = `${describeBounded(name, bounded, 'count')} (${LIVE_OBJECT_COUNTS_LABEL})`;
      out.push({ ...base, name, perCycle: bounded.wholePerCycle, detail, failing: false, bounded });
      continue;
    }
    rising.push({ name, points, perCycle: fit.slope, pValue: mannKendallRiseP(values) });
  }
  const pass = falseDiscoveryPass(
    rising.map((r) => r.pValue),
    SIGNIFICANCE_P,
  );
  for (const r of rising) {
    if (r.pValue > pass) continue;
    const first = r.points[0]?.value ?? 0;
    const last = r.points[r.points.length - 1]?.value ?? 0;
    const p = r.pValue < 0.001 ? 'p < 0.001' : `p = ${r.pValue.toFixed(3)}`;
    const detail =
      `${r.name} ${formatSignedRate(r.perCycle)}/cycle (${formatCount(first)} → ${formatCount(last)} over ${formatCount(span)} cycles,` +
      ` from ${LIVE_OBJECT_COUNTS_LABEL}, ${counted.length} points, ${p})`;
    out.push({ ...base, name: r.name, perCycle: r.perCycle, detail, failing: true });
  }
  return out;
}
