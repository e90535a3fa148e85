/** Fails when an object group in the heap snapshots grows in step with cycles. */
import { formatInt, formatSignedInt, formatSignedRate } from '../format.js';
import {
  OBJECT_INTERNAL_MIN_LATE_RATE,
  OBJECT_INTERNAL_MIN_RISE,
  OBJECT_INTERNAL_MIN_RISE_PER_CYCLE,
  OBJECT_MIN_RISE,
  OBJECT_MIN_RISE_PER_CYCLE,
  OBJECT_MIN_SNAPSHOTS,
  V8_INTERNAL_GROUPS,
} from '../thresholds.js';
import type { Evidence, ObjectGroupSeries, VerdictRule } from '../types.js';

/**
 * Indices of the snapshots taken inside the judged window (snapshots are requested at `t`;
 * earlier ones are warm-up and ignored).
 */
function snapshotsInWindow(times: readonly number[], fromMs: number): number[] {
  return times.flatMap((t, i) => (t >= fromMs ? [i] : []));
}

/**
 * Whether a group's counts at the window's snapshots are a leak. Every group must be
 * non-decreasing and rise by at least max(20, 5% of the cycles between the first and last
 * snapshot): a leak of one object per connection rises ≈1/cycle, while objects in flight at
 * snapshot time move by a handful. V8-internal groups (code, maps, internal arrays) also grow
 * while V8 warms up, so they need max(100, 25% of the cycles) and must not slow down: growth per
 * cycle over the later half of the snapshots at least half that of the earlier half.
 */
function isLeaking(name: string, counts: readonly number[], cycles: readonly number[]): boolean {
  const k = counts.length;
  const rise = (counts[k - 1] as number) - (counts[0] as number);
  const span = (cycles[k - 1] as number) - (cycles[0] as number);
  if (span <= 0) return false;
  if (!counts.every((c, i) => i === 0 || c >= (counts[i - 1] as number))) return false;
  if (!V8_INTERNAL_GROUPS.has(name)) {
    return rise >= Math.max(OBJECT_MIN_RISE, OBJECT_MIN_RISE_PER_CYCLE * span);
  }
  if (rise < Math.max(OBJECT_INTERNAL_MIN_RISE, OBJECT_INTERNAL_MIN_RISE_PER_CYCLE * span)) return false;
  const mid = Math.floor((k - 1) / 2);
  const earlySpan = (cycles[mid] as number) - (cycles[0] as number);
  const lateSpan = (cycles[k - 1] as number) - (cycles[mid] as number);
  if (earlySpan <= 0 || lateSpan <= 0) return false;
  const early = ((counts[mid] as number) - (counts[0] as number)) / earlySpan;
  const late = ((counts[k - 1] as number) - (counts[mid] as number)) / lateSpan;
  return late >= OBJECT_INTERNAL_MIN_LATE_RATE * early;
}

function evidenceFor(group: ObjectGroupSeries, idx: number[], cycles: number[]): Evidence | null {
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
      ? `; ${formatSignedInt((sizeLast - sizeFirst) / span)} B self size per cycle`
      : '';
  const retainer = group.retainerPath ? `; retained by ${group.retainerPath}` : '';
  return {
    kind: 'objects',
    name: group.name,
    perCycle,
    detail:
      `${group.name} ${formatSignedRate(perCycle)}/cycle` +
      ` (${formatInt(first)} → ${formatInt(last)} over ${formatInt(span)} cycles, ${counts.length} snapshots${selfSize})${retainer}`,
    failing: true,
  };
}

/** Name of the note given when too few snapshots fall in the window. */
export const OBJECTS_NOT_JUDGED = 'object growth not judged';

export const objectGrowthRule: VerdictRule = {
  name: 'object-growth',
  description: `Heap snapshot object groups: fails when a group is non-decreasing across the ≥ ${OBJECT_MIN_SNAPSHOTS} snapshots in the judged window and rises by at least max(${OBJECT_MIN_RISE}, ${OBJECT_MIN_RISE_PER_CYCLE * 100}% of the cycles); V8-internal groups need max(${OBJECT_INTERNAL_MIN_RISE}, ${OBJECT_INTERNAL_MIN_RISE_PER_CYCLE * 100}%) and a rise that does not slow down.`,
  evaluate(input, window) {
    if (input.objectGroups.length === 0) return [];
    const idx = snapshotsInWindow(input.snapshots.map((s) => s.t), window.fromMs);
    if (idx.length < OBJECT_MIN_SNAPSHOTS) {
      const detail = `${idx.length} heap snapshots in the judged window; need ${OBJECT_MIN_SNAPSHOTS} to judge object growth`;
      return [{ kind: 'note', name: OBJECTS_NOT_JUDGED, perCycle: 0, detail, failing: false }];
    }
    const cycles = idx.map((i) => input.snapshots[i]?.cycle ?? 0);
    return input.objectGroups.flatMap((g) => evidenceFor(g, idx, cycles) ?? []);
  },
};
