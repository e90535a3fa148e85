/**
 * Whether a run that is ending found a leak, so that a sites phase is worth its seconds: the
 * verdict on everything measured, object groups of the snapshots included (a leak of 50 B a cycle
 * shows only there). The object groups are kept for the final analysis, which then need not
 * parse the snapshots again.
 */
import type { SnapshotRecord } from '../model/sample.js';
import type { SoakRun } from '../run/run.js';
import { judge } from '../verdict/judge.js';
import type { ObjectGroupSeries } from '../verdict/types.js';
import { rolesUnderTest } from './analyze.js';
import { analyzeObjectGroups, type ObjectAnalysis } from './object-groups.js';
import { processInputs } from './process-inputs.js';

/** Object analyses by process (processInputs' `objectsKey`), with the snapshots they were made from. */
export interface EarlyObjects {
  snapshots: readonly SnapshotRecord[];
  byKey: Partial<Record<string, ObjectAnalysis>>;
}

export async function leakFound(dir: string, progress: ReturnType<SoakRun['progress']>, keep: (objects: EarlyObjects) => void): Promise<boolean> {
  const { samples, snapshots, scenario, elapsedMs } = progress;
  const byKey: Partial<Record<string, ObjectAnalysis>> = {};
  let found = false;
  for (const role of rolesUnderTest({ scenario })) {
    // Each process judged on its own, as the final verdict will judge it (a cluster's workers).
    for (const input of processInputs(role, samples, snapshots)) {
      const objects = await analyzeObjectGroups(dir, input.snapshots);
      byKey[input.objectsKey] = objects;
      const objectGroups: ObjectGroupSeries[] = objects.groups;
      const verdict = judge({
        role,
        scenario,
        samples: input.samples,
        snapshots: input.snapshots,
        objectGroups,
        totalMs: elapsedMs,
        ...(input.process ? { process: input.process } : {}),
      });
      if (verdict.verdict === 'fail') found = true;
    }
  }
  keep({ snapshots: [...snapshots], byKey });
  return found;
}
