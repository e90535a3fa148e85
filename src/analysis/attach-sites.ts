/** Puts the sites phase's findings on the failing evidence of each process, with a headline for each. */
import type { SitesPhaseRecord } from '../model/growth-sites.js';
import type { RoleVerdict } from '../verdict/types.js';
import { headlineFor } from './headline.js';
import { growingTargets, matchTargets, sitesOf } from './sites.js';

export function attachSites(processes: RoleVerdict[], phase: SitesPhaseRecord | null | undefined): void {
  for (const verdict of processes) {
    // A worker of a cluster judged on its own gets its own process's sites.
    const report = verdict.pid !== undefined && phase?.byPid ? phase.byPid[verdict.pid] : phase?.reports[verdict.role];
    const growing = phase ? growingTargets(report, phase.cycles) : [];
    const heapPerCycle = verdict.judgedHeapUsed?.growth.perCycle ?? null;
    for (const evidence of verdict.evidence) {
      if (!evidence.failing) continue;
      const targets = matchTargets(evidence, growing);
      const sites = sitesOf(targets);
      if (phase) evidence.sites = sites;
      const top = targets[0];
      evidence.headline = headlineFor(evidence, {
        sites,
        collection: top ? { kind: top.kind, label: top.label, perCycle: phase && phase.cycles > 0 ? top.growth / phase.cycles : null } : null,
        heapPerCycle,
      });
    }
  }
}
