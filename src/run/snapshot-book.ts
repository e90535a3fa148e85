/**
 * The run's heap-snapshot bookkeeping: asks the processes under test for snapshots, waits for the
 * replies, records what was written, failed or skipped, and keeps at most `snapshots.keep` per role.
 */
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { SoakChild } from '../ipc/child-process.js';
import type { FromChild } from '../ipc/messages.js';
import type { RunRecord } from '../model/run-record.js';
import type { SnapshotRecord } from '../model/sample.js';
import { snapshotFileName } from '../run-folder/layout.js';
import type { Role, Scenario } from '../scenario/types.js';
import { SnapshotGuard } from './snapshot-guard.js';

/** Longest wait for snapshots still being written when the run ends (a 1 GB heap takes minutes). */
const SNAPSHOT_DRAIN_TIMEOUT_MS = 10 * 60_000;

/** What the book tells the run, which passes it on as events. */
export interface SnapshotBookEvents {
  warning(text: string): void;
  snapshot(record: SnapshotRecord): void;
}

export type SnapshotReply = Extract<FromChild, { type: 'snapshot-done' | 'snapshot-failed' }>;

export class SnapshotBook {
  private readonly pending = new Map<string, { record: SnapshotRecord; resolve: () => void }>();
  private readonly seq: Record<Role, number> = { client: 0, server: 0 };
  private readonly guard: SnapshotGuard;

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
    return this.pending.size > 0;
  }

  /** A snapshot of `role` is still being written (the process is paused meanwhile, not hung). */
  pendingFor(role: Role): boolean {
    for (const pending of this.pending.values()) if (pending.record.role === role) return true;
    return false;
  }

  /** Asks each of `targets` (processes under test still running) for a snapshot, unless the guard says skip. */
  request(targets: readonly SoakChild[], t: number, cycle: number): void {
    for (const child of targets) {
      const skip = this.guard.reasonToSkip(child.role, this.dir, this.record.snapshots, this.latestHeapUsed(child.role));
      if (skip) {
        if (!this.record.snapshotsSkipped.some((s) => s.role === child.role)) this.events.warning(`heap snapshots of the ${child.role}: ${skip}`);
        this.record.snapshotsSkipped.push({ role: child.role, t, cycle, reason: skip });
        continue;
      }
      const seq = ++this.seq[child.role];
      const file = snapshotFileName(child.role, seq, cycle);
      const record: SnapshotRecord = { role: child.role, seq, cycle, t, file, bytes: 0, ms: 0 };
      this.pending.set(`${child.role}:${seq}`, { record, resolve: () => undefined });
      child.send({ type: 'snapshot', seq, cycle, path: join(this.dir, file), t });
    }
  }

  /** Waits for the snapshots still being written, at most SNAPSHOT_DRAIN_TIMEOUT_MS. */
  async drain(): Promise<void> {
    if (this.pending.size === 0) return;
    const waits = [...this.pending.values()].map((p) => new Promise<void>((resolve) => (p.resolve = resolve)));
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, SNAPSHOT_DRAIN_TIMEOUT_MS).unref());
    await Promise.race([Promise.all(waits), timeout]);
  }

  /** A child's answer to a snapshot request. */
  onReply(role: Role, message: SnapshotReply): void {
    const key = `${role}:${message.seq}`;
    const pending = this.pending.get(key);
    if (!pending) return;
    this.pending.delete(key);
    pending.resolve();
    if (message.type === 'snapshot-failed') {
      this.record.snapshotFailures.push({ role, seq: message.seq, message: message.message });
      this.guard.failed(role);
      this.events.warning(`heap snapshot ${pending.record.file} failed: ${message.message}; no further snapshots of the ${role} this run`);
      return;
    }
    const record = { ...pending.record, bytes: message.bytes, ms: message.ms };
    this.record.snapshots.push(record);
    this.events.snapshot(record);
    this.enforceKeep(role);
  }

  private latestHeapUsed(role: Role): number | null {
    for (let i = this.record.samples.length - 1; i >= 0; i--) {
      const sample = this.record.samples[i]!;
      if (sample.role === role) return sample.mem.heapUsed;
    }
    return null;
  }

  /** Keeps at most `snapshots.keep` per role: drops the oldest but the first, which every later one is compared with. */
  private enforceKeep(role: Role): void {
    const mine = this.record.snapshots.filter((s) => s.role === role);
    if (mine.length <= this.scenario.snapshots.keep) return;
    const drop = mine[1];
    if (!drop) return;
    try {
      unlinkSync(join(this.dir, drop.file));
    } catch {
      // Already gone: nothing to keep tidy.
    }
    this.record.snapshots = this.record.snapshots.filter((s) => s !== drop);
  }
}
