/**
 * Fails when an object group in the heap snapshots grows in step with cycles; when the snapshots
 * were skipped (a heap too big to snapshot), judges the live-object counts instead
 * (object-count-growth.ts), and says which it used in each evidence's `objectSource`.
 */
import { formatCount, formatSignedCount, formatSignedRate } from '../../format/units.js';
import {
  OBJECT_MIN_INTERVAL_CYCLES_SHARE,
  OBJECT_MIN_INTERVAL_SHARE,
  OBJECT_MIN_RISE,
  OBJECT_MIN_RISE_PER_CYCLE,
  OBJECT_MIN_SNAPSHOTS,
  OBJECT_TREND_MIN_SNAPSHOTS,
  SIGNIFICANCE_P,
  V8_INTERNAL_GROUPS,
} from '../thresholds.js';
import { boundedGrowth, describeBounded, type SeriesPoint } from '../persistence.js';
import { falseDiscoveryPass, mannKendallRiseP } from '../stats.js';
import type { BoundedGrowth, ObjectGroupSeries, RuleEvidence, VerdictInput, VerdictRule } from '../types.js';
import { snapshotsInWindow } from '../window.js';
import { objectCountEvidence } from '../object-count-growth.js';

/** Why a group that rose past its floor is or is not a leak (before the correction across groups). */
interface GroupCall {
  /** Rose past the floor, never fell, in every interval at ≥ a quarter of its pace, and to the end. */
  steady: boolean;
  /** One-sided Mann–Kendall p of its counts (a rise), for the correction across groups. */
  pValue: number;
  /** It rose past the floor but levelled off or fell back: what it did; else null. */
  bounded: BoundedGrowth | null;
}

/**
 * How a group's counts at the window's snapshots behave, or null when it did not rise past
 * max(20, 5% of the cycles between the first and last snapshot) — a leak of one object per
 * connection rises ≈1/cycle, objects in flight at snapshot time move by a handful — or is
 * V8-internal (see V8_INTERNAL_GROUPS). A leak never falls, rises in every interval by at least
 * a quarter of its average pace, and keeps its pace in the last third (persistence.ts): a cache
 * that fills, a one-time allocation, a grace period or a list emptied every N connections do not.
 */
function callGroup(name: string, points: readonly SeriesPoint[]): GroupCall | null {
  if (V8_INTERNAL_GROUPS.has(name)) return null;
  const k = points.length;
  const first = points[0] as SeriesPoint;
  const last = points[k - 1] as SeriesPoint;
  const rise = last.value - first.value;
  const span = last.cycle - first.cycle;
  if (span <= 0 || rise < Math.max(OBJECT_MIN_RISE, OBJECT_MIN_RISE_PER_CYCLE * span)) return null;
  const pace = rise / span;
  let steady = true;
  for (let i = 1; i < k; i++) {
    const step = (points[i] as SeriesPoint).value - (points[i - 1] as SeriesPoint).value;
    const cyclesBetween = (points[i] as SeriesPoint).cycle - (points[i - 1] as SeriesPoint).cycle;
    if (step < 0 || step < OBJECT_MIN_INTERVAL_SHARE * pace * cyclesBetween) steady = false;
  }
  const bounded = boundedGrowth(points);
  // One-sided: only a rise is a leak.
  const pValue = mannKendallRiseP(points.map((p) => p.value));
  return { steady: steady && bounded === null, pValue, bounded };
}

function evidenceFor(group: ObjectGroupSeries, idx: number[], counts: number[], cycles: number[]): RuleEvidence {
  const first = counts[0] as number;
  const last = counts[counts.length - 1] as number;
  const span = (cycles[cycles.length - 1] as number) - (cycles[0] as number);
  const perCycle = (last - first) / span;
  const sizes = idx.map((i) => group.selfSizes[i]);
  const sizeFirst = sizes[0];
  const sizeLast = sizes[sizes.length - 1];
  const selfSize =
    sizeFirst !== undefined && sizeLast !== undefined
      ? `; ${formatSignedCount((sizeLast - sizeFirst) / span)} B self size per cycle`
      : '';
  // The short path when known (the full one stays in retainerPath: summary.json, the report, --verbose).
  const retainer = group.retainerShort ? `; held by ${group.retainerShort}` : group.retainerPath ? `; retained by ${group.retainerPath.join(' → ')}` : '';
  return {
    kind: 'objects' as const,
    name: group.name,
    perCycle,
    detail:
      `${group.name} ${formatSignedRate(perCycle)}/cycle` +
      ` (${formatCount(first)} → ${formatCount(last)} over ${formatCount(span)} cycles, ${counts.length} snapshots${selfSize})${retainer}`,
    failing: true,
    retainerPath: group.retainerPath ?? null,
    ...(group.retainerShort && { retainerShort: group.retainerShort }),
    objectSource: 'heap-snapshots',
  };
}

/**
 * The snapshots to judge: those at least OBJECT_MIN_INTERVAL_CYCLES_SHARE of the span (first to
 * last) in cycles after the previous one kept. Snapshots taken while the loop stood still (a
 * loaded runner: 5 snapshots at cycles 432, 433, 444, 495, 590, each pausing the process 5–9 s)
 * add no information, only the noise of objects in flight, which a 1-cycle interval cannot
 * absorb. The first and last are always kept.
 */
function apart(input: VerdictInput, idx: number[]): number[] {
  const cycleOf = (i: number): number => input.snapshots[i]?.cycle ?? 0;
  if (idx.length < 3) return idx;
  const first = idx[0] as number;
  const last = idx[idx.length - 1] as number;
  const minGap = OBJECT_MIN_INTERVAL_CYCLES_SHARE * (cycleOf(last) - cycleOf(first));
  const kept = [first];
  for (const i of idx.slice(1, -1)) {
    if (cycleOf(i) - cycleOf(kept[kept.length - 1] as number) >= minGap && cycleOf(last) - cycleOf(i) >= minGap) kept.push(i);
  }
  kept.push(last);
  return kept;
}

/** Name of the note given when too few snapshots fall in the window. */
const OBJECTS_NOT_JUDGED = 'object growth not judged';

export const objectGrowthRule: VerdictRule = {
  name: 'object-growth',
  description: `Heap snapshot object groups (or, when the snapshots were skipped, live-object counts by constructor with a trend test): fails when a group rises by at least max(${OBJECT_MIN_RISE}, ${OBJECT_MIN_RISE_PER_CYCLE * 100}% of the cycles) across the ≥ ${OBJECT_MIN_SNAPSHOTS} snapshots in the judged window, and between every two of them by at least ${OBJECT_MIN_INTERVAL_SHARE * 100}% of its average pace (a cache that fills or a one-time allocation stops). V8-internal groups (code, maps, internal arrays) never fail on their own.`,
  evaluate(input, window) {
    const idx = apart(input, snapshotsInWindow(input, window));
    // Counts exist only for a process whose snapshots were skipped; a provisional verdict judges
    // no object evidence (no snapshot is parsed while the run goes on), so neither do they.
    if (idx.length < OBJECT_MIN_SNAPSHOTS && input.provisional !== true) {
      const fromCounts = objectCountEvidence(input, window);
      if (fromCounts) return fromCounts;
    }
    if (input.objectGroups.length === 0) return [];
    if (idx.length < OBJECT_MIN_SNAPSHOTS) {
      const detail = `${idx.length} heap snapshots in the judged window; need ${OBJECT_MIN_SNAPSHOTS} to judge object growth`;
      return [{ kind: 'note', name: OBJECTS_NOT_JUDGED, perCycle: 0, detail, failing: false, notJudged: true, objectSource: 'heap-snapshots' }];
    }
    const cycles = idx.map((i) => input.snapshots[i]?.cycle ?? 0);
    const times = idx.map((i) => input.snapshots[i]?.t ?? 0);
    const calls: Array<{ group: ObjectGroupSeries; counts: number[]; call: GroupCall }> = [];
    for (const group of input.objectGroups) {
      if (idx.some((i) => i >= group.counts.length)) continue;
      const counts = idx.map((i) => group.counts[i] as number);
      const call = callGroup(group.name, counts.map((value, j) => ({ t: times[j] as number, cycle: cycles[j] as number, value })));
      if (call) calls.push({ group, counts, call });
    }
    // With enough snapshots for a trend test, the steady groups must also pass it, corrected for
    // testing every group that cleared its floor at once (Benjamini–Hochberg).
    const tested = idx.length >= OBJECT_TREND_MIN_SNAPSHOTS;
    const significant = tested ? falseDiscoveryPass(calls.filter((c) => c.call.steady).map((c) => c.call.pValue), SIGNIFICANCE_P) : null;
    const out: RuleEvidence[] = [];
    for (const { group, counts, call } of calls) {
      if (call.steady && (significant === null || call.pValue <= significant)) {
        out.push(evidenceFor(group, idx, counts, cycles));
      } else if (call.bounded) {
        const detail = describeBounded(group.name, call.bounded, 'count');
        out.push({ kind: 'objects', name: group.name, perCycle: call.bounded.wholePerCycle, detail, failing: false, bounded: call.bounded, objectSource: 'heap-snapshots' });
      }
    }
    return out;
  },
};
