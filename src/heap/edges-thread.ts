/**
 * The main thread's side of reading `edges` on a worker thread (edges-worker.ts) while parse.ts
 * reads `nodes`: starts the worker, hears where `edges` begins, and turns its answer back into a
 * UintSink, or into the error the main thread's own scan would have met at the same byte.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EdgesJob, EdgesMessage } from './edges-worker.js';
import { BadInput, InputEnded } from './json-scan.js';
import { UintSink } from './uint-array-scan.js';

/** The compiled worker next to this module (absent when this runs from the TypeScript sources: then no thread). */
const WORKER_URL = new URL('./edges-worker.js', import.meta.url);

/** What became of `edges`: the filled sink, the error in it, or no answer (the worker died: read them here). */
export type EdgesOutcome =
  | { readonly sink: UintSink; readonly names?: { readonly used: Uint8Array; readonly max: number } | null }
  | { readonly error: InputEnded | BadInput } | { readonly unavailable: true };

/** One worker reading one file's `edges`. */
export class EdgesThread {
  /** File offset of the `[` of `edges`, or null when they do not follow `nodes` (or the worker failed before). */
  readonly located: Promise<number | null>;
  readonly outcome: Promise<EdgesOutcome>;
  private readonly worker: Worker;

  /** Whether a worker can be started (the compiled worker module exists). */
  static available(): boolean {
    return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
  }

  constructor(job: EdgesJob) {
    let locate: (at: number | null) => void = () => undefined;
    let finish: (outcome: EdgesOutcome) => void = () => undefined;
    this.located = new Promise((resolve) => (locate = resolve));
    this.outcome = new Promise((resolve) => (finish = resolve));
    this.worker = new Worker(WORKER_URL, { workerData: job });
    this.worker.on('message', (m: EdgesMessage) => {
      if (m.type === 'located') return locate(m.at);
      locate(null); // a no-op after `located`
      if (m.type === 'absent') return finish({ unavailable: true });
      if (m.type === 'done') {
        const names = m.names && { used: new Uint8Array(m.names.used), max: m.names.max };
        return finish({ sink: sinkOf(job.keep, m), ...(names !== undefined && { names }) });
      }
      finish({ error: m.endedAfter !== undefined ? new InputEnded(m.endedAfter) : new BadInput(m.offset ?? 0, m.detail ?? 'bad input') });
    });
    const gone = (): void => {
      locate(null);
      finish({ unavailable: true });
    };
    this.worker.on('error', gone);
    this.worker.on('exit', gone);
  }

  /** Stops the worker if it is still running (parsing failed elsewhere, or it is done). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

function sinkOf(keep: Uint8Array, m: Extract<EdgesMessage, { type: 'done' }>): UintSink {
  const sink = new UintSink(0, keep, 0);
  sink.values = new Uint32Array(m.values);
  sink.length = m.length;
  sink.skipped = m.skipped;
  sink.bytes = new Uint8Array(m.bytes);
  sink.bytesLength = m.bytesLength;
  for (const [at, value] of m.overflow) sink.overflow.set(at, value);
  sink.done = true;
  return sink;
}
