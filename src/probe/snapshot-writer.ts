/**
 * Writes a heap snapshot of the current process, post-GC, owner-only (mode 0600):
 * a snapshot holds everything in the heap, tokens and secrets included.
 */
import { chmodSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { writeHeapSnapshot } from 'node:v8';
import { PRIVATE_FILE_MODE } from '../constants.js';
import { SoakError } from '../errors.js';
import type { SnapshotEngine } from '../scenario/types.js';

interface Heapdump {
  writeSnapshot(path: string, callback: (error: Error | null, filename?: string) => void): void;
}

const requireOptional = createRequire(import.meta.url);

/** Loads the optional heapdump addon, or says why it cannot be used and what to do instead. */
export function loadHeapdump(): Heapdump {
  try {
    return requireOptional('heapdump') as Heapdump;
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new SoakError(
      'SOAK_START_FAILED',
      `snapshots.engine is "heapdump", but the heapdump package could not be loaded (${why}). ` +
        'It is an optional native addon: install it with `npm install heapdump` (needs python3, make and a C++ compiler), ' +
        'or set snapshots.engine: v8, which needs nothing extra.',
    );
  }
}

function heapdumpWrite(path: string): Promise<void> {
  const heapdump = loadHeapdump();
  return new Promise((resolve, reject) => {
    heapdump.writeSnapshot(path, (error) => (error ? reject(error) : resolve()));
  });
}

export interface WrittenSnapshot {
  bytes: number;
  /** Time the process was paused writing it. */
  ms: number;
}

export async function writeSnapshot(engine: SnapshotEngine, path: string, givenGc?: () => void): Promise<WrittenSnapshot> {
  const gc = givenGc ?? (globalThis as { gc?: () => void }).gc;
  // Post-GC, so the snapshot shows what is retained, not what is waiting to be collected.
  if (typeof gc === 'function') gc();
  const started = performance.now();
  if (engine === 'heapdump') await heapdumpWrite(path);
  else writeHeapSnapshot(path);
  const ms = performance.now() - started;
  // heapdump writes 0644 whatever the umask; v8 follows the umask. Make both owner-only.
  chmodSync(path, PRIVATE_FILE_MODE);
  return { bytes: statSync(path).size, ms };
}
