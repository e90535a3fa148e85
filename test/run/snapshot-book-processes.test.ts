/**
 * A side of several processes (a cluster's workers): at each point every process gets its own
 * snapshot, one after the other (never two pauses at once), in a file named for it, and the
 * record says which process and how many cycles of its own it had.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ToChild } from '../../src/ipc/messages.js';
import { emptyCycleCounts } from '../../src/model/cycle-counts.js';
import type { RunRecord } from '../../src/model/run-record.js';
import type { SnapshotTarget } from '../../src/run/side-process.js';
import type { SnapshotUnit } from '../../src/run/snapshot-unit.js';
import { processSnapshotName, SnapshotBook } from '../../src/run/snapshot-book.js';
import { SampleWatchdog } from '../../src/run/sample-watchdog.js';
import { resolveScenario } from '../../src/scenario/load.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'ws-soak-book-'));
  dirs.push(dir);
  const scenario = resolveScenario({ duration: '60s' }, '');
  const record = { samples: [], snapshots: [], snapshotFailures: [], snapshotsSkipped: [], counts: emptyCycleCounts(), startedAt: new Date() } as unknown as RunRecord;
  const sent: Array<{ pid: number; message: ToChild }> = [];
  const units: SnapshotUnit[] = [1, 2].map((worker) => ({
    role: 'server',
    pid: 100 + worker,
    label: `server worker ${worker} (pid ${100 + worker})`,
    send: (message: ToChild) => sent.push({ pid: 100 + worker, message }),
  }));
  const side = { role: 'server', snapshotUnits: () => units } as unknown as SnapshotTarget;
  const book = new SnapshotBook(scenario, dir, record, { warning: () => undefined, snapshot: () => undefined, diskFull: () => undefined });
  return { book, side, sent, record };
}

const seqOf = (m: ToChild) => (m as { seq: number }).seq;

describe('snapshot book with a side of several processes', () => {
  it('asks each worker in turn, the next only once the last replied', () => {
    const { book, side, sent, record } = setUp();
    book.request([side], 1_000, 10);
    expect(sent.map((s) => s.pid)).toEqual([101]);
    expect(book.busy).toBe(true);
    book.onReply('server', { type: 'snapshot-done', seq: seqOf(sent[0]!.message), bytes: 10, ms: 5, pid: 101, processCycles: 6 });
    expect(sent.map((s) => s.pid)).toEqual([101, 102]);
    expect(book.busy).toBe(true);
    book.onReply('server', { type: 'snapshot-done', seq: seqOf(sent[1]!.message), bytes: 10, ms: 5, pid: 102, processCycles: 4 });
    expect(book.busy).toBe(false);
    expect(record.snapshots.map((s) => [s.pid, s.processCycle, s.file])).toEqual([
      [101, 6, 'server-worker1-pid101-1-c10.heapsnapshot'],
      [102, 4, 'server-worker2-pid102-2-c0.heapsnapshot'],
    ]);
  });

  it('goes on to the next worker after one fails, and stops asking the failed one only', () => {
    const { book, side, sent, record } = setUp();
    book.request([side], 1_000, 10);
    book.onReply('server', { type: 'snapshot-failed', seq: seqOf(sent[0]!.message), message: 'boom' });
    expect(sent.map((s) => s.pid)).toEqual([101, 102]);
    book.onReply('server', { type: 'snapshot-done', seq: seqOf(sent[1]!.message), bytes: 10, ms: 5, pid: 102 });
    book.request([side], 2_000, 20);
    // Worker 1 is skipped after its failed write; worker 2 is asked again.
    expect(sent.slice(2).filter((s) => s.message.type === 'snapshot').map((s) => s.pid)).toEqual([102]);
    expect(record.snapshotsSkipped.map((s) => s.pid)).toEqual([101]);
  });

  it('names a process of one side by its pid, and a side of one process as before', () => {
    expect(processSnapshotName({ role: 'server', pid: 7, label: 'server (pid 7)' }, 3, 120)).toBe('server-pid7-3-c120.heapsnapshot');
    expect(processSnapshotName({ role: 'client' }, 3, 120)).toBe('client-3-c120.heapsnapshot');
  });
});

describe('sample watchdog for a program\'s tree', () => {
  const scenario = resolveScenario({ duration: '60s' }, '');
  const never = () => false;

  it('does not call a command side hung before any of its processes sampled', () => {
    const dog = new SampleWatchdog(scenario);
    dog.start(0, ['server'], ['server']);
    expect(dog.silentRole(60_000, never)).toBeNull();
  });

  it('watches each process from its first sample, and forgets one that went away', () => {
    const dog = new SampleWatchdog(scenario);
    dog.start(0, ['server'], ['server']);
    dog.heard('server', 1_000, { pid: 1, label: 'server worker 1 (pid 1)' });
    dog.heard('server', 1_000, { pid: 2, label: 'server worker 2 (pid 2)' });
    dog.heard('server', 9_000, { pid: 1, label: 'server worker 1 (pid 1)' });
    expect(dog.silentRole(9_000, never)?.message).toMatch(/^server worker 2 \(pid 2\), a process under test, stopped answering: no sample for 8\.0 s/);
    dog.forget('server', 2);
    expect(dog.silentRole(9_000, never)).toBeNull();
  });

  it('watches a forked side from the start, as before', () => {
    const dog = new SampleWatchdog(scenario);
    dog.start(0, ['client']);
    expect(dog.silentRole(6_000, never)?.message).toMatch(/^the client process under test stopped answering/);
  });
});
