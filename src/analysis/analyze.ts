/** From what a run measured to its verdict: judges each process under test and builds the summary. */
import type { Role } from '../scenario/types.js';
import type { RunRecord } from '../model/run-record.js';
import { judge, combineVerdicts } from '../verdict/judge.js';
import type { ObjectGroupSeries, RoleVerdict, Verdict } from '../verdict/types.js';
import type { Summary } from './summary.js';
import { attachSites } from './attach-sites.js';
import { TOOL_VERSION } from '../version.js';

export function rolesUnderTest(record: Pick<RunRecord, 'scenario'>): Role[] {
  const u = record.scenario.underTest;
  return u === 'both' ? ['client', 'server'] : [u];
}

function judgeRole(record: RunRecord, role: Role, objectGroups: ObjectGroupSeries[]): RoleVerdict {
  return judge({
    role,
    scenario: record.scenario,
    samples: record.samples.filter((s) => s.role === role),
    snapshots: record.snapshots.filter((s) => s.role === role),
    objectGroups,
    totalMs: record.durationMs,
  });
}

function overall(record: RunRecord, processes: RoleVerdict[]): { verdict: Verdict; reason: string } {
  const error = record.error;
  if (error?.outOfMemory) {
    return { verdict: 'fail', reason: error.message.split('\n')[0] ?? 'the process under test ran out of memory' };
  }
  if (error) return { verdict: 'error', reason: error.message.split('\n')[0] ?? error.code };
  const verdict = combineVerdicts(processes);
  const deciding = processes.find((p) => p.verdict === verdict) ?? processes[0];
  let reason = deciding ? (processes.length > 1 ? `${deciding.role}: ${deciding.reason}` : deciding.reason) : 'no process under test';
  if (record.interrupted && verdict === 'pass') {
    return { verdict: 'inconclusive', reason: `interrupted before the end; so far: ${reason}` };
  }
  if (record.interrupted) reason = `interrupted; ${reason}`;
  return { verdict, reason };
}

/** Builds `summary.json` for a finished (or failed, or interrupted) run. */
export function analyzeRun(
  record: RunRecord,
  objectGroups: Partial<Record<Role, ObjectGroupSeries[]>> = {},
  verdictAtMs: number | null = null,
): Summary {
  const processes = record.samples.length === 0 ? [] : rolesUnderTest(record).map((role) => judgeRole(record, role, objectGroups[role] ?? []));
  // Sites and headlines only on a failing run's evidence; a phase that ran is reported even if empty.
  attachSites(processes, record.sitesPhase);
  const { verdict, reason } = overall(record, processes);
  const seconds = record.durationMs / 1000;
  return {
    tool: 'ws-soak',
    version: TOOL_VERSION,
    scenario: record.scenario.name,
    scenarioFile: record.scenario.file,
    verdict,
    reason,
    startedAt: record.startedAt.toISOString(),
    durationMs: record.durationMs,
    cycles: record.counts.cycles,
    cyclesPerSecond: seconds > 0 ? Math.round((record.counts.cycles / seconds) * 10) / 10 : 0,
    connectionsOpened: record.counts.opened,
    closeCodes: record.closeCodes,
    closeCodesSeenBy: record.closeCodesSeenBy,
    connections: record.proxy ? { ...record.sides, proxy: record.proxy } : record.sides,
    endedBy: record.endedBy,
    interrupted: record.interrupted,
    snapshots: record.snapshots.map((s) => s.file),
    snapshotDetails: record.snapshots,
    snapshotFailures: record.snapshotFailures,
    snapshotsSkipped: record.snapshotsSkipped,
    pids: record.pids,
    orchestrator: record.orchestrator,
    processes,
    error: record.error,
    verdictAtMs,
    ...(record.sitesPhase && { sitesPhase: { ms: record.sitesPhase.ms, cycles: record.sitesPhase.cycles, failures: record.sitesPhase.failures } }),
    environment: { node: process.version, platform: process.platform, arch: process.arch },
  };
}
