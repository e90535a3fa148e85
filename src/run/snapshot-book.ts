/**
 * The run's heap-snapshot bookkeeping: asks the processes under test for snapshots, waits for the
 * replies, watches the files being written (a stall is a hang), records what was written, failed,
 * skipped or abandoned, and keeps at most `snapshots.keep` per process.
 *
 * A side that is a program's tree (a `cluster` server's workers) has one snapshot per process at
 * each point, taken one process at a time: two workers' pauses and V8's memory spikes never stack.
 */
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_PROGRESS_POLL_MS } from '../constants.js';
import { snapshotUnits, type SnapshotTarget, type SnapshotUnit } from './side-process.js';
import type { FromChild } from '../ipc/messages.js';
import type { RunRecord } from '../model/run-record.js';
import type { SnapshotRecord } from '../model/sample.js';
import { snapshotFileName } from '../run-folder/layout.js';
import type { Role, Scenario } from '../scenario/types.js';
import { SnapshotGuard } from './snapshot-guard.js';
import { SnapshotProgress, type SnapshotStall } from './snapshot-progress.js';

/** What the book tells the run, which passes it on as events. */
export interface SnapshotBookEvents {
  warning(text: string): void;
  snapshot(record: SnapshotRecord): void;
  /** A snapshot write found the disk full (its partial file is deleted). */
  diskFull(path: string): void;
}

export type SnapshotReply = Extract<FromChild, { type: 'snapshot-done' | 'snapshot-failed' }>;
export type SnapshotStarted = Extract<FromChild, { type: 'snapshot-started' }>;

interface Pending {
  record: SnapshotRecord;
  unit: SnapshotUnit;
  path: string;
  progress: SnapshotProgress;
  requestedAt: number;
  resolve: () => void;
}

/** A pending snapshot that stopped making progress. */
export interface StalledSnapshot extends SnapshotStall {
  role: Role;
  file: string;
}

export class SnapshotBook {
  private readonly pending = new Map<string, Pending>();
  /** Processes of a side still to be asked at the current point, after the one being written. */
  private readonly queued: Record<Role, SnapshotUnit[]> = { client: [], server: [] };
  private readonly seq: Record<Role, number> = { client: 0, server: 0 };
  private readonly guard: SnapshotGuard;
  private lastCheckAt = 0;
  /**
   * No new snapshot before this time (ms since epoch): a process gets to run at least as long as its
   * last snapshot paused it. Under overload a 12 MB heap took 8–14 s to snapshot; back-to-back
   * snapshots then froze the loop for most of the judged window and left the object trend no cycles.
   */
  private restUntil = 0;

  /** `record` is the run's own: snapshots, failures and skips are written into it. */
  constructor(
    private readonly scenario: Scenario,
    private readonly dir: string,
    private readonly record: RunRecord,
    private readonly events: SnapshotBookEvents,
  ) {
    this.guard = new SnapshotGuard(scenario);
  }

  /** Some snapshot is still being written. */
  get busy(): boolean {
    return this.pending.size > 0 || this.queued.client.length > 0 || this.queued.server.length > 0;
  }

  /** Has every process under test run, since its last snapshot ended, at least as long as that snapshot paused it? */
  rested(now: number): boolean {
    return now >= this.restUntil;
  }

  /** A snapshot of `role` is still being written (the process is paused meanwhile, not hung). */
  pendingFor(role: Role): boolean {
    for (const pending of this.pending.values()) if (pending.record.role === role) return true;
    return false;
  }

  /** Roles with a snapshot still being written. */
  pendingRoles(): Role[] {
    return [...new Set([...this.pending.values()].map((p) => p.record.role))];
  }

  /**
   * Asks each process of `targets` (sides under test still running) for a snapshot, unless the
   * guard says skip: at once for a side of one process, one after the other within a side of several.
   */
  request(targets: readonly SnapshotTarget[], t: number, cycle: number): void {
    for (const side of targets) {
      this.queued[side.role].push(...snapshotUnits(side));
      this.askNext(side.role, t, cycle);
    }
  }

  /** Asks the next queued process of `role` (at `t`, `cycle`: now), skipping those the guard turns down. */
  private askNext(role: Role, t?: number, cycle?: number): void {
    if (this.queued[role].length === 0) return;
    const at = t ?? Date.now() - this.record.startedAt.getTime();
    let unit: SnapshotUnit | undefined;
    while ((unit = this.queued[role].shift())) if (this.ask(unit, at, cycle ?? this.record.counts.cycles)) return;
  }

  /** Sends one snapshot request; false when the guard skipped it. */
  private ask(unit: SnapshotUnit, t: number, cycle: number): boolean {
    const { role, pid } = unit;
    const heapUsed = this.latestHeapUsed(role, pid);
    const skip = this.guard.reasonToSkip(role, this.dir, this.record.snapshots, heapUsed, pid);
    if (skip) {
      if (!this.record.snapshotsSkipped.some((s) => s.role === role && s.pid === pid)) {
        this.events.warning(`heap snapshots of the ${unit.label ?? role}: ${skip}; counting live objects by constructor instead`);
        // The object evidence without a snapshot: counts by constructor (probe/object-census.ts).
        unit.send({ type: 'count-objects' });
      }
      this.record.snapshotsSkipped.push({ role, t, cycle, reason: skip, ...(pid === undefined ? {} : { pid }) });
      return false;
    }
    const seq = ++this.seq[role];
    const file = processSnapshotName(unit, seq, cycle);
    const path = join(this.dir, file);
    const record: SnapshotRecord = { role, seq, cycle, t, file, bytes: 0, ms: 0, ...(pid === undefined ? {} : { pid }), ...(unit.label === undefined ? {} : { label: unit.label }) };
    const requestedAt = Date.now();
    this.pending.set(`${role}:${seq}`, { record, unit, path, progress: new SnapshotProgress(path, heapUsed, requestedAt), requestedAt, resolve: () => undefined });
    unit.send({ type: 'snapshot', seq, cycle, path, t });
    return true;
  }

  /** The first pending snapshot whose file has not changed for longer than its bound (checked every SNAPSHOT_PROGRESS_POLL_MS). */
  stalled(now: number): StalledSnapshot | null {
    if (now - this.lastCheckAt < SNAPSHOT_PROGRESS_POLL_MS) return null;
    this.lastCheckAt = now;
    for (const pending of this.pending.values()) {
      const stall = pending.progress.check(now);
      if (stall) return { ...stall, role: pending.record.role, file: pending.record.file };
    }
    return null;
  }

  /**
   * Waits for the snapshots still being written, at most `timeoutMs` (a timer that holds the process
   * open: an empty event loop must never end the run by itself). Returns the roles still writing.
   */
  async drain(timeoutMs: number): Promise<Role[]> {
    // A reply starts the next queued process of its side: wait for that one too, within the same bound.
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) {
      timeoutMs = deadline - Date.now();
      const waits = [...this.pending.values()].map((p) => new Promise<void>((resolve) => (p.resolve = resolve)));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.all(waits), timeout]);
      clearTimeout(timer);
    }
    return this.pendingRoles();
  }

  /**
   * Gives up on every pending snapshot of `role` (its process died, hung or is being killed): each is
   * recorded as failed with `why`, and its partial file deleted.
   */
  abandon(role: Role, why: string): void {
    this.queued[role] = [];
    for (const [key, pending] of this.pending) {
      if (pending.record.role !== role) continue;
      this.pending.delete(key);
      removeQuietly(pending.path);
      this.record.snapshotFailures.push({ role, seq: pending.record.seq, message: `abandoned: ${why}; the partial file was deleted` });
      this.guard.failed(role, pending.unit.pid);
      pending.resolve();
    }
  }

  /** A child is about to write a snapshot of `heapUsed` bytes of heap: its stall bound follows. */
  onStarted(role: Role, message: SnapshotStarted): void {
    this.pending.get(`${role}:${message.seq}`)?.progress.heapIs(message.heapUsed, Date.now());
  }

  /** A child's answer to a snapshot request. */
  onReply(role: Role, message: SnapshotReply): void {
    const key = `${role}:${message.seq}`;
    const pending = this.pending.get(key);
    if (!pending) return;
    this.pending.delete(key);
    pending.resolve();
    const pausedMs = message.type === 'snapshot-done' ? message.ms : Date.now() - pending.requestedAt;
    this.restUntil = Math.max(this.restUntil, Date.now() + pausedMs);
    if (message.type === 'snapshot-failed') {
      removeQuietly(pending.path);
      this.record.snapshotFailures.push({ role, seq: message.seq, message: message.message });
      this.guard.failed(role, pending.unit.pid);
      if (message.code === 'ENOSPC' || message.code === 'EDQUOT' || /\bENOSPC\b/.test(message.message)) {
        this.events.diskFull(pending.path);
        return;
      }
      this.events.warning(`heap snapshot ${pending.record.file} failed: ${message.message}; no further snapshots of the ${pending.unit.label ?? role} this run`);
      this.askNext(role);
      return;
    }
    const record: SnapshotRecord = {
      ...pending.record,
      bytes: message.bytes,
      ms: message.ms,
      ...(message.processCycles === undefined ? {} : { processCycle: message.processCycles }),
    };
    this.record.snapshots.push(record);
    this.events.snapshot(record);
    this.enforceKeep(role, record.pid);
    this.askNext(role);
  }

  private latestHeapUsed(role: Role, pid: number | undefined): number | null {
    for (let i = this.record.samples.length - 1; i >= 0; i--) {
      const sample = this.record.samples[i]!;
      if (sample.role === role && (pid === undefined || sample.process?.pid === pid)) return sample.mem.heapUsed;
    }
    return null;
  }

  /** Keeps at most `snapshots.keep` per process: drops the oldest but the first, which every later one is compared with. */
  private enforceKeep(role: Role, pid: number | undefined): void {
    const mine = this.record.snapshots.filter((s) => s.role === role && s.pid === pid);
    if (mine.length <= this.scenario.snapshots.keep) return;
    const drop = mine[1];
    if (!drop) return;
    removeQuietly(join(this.dir, drop.file));
    this.record.snapshots = this.record.snapshots.filter((s) => s !== drop);
  }
}

/**
 * `server-3-c1200.heapsnapshot`; for one process of a program's tree its label goes in, so a
 * DevTools user can tell the workers' files apart: `server-worker2-pid1234-3-c1200.heapsnapshot`.
 */
export function processSnapshotName(unit: Pick<SnapshotUnit, 'role' | 'pid' | 'label'>, seq: number, cycle: number): string {
  const plain = snapshotFileName(unit.role, seq, cycle);
  if (unit.pid === undefined) return plain;
  const worker = /worker (\d+)/.exec(unit.label ?? '')?.[1];
  const tag = `${worker === undefined ? '' : `worker${worker}-`}pid${unit.pid}`;
  return `${unit.role}-${tag}${plain.slice(unit.role.length)}`;
}

/** The pid processSnapshotName put in a file's name (`server-worker2-pid1234-3-c500.heapsnapshot`), or null. */
export function pidInSnapshotName(name: string): number | null {
  const match = /-pid(\d+)-/.exec(name);
  return match ? Number(match[1]) : null;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to keep tidy.
  }
}
