import { describe, expect, it } from 'vitest';
import { SNAPSHOT_MIN_HEAP_BYTES_PER_S, SNAPSHOT_STALL_MIN_MS } from '../../src/constants.js';
import { SnapshotProgress, snapshotStallBoundMs } from '../../src/run/snapshot-progress.js';

const MiB = 1024 * 1024;

describe('snapshotStallBoundMs', () => {
  it('is the minimum for small or unknown heaps and grows with the heap', () => {
    expect(snapshotStallBoundMs(null)).toBe(SNAPSHOT_STALL_MIN_MS);
    expect(snapshotStallBoundMs(5 * MiB)).toBe(SNAPSHOT_STALL_MIN_MS);
    expect(snapshotStallBoundMs(1024 * MiB)).toBe((1024 * MiB * 1000) / SNAPSHOT_MIN_HEAP_BYTES_PER_S);
  });
});

describe('SnapshotProgress', () => {
  it('a file that never appears stalls after the bound', () => {
    const progress = new SnapshotProgress('x', null, 0, () => null);
    expect(progress.check(SNAPSHOT_STALL_MIN_MS)).toBeNull();
    expect(progress.check(SNAPSHOT_STALL_MIN_MS + 1)).toEqual({ stalledMs: SNAPSHOT_STALL_MIN_MS + 1, boundMs: SNAPSHOT_STALL_MIN_MS, bytes: null });
  });

  it('each change of size (absent → empty → growing) restarts the clock; a file that stops growing stalls', () => {
    const sizes: Array<number | null> = [null, 0, 0, 100, 200, 200];
    let i = 0;
    const progress = new SnapshotProgress('x', null, 0, () => sizes[Math.min(i++, sizes.length - 1)]!);
    expect(progress.check(9_000)).toBeNull(); // absent
    expect(progress.check(15_000)).toBeNull(); // appears at 0 bytes
    expect(progress.check(24_000)).toBeNull(); // still 0, 9 s on
    expect(progress.check(30_000)).toBeNull(); // grows
    expect(progress.check(39_000)).toBeNull(); // grows
    expect(progress.check(49_001)).toEqual({ stalledMs: 10_001, boundMs: SNAPSHOT_STALL_MIN_MS, bytes: 200 });
  });
});
