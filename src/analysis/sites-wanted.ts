/**
 * Whether a run that is ending found a leak, so that a sites phase is worth its seconds: the
 * verdict on everything measured, each process as the final verdict judges it, object groups of
 * the snapshots included (a leak of 50 B a cycle
 * shows only there). The object groups are kept for the final analysis, which then need not
 * parse the snapshots again.
 */
import type { SnapshotRecord } from '../model/sample.js';
import type { SoakRun } from '../run/run.js';
import type { Role } from '../scenario/types.js';
import type { ObjectGroupSeries } from '../verdict/types.js';
import { judgeRole, rolesUnderTest } from './analyze.js';
import { analyzeObjectGroups, type ObjectAnalysis } from './object-groups.js';

/** Object analyses by role, with the snapshots they were made from. */
export interface EarlyObjects {
  snapshots: readonly SnapshotRecord[];
  byRole: Partial<Record<Role, ObjectAnalysis>>;
}

export async function leakFound(dir: string, progress: ReturnType<SoakRun['progress']>, keep: (objects: EarlyObjects) => void): Promise<boolean> {
  const { samples, snapshots, scenario, elapsedMs } = progress;
  const byRole: Partial<Record<Role, ObjectAnalysis>> = {};
  let found = false;
  for (const role of rolesUnderTest({ scenario })) {
    const mine = snapshots.filter((s) => s.role === role);
    const objects = await analyzeObjectGroups(dir, mine);
    byRole[role] = objects;
    const objectGroups: ObjectGroupSeries[] = objects.groups;
    // As the final verdict judges: each worker of a cluster on its own (mixed, one leaking worker's trend is diluted).
    const verdicts = judgeRole({ samples, snapshots: mine, scenario, durationMs: elapsedMs }, role, objectGroups);
    if (verdicts.some((v) => v.verdict === 'fail')) found = true;
  }
  keep({ snapshots: [...snapshots], byRole });
  return found;
}
