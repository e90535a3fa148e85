/**
 * Decides whether the next heap snapshot may be written: not after a failed write, not
 * over the `snapshots.maxBytes` budget, not when the disk would be left nearly full, and not
 * when the machine lacks the memory V8 needs to write it.
 */
import { statfsSync } from 'node:fs';
import { freemem } from 'node:os';
import type { Role, Scenario } from '../scenario/types.js';
import { formatBytes } from '../format/units.js';
import type { SnapshotRecord } from '../model/sample.js';

/** Disk left free after a snapshot, whatever its size: other processes need room too. */
export const MIN_FREE_AFTER_SNAPSHOT_BYTES = 256 * 1024 * 1024;
/** Size assumed for a first snapshot, before one has been measured. */
export const FIRST_SNAPSHOT_ESTIMATE_BYTES = 64 * 1024 * 1024;

/**
 * Memory V8's snapshot writer takes in the process under test, per byte of its heapUsed: it builds
 * the whole heap graph before writing (bench/snapshot.mjs: +204 MiB RSS for a 10 MB heap, +1.95 GiB
 * for 100 MB). A snapshot the machine cannot hold would get the process killed by the OOM killer.
 */
export const SNAPSHOT_MEMORY_PER_HEAP_BYTE = 20;

/**
 * Test hook: memory (bytes) the guard takes to be available instead of the system's figure, so a
 * test can make it skip snapshots of a small heap as it would of a big one. Not for users.
 */
export const AVAILABLE_MEMORY_TEST_ENV = 'WS_SOAK_TEST_AVAILABLE_MEMORY';

/** Memory the system can still hand out (MemAvailable, or the cgroup's limit where Node knows it). */
export function availableMemoryBytes(): number {
  const forced = Number(process.env[AVAILABLE_MEMORY_TEST_ENV]);
  if (process.env[AVAILABLE_MEMORY_TEST_ENV] && Number.isFinite(forced) && forced >= 0) return forced;
  const fromCgroup = (process as { availableMemory?: () => number }).availableMemory?.();
  return typeof fromCgroup === 'number' && fromCgroup > 0 ? Math.min(fromCgroup, freemem()) : freemem();
}

export function freeBytes(dir: string): number | null {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

export class SnapshotGuard {
  /** `role` or `role:pid` (one process of a program's tree): a failed write stops that process's snapshots only. */
  private readonly failedKeys = new Set<string>();

  constructor(
    private readonly scenario: Scenario,
    private readonly free: (dir: string) => number | null = freeBytes,
    private readonly availableMemory: () => number = availableMemoryBytes,
  ) {}

  failed(role: Role, pid?: number): void {
    this.failedKeys.add(pid === undefined ? role : `${role}:${pid}`);
  }

  /**
   * Null when the snapshot may go ahead; otherwise why not, for the warning and summary.json.
   * `heapUsed` is the process's latest figure (null before its first sample); `pid` names one
   * process of a program's tree, whose own earlier snapshots give the size estimate.
   */
  reasonToSkip(role: Role, dir: string, taken: SnapshotRecord[], heapUsed: number | null = null, pid?: number): string | null {
    if (this.failedKeys.has(pid === undefined ? role : `${role}:${pid}`)) return 'skipped after an earlier snapshot write failed';
    const mine = taken.filter((s) => s.role === role && s.pid === pid);
    const estimate = mine.length ? Math.max(...mine.map((s) => s.bytes)) * 1.25 : FIRST_SNAPSHOT_ESTIMATE_BYTES;
    const used = taken.reduce((sum, s) => sum + s.bytes, 0);
    const budget = this.scenario.snapshots.maxBytes;
    if (budget !== null && used + (mine.length ? estimate : 0) > budget) {
      return `skipped: snapshots.maxBytes is ${formatBytes(budget)} and ${formatBytes(used)} is already used`;
    }
    const free = this.free(dir);
    if (free !== null && free - estimate < MIN_FREE_AFTER_SNAPSHOT_BYTES) {
      return `skipped: only ${formatBytes(free)} free on the run folder's disk (need about ${formatBytes(estimate)} plus ${formatBytes(MIN_FREE_AFTER_SNAPSHOT_BYTES)} to spare)`;
    }
    if (heapUsed !== null) {
      const need = heapUsed * SNAPSHOT_MEMORY_PER_HEAP_BYTE;
      const available = this.availableMemory();
      if (need > available) {
        return (
          `skipped: writing it needs about ${formatBytes(need)} of memory (${SNAPSHOT_MEMORY_PER_HEAP_BYTE} × heapUsed ${formatBytes(heapUsed)}) ` +
          `and ${formatBytes(available)} is available — run on a machine with more memory, or set snapshots: false`
        );
      }
    }
    return null;
  }
}
