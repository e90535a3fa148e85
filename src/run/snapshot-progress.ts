/**
 * Watches a heap snapshot being written, from the outside: a process under test cannot answer
 * anything while V8 writes (the write is synchronous), but its file can be seen. V8 creates the file
 * at 0 bytes, builds the heap graph (the file stays empty: 12 s for an 86 MiB heap on 2 loaded
 * cores), then writes it out. A file that does not appear soon after the request means the process
 * never began (its event loop is blocked); one that stops changing (empty → growing) for longer than
 * a bound derived from the heap size means V8 stopped. Both bounds grow with the heap.
 */
import { statSync } from 'node:fs';
import { SNAPSHOT_MIN_HEAP_BYTES_PER_S, SNAPSHOT_START_HEAP_BYTES_PER_S, SNAPSHOT_START_MIN_MS, SNAPSHOT_STALL_MIN_MS } from '../constants.js';

/** Time at `bytesPerS` for a heap of `heapUsed` bytes (null: not known yet), at least `minMs`. */
function boundMs(heapUsed: number | null, bytesPerS: number, minMs: number): number {
  return Math.max(minMs, Math.round(heapUsed === null ? 0 : (heapUsed / bytesPerS) * 1000));
}

/** Longest time a snapshot's file may stay unchanged once it exists, for a heap of `heapUsed` bytes. */
export function snapshotStallBoundMs(heapUsed: number | null): number {
  return boundMs(heapUsed, SNAPSHOT_MIN_HEAP_BYTES_PER_S, SNAPSHOT_STALL_MIN_MS);
}

/** Longest time from the request until the snapshot's file appears, for a heap of `heapUsed` bytes. */
export function snapshotStartBoundMs(heapUsed: number | null): number {
  return boundMs(heapUsed, SNAPSHOT_START_HEAP_BYTES_PER_S, SNAPSHOT_START_MIN_MS);
}

/** What a stalled snapshot looked like when it was given up on. */
export interface SnapshotStall {
  /** Time since the file last changed (or since the request, if it never appeared). */
  stalledMs: number;
  boundMs: number;
  /** Bytes in the file; null when it was never created. */
  bytes: number | null;
}

export class SnapshotProgress {
  private lastSize: number | null = null;
  private lastChangeAt: number;
  /** For the file to appear after the request. */
  readonly startBoundMs: number;
  /** For the file to change once it exists. */
  stallBoundMs: number;

  constructor(
    readonly path: string,
    heapUsed: number | null,
    requestedAt: number,
    private readonly size: (path: string) => number | null = fileSize,
  ) {
    this.lastChangeAt = requestedAt;
    this.startBoundMs = snapshotStartBoundMs(heapUsed);
    this.stallBoundMs = snapshotStallBoundMs(heapUsed);
  }

  /** The process said how big a heap it is writing: the stall bound follows that, never shrinking. */
  heapIs(heapUsed: number, now: number): void {
    this.stallBoundMs = Math.max(this.stallBoundMs, snapshotStallBoundMs(heapUsed));
    // Word from the process is progress too: it has begun.
    this.lastChangeAt = now;
  }

  /** Looks at the file; the stall when there has been no progress for longer than the bound, else null. */
  check(now: number): SnapshotStall | null {
    const size = this.size(this.path);
    if (size !== this.lastSize) {
      this.lastSize = size;
      this.lastChangeAt = now;
      return null;
    }
    const stalledMs = now - this.lastChangeAt;
    const bound = size === null ? this.startBoundMs : this.stallBoundMs;
    return stalledMs > bound ? { stalledMs, boundMs: bound, bytes: size } : null;
  }
}

function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}
