/**
 * Watches a heap snapshot being written, from the outside: a process under test cannot answer
 * anything while V8 writes (the write is synchronous), but its file can be seen. V8 creates the file
 * at 0 bytes, builds the heap graph (the file stays empty: 12 s for an 86 MiB heap on 2 loaded
 * cores), then writes it out. No change in the file's size (absent → empty → growing) for longer
 * than a bound derived from the heap size means the process is stuck: it never began (its event
 * loop is blocked) or V8 stopped.
 */
import { statSync } from 'node:fs';
import { SNAPSHOT_MIN_HEAP_BYTES_PER_S, SNAPSHOT_STALL_MIN_MS } from '../constants.js';

/** Longest time without progress allowed for a snapshot of a heap of `heapUsed` bytes (null: not known yet). */
export function snapshotStallBoundMs(heapUsed: number | null): number {
  const byHeap = heapUsed === null ? 0 : (heapUsed / SNAPSHOT_MIN_HEAP_BYTES_PER_S) * 1000;
  return Math.max(SNAPSHOT_STALL_MIN_MS, Math.round(byHeap));
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
  readonly boundMs: number;

  constructor(
    readonly path: string,
    heapUsed: number | null,
    requestedAt: number,
    private readonly size: (path: string) => number | null = fileSize,
  ) {
    this.lastChangeAt = requestedAt;
    this.boundMs = snapshotStallBoundMs(heapUsed);
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
    return stalledMs > this.boundMs ? { stalledMs, boundMs: this.boundMs, bytes: size } : null;
  }
}

function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}
