import { describe, expect, it } from 'vitest';
import {
  SNAPSHOT_MIN_HEAP_BYTES_PER_S,
  SNAPSHOT_START_HEAP_BYTES_PER_S,
  SNAPSHOT_START_MIN_MS,
  SNAPSHOT_STALL_MIN_MS,
} from '../../src/constants.js';
import { SnapshotProgress, snapshotStallBoundMs, snapshotStartBoundMs } from '../../src/run/snapshot-progress.js';

const MiB = 1024 * 1024;

describe('snapshot bounds', () => {
  it('are the minimum for small or unknown heaps and grow with the heap', () => {
    expect(snapshotStallBoundMs(null)).toBe(SNAPSHOT_STALL_MIN_MS);
    expect(snapshotStallBoundMs(5 * MiB)).toBe(SNAPSHOT_STALL_MIN_MS);
    expect(snapshotStallBoundMs(1024 * MiB)).toBe((1024 * MiB * 1000) / SNAPSHOT_MIN_HEAP_BYTES_PER_S);
    expect(snapshotStartBoundMs(null)).toBe(SNAPSHOT_START_MIN_MS);
    expect(snapshotStartBoundMs(100 * MiB)).toBe(SNAPSHOT_START_MIN_MS);
    expect(snapshotStartBoundMs(1024 * MiB)).toBe((1024 * MiB * 1000) / SNAPSHOT_START_HEAP_BYTES_PER_S);
  });
});

describe('SnapshotProgress', () => {
  it('a file that never appears: stalled after the start bound', () => {
    const progress = new SnapshotProgress('x', null, 0, () => null);
    expect(progress.check(SNAPSHOT_START_MIN_MS)).toBeNull();
    expect(progress.check(SNAPSHOT_START_MIN_MS + 1)).toEqual({ stalledMs: SNAPSHOT_START_MIN_MS + 1, boundMs: SNAPSHOT_START_MIN_MS, bytes: null });
  });

  it('each change of size (absent → empty → growing) restarts the clock; a file that stops changing stalls after the stall bound', () => {
    const sizes: Array<number | null> = [null, 0, 0, 100, 200, 200];
    let i = 0;
    const progress = new SnapshotProgress('x', null, 0, () => sizes[Math.min(i++, sizes.length - 1)]!);
    expect(progress.check(4_000)).toBeNull(); // absent
    expect(progress.check(4_500)).toBeNull(); // appears at 0 bytes
    expect(progress.check(14_000)).toBeNull(); // still 0, 9.5 s on: the graph is being built
    expect(progress.check(20_000)).toBeNull(); // grows
    expect(progress.check(29_000)).toBeNull(); // grows
    expect(progress.check(39_001)).toEqual({ stalledMs: 10_001, boundMs: SNAPSHOT_STALL_MIN_MS, bytes: 200 });
  });
});

describe('SnapshotProgress.heapIs', () => {
  it('the process telling its heap size raises the stall bound (never lowers it) and counts as progress', () => {
    const progress = new SnapshotProgress('x', null, 0, () => 0);
    expect(progress.check(1_000)).toBeNull(); // the file appears, empty
    progress.heapIs(200 * MiB, 2_000);
    expect(progress.stallBoundMs).toBe((200 * MiB * 1000) / SNAPSHOT_MIN_HEAP_BYTES_PER_S);
    expect(progress.check(2_000 + SNAPSHOT_STALL_MIN_MS + 1)).toBeNull();
    progress.heapIs(1 * MiB, 3_000);
    expect(progress.stallBoundMs).toBe((200 * MiB * 1000) / SNAPSHOT_MIN_HEAP_BYTES_PER_S);
    expect(progress.check(3_000 + progress.stallBoundMs + 1)).not.toBeNull();
  });
});
