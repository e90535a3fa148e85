/**
 * A side split into the processes judged on their own. A module or built-in side is one process;
 * a program's tree with several processes that took part (a `cluster` server's workers) is judged
 * worker by worker: each on its own samples, its own heap snapshots and object groups, and its
 * growth divided by its own cycles (the connections it took), not the whole side's — a worker
 * that takes half the connections would otherwise show half its real per-connection leak.
 */
import type { Sample, SampleProcess, SnapshotRecord } from '../model/sample.js';
import type { Role } from '../scenario/types.js';
import type { RoleVerdict } from '../verdict/types.js';

/** What one process is judged on. */
export interface ProcessInput {
  role: Role;
  /** Absent for a side of one process. */
  process?: SampleProcess;
  samples: Sample[];
  snapshots: SnapshotRecord[];
  /** Where its object groups are filed (`server`, or `server:1234` for one worker). */
  objectsKey: string;
  /** Which cycles the per-cycle rates divide by. */
  cycles: CycleBasis;
}

/**
 * The cycles a verdict's per-cycle rates divide by: `side` — the run's cycles; `process` — this
 * process's own, counted by its probe (connections it accepted or opened that closed); `total` is
 * the count at its last sample.
 */
export interface CycleBasis {
  of: 'side' | 'process';
  total: number;
}

/** A verdict of one process, with the cycles its rates are per. */
export type ProcessVerdict = RoleVerdict & { cycles?: CycleBasis };

/** The key object groups of `role` (one process: `pid`) are filed under. */
export function objectsKey(role: Role, pid?: number): string {
  return pid === undefined ? role : `${role}:${pid}`;
}

/** The processes a side's samples came from, in the order they first reported; empty for a module or built-in side. */
export function sideProcesses(samples: readonly Sample[], role: Role): SampleProcess[] {
  const seen = new Map<number, SampleProcess>();
  for (const s of samples) if (s.role === role && s.process && !seen.has(s.process.pid)) seen.set(s.process.pid, s.process);
  return [...seen.values()];
}

/** Splits `role`'s samples and snapshots into the processes judged on their own. */
export function processInputs(role: Role, allSamples: readonly Sample[], allSnapshots: readonly SnapshotRecord[]): ProcessInput[] {
  const samples = allSamples.filter((s) => s.role === role);
  const snapshots = allSnapshots.filter((s) => s.role === role);
  const processes = sideProcesses(samples, role);
  if (processes.length <= 1) {
    const last = samples.at(-1)?.cycle ?? 0;
    return [{ role, samples, snapshots, objectsKey: objectsKey(role), cycles: { of: 'side', total: last } }];
  }
  // Older run folders name no process on their snapshots: they were all of the first.
  const firstPid = processes[0]?.pid;
  return processes.map((process) => {
    const mine = samples.filter((s) => s.process?.pid === process.pid);
    const shots = snapshots.filter((s) => (s.pid ?? firstPid) === process.pid);
    return { role, process, objectsKey: objectsKey(role, process.pid), ...ownCycles(mine, shots) };
  });
}

/**
 * Samples and snapshots restamped with the process's own cycle counts, when its probe counted
 * them in every sample; else as they are (older run folders), per the side's cycles.
 */
export function ownCycles(samples: Sample[], snapshots: SnapshotRecord[]): Pick<ProcessInput, 'samples' | 'snapshots' | 'cycles'> {
  if (samples.length === 0 || samples.some((s) => s.processCycles === undefined)) {
    return { samples, snapshots, cycles: { of: 'side', total: samples.at(-1)?.cycle ?? 0 } };
  }
  const restamped = samples.map((s) => ({ ...s, cycle: s.processCycles ?? 0 }));
  return {
    samples: restamped,
    snapshots: snapshots.map((s) => ({ ...s, cycle: s.processCycle ?? cyclesAt(restamped, s.t) })),
    cycles: { of: 'process', total: restamped.at(-1)?.cycle ?? 0 },
  };
}

/** The cycle count of the last sample at or before `t` (a snapshot from a version that sent none of its own). */
function cyclesAt(samples: readonly Sample[], t: number): number {
  let cycle = samples[0]?.cycle ?? 0;
  for (const s of samples) if (s.t <= t) cycle = s.cycle;
  return cycle;
}

/** How a verdict says which cycles its rates are per, for its reason line. */
export function cycleBasisText(basis: CycleBasis): string {
  return basis.of === 'process' ? `per cycle of its own (${basis.total} connections it took)` : `per cycle of the side (${basis.total} cycles)`;
}

/** The snapshot series whose object groups are counted: one per process judged on its own, filed by `objectsKey`. */
export function snapshotSets(roles: readonly Role[], samples: readonly Sample[], snapshots: readonly SnapshotRecord[]): Array<{ key: string; snapshots: SnapshotRecord[] }> {
  return roles.flatMap((role) => processInputs(role, samples, snapshots).map((input) => ({ key: input.objectsKey, snapshots: input.snapshots })));
}
