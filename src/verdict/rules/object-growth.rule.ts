/** Fails when an object group in the heap snapshots grows in step with cycles. */
import { formatCount, formatSignedCount, formatSignedRate } from '../../format/units.js';
import {
  OBJECT_MIN_INTERVAL_SHARE,
  OBJECT_MIN_RISE,
  OBJECT_MIN_RISE_PER_CYCLE,
  OBJECT_MIN_SNAPSHOTS,
  V8_INTERNAL_GROUPS,
} from '../thresholds.js';
import type { ObjectGroupSeries, RuleEvidence, VerdictRule } from '../types.js';
import { snapshotsInWindow } from '../window.js';

/**
 * Whether a group's counts at the window's snapshots are a leak: never falling, rising by at
 * least max(20, 5% of the cycles between the first and last snapshot) — a leak of one object
 * per connection rises ≈1/cycle, objects in flight at snapshot time move by a handful — and
 * rising in every interval between snapshots by at least a quarter of its average pace, so a
 * cache that fills or a one-time allocation (one step, then flat) is not a leak.
 * V8-internal groups never fail (see V8_INTERNAL_GROUPS).
 */
function isLeaking(name: string, counts: readonly number[], cycles: readonly number[]): boolean {
  if (V8_INTERNAL_GROUPS.has(name)) return false;
  const k = counts.length;
  const rise = (counts[k - 1] as number) - (counts[0] as number);
  const span = (cycles[k - 1] as number) - (cycles[0] as number);
  if (span <= 0) return false;
  if (rise < Math.max(OBJECT_MIN_RISE, OBJECT_MIN_RISE_PER_CYCLE * span)) return false;
  const pace = rise / span;
  for (let i = 1; i < k; i++) {
    const step = (counts[i] as number) - (counts[i - 1] as number);
    const cyclesBetween = (cycles[i] as number) - (cycles[i - 1] as number);
    if (step < 0) return false;
    if (step < OBJECT_MIN_INTERVAL_SHARE * pace * cyclesBetween) return false;
  }
  return true;
}

function evidenceFor(group: ObjectGroupSeries, idx: number[], cycles: number[]): RuleEvidence | null {
  if (idx.some((i) => i >= group.counts.length)) return null;
  const counts = idx.map((i) => group.counts[i] as number);
  if (!isLeaking(group.name, counts, cycles)) return null;
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
  // Steps joined as heap/retainers.ts's formatRetainerPath writes them.
  const retainer = group.retainerPath ? `; retained by ${group.retainerPath.join(' → ')}` : '';
  return {
    kind: 'objects',
    name: group.name,
    perCycle,
    detail:
      `${group.name} ${formatSignedRate(perCycle)}/cycle` +
      ` (${formatCount(first)} → ${formatCount(last)} over ${formatCount(span)} cycles, ${counts.length} snapshots${selfSize})${retainer}`,
    failing: true,
    retainerPath: group.retainerPath ?? null,
  };
}

/** Name of the note given when too few snapshots fall in the window. */
const OBJECTS_NOT_JUDGED = 'object growth not judged';

export const objectGrowthRule: VerdictRule = {
  name: 'object-growth',
  description: `Heap snapshot object groups: fails when a group rises by at least max(${OBJECT_MIN_RISE}, ${OBJECT_MIN_RISE_PER_CYCLE * 100}% of the cycles) across the ≥ ${OBJECT_MIN_SNAPSHOTS} snapshots in the judged window, and between every two of them by at least ${OBJECT_MIN_INTERVAL_SHARE * 100}% of its average pace (a cache that fills or a one-time allocation stops). V8-internal groups (code, maps, internal arrays) never fail on their own.`,
  evaluate(input, window) {
    if (input.objectGroups.length === 0) return [];
    const idx = snapshotsInWindow(input, window);
    if (idx.length < OBJECT_MIN_SNAPSHOTS) {
      const detail = `${idx.length} heap snapshots in the judged window; need ${OBJECT_MIN_SNAPSHOTS} to judge object growth`;
      return [{ kind: 'note', name: OBJECTS_NOT_JUDGED, perCycle: 0, detail, failing: false, notJudged: true }];
    }
    const cycles = idx.map((i) => input.snapshots[i]?.cycle ?? 0);
    return input.objectGroups.flatMap((g) => evidenceFor(g, idx, cycles) ?? []);
  },
};
