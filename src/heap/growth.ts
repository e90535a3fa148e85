/** Class-name groups whose object count grows with the cycle count over three or more snapshots. */
import { SoakError } from '../errors.js';
import { linearFit } from '../stats/linear-fit.js';
import type { HeapGraph } from './graph.js';
import { countGroups, type GroupCount } from './summary.js';

/** The group counts of one snapshot, taken after `cycle` reconnect cycles. */
export interface CountTable {
  readonly cycle: number;
  readonly groups: readonly GroupCount[];
}

/** Options for {@link growingGroups}. */
export interface GrowthOptions {
  /**
   * Fraction of its previous count a group may lose between two consecutive snapshots and
   * still count as growing (0.02 = a 2% dip is forgiven). Default 0: counts must never fall.
   */
  readonly dipTolerance?: number;
  /** Smallest least-squares growth to report, in objects per cycle. Default 0 (any growth). */
  readonly minGrowthPerCycle?: number;
}

/** A group whose object count rises with the cycle count. */
export interface GroupGrowth {
  readonly name: string;
  /** The snapshots' cycle counts, ascending, and the group's count and self size (bytes) at each. */
  readonly cycles: readonly number[];
  readonly counts: readonly number[];
  readonly selfSizes: readonly number[];
  /** Least-squares slope of count over cycles: objects gained per cycle. */
  readonly growthPerCycle: number;
  /** Least-squares slope of self size over cycles, bytes per cycle. */
  readonly selfSizePerCycle: number;
  /** Last count minus first count. */
  readonly added: number;
}

/** Fewest snapshots for a trend: two points always make a line. */
export const MIN_GROWTH_SNAPSHOTS = 3;

/**
 * Groups whose count grows with the number of cycles, ranked by growth per cycle (then by
 * bytes per cycle).
 * A group qualifies when its count never falls between consecutive snapshots (beyond
 * `dipTolerance`), ends strictly higher than it started, and its least-squares slope is
 * positive and at least `minGrowthPerCycle`. A group absent from a snapshot counts 0 there.
 *
 * Needs only the count tables, not the graphs: this convenience form summarizes each graph;
 * callers that cannot hold all graphs at once use {@link growingGroupsFromTables}.
 *
 * @throws SoakError `SOAK_USAGE` with fewer than 3 snapshots or repeated cycle counts.
 */
export function growingGroups(
  snapshots: readonly { graph: HeapGraph; cycle: number }[],
  opts: GrowthOptions = {},
): GroupGrowth[] {
  return growingGroupsFromTables(
    snapshots.map((s) => ({ cycle: s.cycle, groups: countGroups(s.graph) })),
    opts,
  );
}

/** {@link growingGroups} from count tables ({@link countGroups} of each snapshot). */
export function growingGroupsFromTables(tables: readonly CountTable[], opts: GrowthOptions = {}): GroupGrowth[] {
  const sorted = [...tables].sort((a, b) => a.cycle - b.cycle);
  const cycles = sorted.map((t) => t.cycle);
  if (sorted.length < MIN_GROWTH_SNAPSHOTS) {
    throw new SoakError(
      'SOAK_USAGE',
      `growth over time needs at least ${MIN_GROWTH_SNAPSHOTS} snapshots, got ${sorted.length}`,
    );
  }
  const repeated = cycles.find((c, k) => k > 0 && c === cycles[k - 1]);
  if (repeated !== undefined || cycles.some((c) => !Number.isFinite(c))) {
    throw new SoakError(
      'SOAK_USAGE',
      `growth over time needs snapshots at distinct cycle counts, got cycles ${cycles.join(', ')}`,
    );
  }
  const dip = opts.dipTolerance ?? 0;
  const minSlope = opts.minGrowthPerCycle ?? 0;
  const byName = sorted.map((t) => new Map(t.groups.map((g) => [g.name, g])));
  const names = new Set(sorted.flatMap((t) => t.groups.map((g) => g.name)));
  const out: GroupGrowth[] = [];
  for (const name of names) {
    const counts = byName.map((m) => m.get(name)?.count ?? 0);
    const selfSizes = byName.map((m) => m.get(name)?.selfSize ?? 0);
    const first = counts[0] ?? 0;
    const last = counts.at(-1) ?? 0;
    if (last <= first) continue;
    if (counts.some((c, k) => k > 0 && c < (counts[k - 1] ?? 0) * (1 - dip))) continue;
    // Cycle counts are distinct (checked above), so the fit's slope is never NaN here.
    const growthPerCycle = linearFit(cycles, counts).slope;
    if (!(growthPerCycle > 0) || growthPerCycle < minSlope) continue;
    out.push({
      name,
      cycles,
      counts,
      selfSizes,
      growthPerCycle,
      selfSizePerCycle: linearFit(cycles, selfSizes).slope,
      added: last - first,
    });
  }
  // Ties (a record and the string it holds grow alike) go to the group that costs more bytes.
  return out.sort(
    (a, b) => b.growthPerCycle - a.growthPerCycle || b.selfSizePerCycle - a.selfSizePerCycle || a.name.localeCompare(b.name),
  );
}
