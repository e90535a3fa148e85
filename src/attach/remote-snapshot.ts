/**
 * A heap snapshot of an attached process: `HeapProfiler.takeHeapSnapshot`, its chunks streamed
 * into the run folder as they arrive (so the run's stall watch sees the file grow), owner-only
 * from the first byte (mode 0600: a snapshot holds everything in the heap, secrets included).
 * V8 runs a full GC before it walks the heap, as `v8.writeHeapSnapshot` does in-process.
 */
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { PRIVATE_FILE_MODE } from '../constants.js';
import type { InspectorSession } from './inspector-session.js';

export interface RemoteSnapshot {
  bytes: number;
  /** From the request to the last chunk: the time the target was paused writing it, and sending it. */
  ms: number;
}

/** A write failure (ENOSPC …) after which the rest of the chunks were dropped. */
export class SnapshotWriteError extends Error {
  constructor(readonly code: string | undefined, message: string) {
    super(message);
    this.name = 'SnapshotWriteError';
  }
}

export async function takeRemoteSnapshot(session: InspectorSession, path: string): Promise<RemoteSnapshot> {
  const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  let bytes = 0;
  let failure: NodeJS.ErrnoException | null = null;
  const onEvent = (method: string, params: Record<string, unknown>) => {
    if (method !== 'HeapProfiler.addHeapSnapshotChunk' || failure) return;
    const chunk = Buffer.from(String(params['chunk'] ?? ''), 'utf8');
    try {
      writeSync(fd, chunk);
      bytes += chunk.length;
    } catch (error) {
      failure = error as NodeJS.ErrnoException;
    }
  };
  const started = performance.now();
  session.on('event', onEvent);
  try {
    await session.call('HeapProfiler.enable');
    // No time limit: a 1 GB heap takes minutes; the run watches the file for progress instead.
    await session.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, null);
  } catch (error) {
    session.off('event', onEvent);
    closeSync(fd);
    removeQuietly(path);
    throw error;
  } finally {
    // The profiler is left as it was found: off (its object ids live in native memory only while on).
    if (!session.isClosed) await session.call('HeapProfiler.disable').catch(() => undefined);
  }
  session.off('event', onEvent);
  closeSync(fd);
  const written = failure as NodeJS.ErrnoException | null;
  if (written) {
    removeQuietly(path);
    throw new SnapshotWriteError(written.code, written.message);
  }
  return { bytes, ms: performance.now() - started };
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
