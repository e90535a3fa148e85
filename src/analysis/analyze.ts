/** From what a run measured to its verdict: judges each process under test and builds the summary. */
import type { Role } from '../scenario/types.js';
import type { RunRecord } from '../model/run-record.js';
import { judge, combineVerdicts } from '../verdict/judge.js';
import { processName, type ObjectGroupSeries, type RoleVerdict, type Verdict } from '../verdict/types.js';
import type { Sample, SampleProcess } from '../model/sample.js';
import type { Summary } from './summary.js';
import { attachSites } from './attach-sites.js';
import { TOOL_VERSION } from '../version.js';

export function rolesUnderTest(record: Pick<RunRecord, 'scenario'>): Role[] {
  const u = record.scenario.underTest;
  return u === 'both' ? ['client', 'server'] : [u];
}

/** The processes a side's samples came from, in the order they first reported; empty for a module or built-in side. */
export function sideProcesses(samples: readonly Sample[], role: Role): SampleProcess[] {
  const seen = new Map<number, SampleProcess>();
  for (const s of samples) if (s.role === role && s.process && !seen.has(s.process.pid)) seen.set(s.process.pid, s.process);
  return [...seen.values()];
}

/**
 * Judges a side: once, or, when several processes of a command's tree took part (a cluster's
 * workers), each on its own. Snapshots (all of one process, named by their pid) go with that process.
 */
export function judgeRole(record: Pick<RunRecord, 'samples' | 'snapshots' | 'scenario' | 'durationMs'>, role: Role, objectGroups: ObjectGroupSeries[]): RoleVerdict[] {
  const samples = record.samples.filter((s) => s.role === role);
  const snapshots = record.snapshots.filter((s) => s.role === role);
  const base = { role, scenario: record.scenario, totalMs: record.durationMs };
  const processes = sideProcesses(samples, role);
  if (processes.length <= 1) return [judge({ ...base, samples, snapshots, objectGroups })];
  // The snapshots are all of one process (command-side.ts picks it once); older run folders name none: the first.
  const snapshotPid = snapshots.find((s) => s.pid !== undefined)?.pid ?? processes[0]?.pid;
  return processes.map((process) => {
    const mine = process.pid === snapshotPid;
    return judge({
      ...base,
      process,
      samples: samples.filter((s) => s.process?.pid === process.pid),
      snapshots: mine ? snapshots : [],
      objectGroups: mine ? objectGroups : [],
    });
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
  let reason = deciding ? (processes.length > 1 ? `${processName(deciding)}: ${deciding.reason}` : deciding.reason) : 'no process under test';
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
  const processes = record.samples.length === 0 ? [] : rolesUnderTest(record).flatMap((role) => judgeRole(record, role, objectGroups[role] ?? []));
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
