/** The snapshot guard's decisions, with the free-space figure given instead of read from the disk. */
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/load.js';
import { SnapshotGuard, MIN_FREE_AFTER_SNAPSHOT_BYTES, availableMemoryBytes } from '../../src/run/snapshot-guard.js';
import type { SnapshotRecord } from '../../src/model/sample.js';

const MiB = 1024 * 1024;
const taken = (bytes: number[]): SnapshotRecord[] =>
  bytes.map((b, i) => ({ role: 'client', seq: i + 1, cycle: i * 100, t: i * 1000, file: `client-${i + 1}.heapsnapshot`, bytes: b, ms: 10 }));

describe('snapshot guard', () => {
  const plenty = () => 100 * 1024 * MiB;
  it('lets a snapshot through with room on disk and in the budget', () => {
    const guard = new SnapshotGuard(resolveScenario({ duration: '10s', snapshots: { maxBytes: '100MiB' } }, ''), plenty);
    expect(guard.reasonToSkip('client', '/tmp', taken([10 * MiB]))).toBeNull();
  });
  it('skips once snapshots.maxBytes would be passed', () => {
    const guard = new SnapshotGuard(resolveScenario({ duration: '10s', snapshots: { maxBytes: '25MiB' } }, ''), plenty);
    expect(guard.reasonToSkip('client', '/tmp', taken([10 * MiB, 10 * MiB]))).toBe(
      'skipped: snapshots.maxBytes is 25 MiB and 20 MiB is already used',
    );
  });
  it('skips when the disk would be left nearly full', () => {
    const guard = new SnapshotGuard(resolveScenario({ duration: '10s' }, ''), () => MIN_FREE_AFTER_SNAPSHOT_BYTES + 5 * MiB);
    expect(guard.reasonToSkip('client', '/tmp', taken([10 * MiB]))).toMatch(/^skipped: only 261 MiB free on the run folder's disk/);
  });
  it('skips every later snapshot of a process after one failed', () => {
    const guard = new SnapshotGuard(resolveScenario({ duration: '10s' }, ''), plenty);
    guard.failed('client');
    expect(guard.reasonToSkip('client', '/tmp', [])).toBe('skipped after an earlier snapshot write failed');
    expect(guard.reasonToSkip('server', '/tmp', [])).toBeNull();
  });
  it('skips when the machine lacks the memory V8 needs to write a snapshot of this heap', () => {
    const twoGiB = () => 2048 * MiB;
    const guard = new SnapshotGuard(resolveScenario({ duration: '10s' }, ''), plenty, twoGiB);
    expect(guard.reasonToSkip('client', '/tmp', [], 50 * MiB)).toBeNull();
    expect(guard.reasonToSkip('client', '/tmp', [], 200 * MiB)).toBe(
      'skipped: writing it needs about 3.91 GiB of memory (20 × heapUsed 200 MiB) and 2 GiB is available — run on a machine with more memory, or set snapshots: false',
    );
    // Before the first sample there is no heap figure to judge by.
    expect(guard.reasonToSkip('client', '/tmp', [], null)).toBeNull();
  });
  it('reads the available memory of this machine', () => {
    expect(availableMemoryBytes()).toBeGreaterThan(0);
  });
});
