/** Whether a run that is ending found a leak so far, so that a sites phase is worth its seconds. */
import type { SoakRun } from '../run/run.js';
import { judge } from '../verdict/judge.js';
import { rolesUnderTest } from './analyze.js';

/** The provisional judge's last word on what was measured (as `--until-verdict` reads it): true when a process fails. */
export function leakFoundSoFar(progress: ReturnType<SoakRun['progress']>): boolean {
  const { samples, snapshots, scenario, elapsedMs } = progress;
  return rolesUnderTest({ scenario }).some(
    (role) =>
      judge({
        role,
        scenario,
        samples: samples.filter((s) => s.role === role),
        snapshots: snapshots.filter((s) => s.role === role),
        objectGroups: [],
        totalMs: elapsedMs,
        provisional: true,
        ended: true,
      }).verdict === 'fail',
  );
}
