/**
 * Worker-thread entry (started by edges-thread.ts): reads a snapshot's `edges` array, the largest
 * of the file, while the main thread reads `nodes`. It opens the file where `nodes` begins, skips
 * that array at Buffer.indexOf speed, and scans `edges` with the same scanner the main thread
 * uses, so the values are the same; the arrays go back by transfer, not by copy.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ByteReader } from './byte-reader.js';
import { readFileChunks } from './file-chunks.js';
import { BadInput, InputEnded, readString } from './json-scan.js';
import { NameMarks, markEdgeNames } from './names-in-use.js';
import { UintSink, readUintArray, skipUintArray } from './uint-array-scan.js';

/** What the worker is asked to do. */
export interface EdgesJob {
  readonly path: string;
  /** File offset of the `[` of `nodes`. */
  readonly nodesAt: number;
  readonly chunkBytes: number;
  /** UintSink's field layout for `edges`, and its pre-sizing. */
  readonly keep: Uint8Array;
  readonly expectedValues: number;
  readonly expectedBytes: number;
  /**
   * Set when the main thread will want the names of the named edges (names-in-use.ts): which edge
   * types are named by a number, and where name_or_index sits among the kept fields. `nodesGuess`
   * (the header's node count) sizes the corrupt-file bound the main thread applies exactly.
   */
  readonly edgeNames?: { readonly skip: Uint8Array; readonly nameAt: number; readonly nodesGuess: number };
}

/** What the worker says, in order: `located` or `absent`, then `done` or `failed` after `located`. */
export type EdgesMessage =
  /** `edges` follows `nodes`; its `[` is at file offset `at`. */
  | { readonly type: 'located'; readonly at: number }
  /** Something else follows `nodes` (or `nodes` is unreadable): the main thread reads `edges` itself. */
  | { readonly type: 'absent' }
  | {
      readonly type: 'done';
      readonly values: ArrayBuffer;
      readonly length: number;
      readonly skipped: number;
      readonly bytes: ArrayBuffer;
      readonly bytesLength: number;
      readonly overflow: ReadonlyArray<readonly [number, number]>;
      /** The edge names in use (absent when not asked for, null when beyond the bound). */
      readonly names?: { readonly used: ArrayBuffer; readonly max: number } | null;
    }
  /** `edges` is truncated (`endedAfter` complete values) or holds a bad byte (`offset`, `detail`). */
  | { readonly type: 'failed'; readonly endedAfter?: number; readonly offset?: number; readonly detail?: string };

async function run(job: EdgesJob, post: (m: EdgesMessage) => void): Promise<void> {
  const r = new ByteReader(readFileChunks(job.path, job.chunkBytes, job.nodesAt), job.nodesAt);
  let located = false;
  try {
    await skipUintArray(r);
    if ((await r.peek()) !== 0x2c) return post({ type: 'absent' });
    r.pos++;
    if ((await r.peek()) !== 0x22 || (await readString(r)) !== 'edges' || (await r.peek()) !== 0x3a) return post({ type: 'absent' });
    r.pos++;
    await r.peek();
    post({ type: 'located', at: r.offset });
    located = true;
    const sink = new UintSink(job.expectedValues, job.keep, job.expectedBytes);
    await readUintArray(r, sink);
    const names = job.edgeNames && edgeNamesInUse(sink, job.edgeNames);
    const values = sink.values.buffer as ArrayBuffer;
    const bytes = sink.bytes.buffer as ArrayBuffer;
    parentPort?.postMessage(
      {
        type: 'done',
        values,
        length: sink.length,
        skipped: sink.skipped,
        bytes,
        bytesLength: sink.bytesLength,
        overflow: [...sink.overflow],
        ...(names !== undefined && { names }),
      } satisfies EdgesMessage,
      names ? [values, bytes, names.used] : [values, bytes],
    );
  } catch (err) {
    if (!located) return post({ type: 'absent' });
    if (err instanceof InputEnded) return post({ type: 'failed', endedAfter: err.values });
    if (err instanceof BadInput) return post({ type: 'failed', offset: err.offset, detail: err.detail });
    throw err;
  } finally {
    await r.close();
  }
}

/**
 * The names-in-use marks of the edges just read: here, where the worker would otherwise sit idle
 * while the main thread marks them before decoding `strings`.
 */
function edgeNamesInUse(sink: UintSink, how: NonNullable<EdgesJob['edgeNames']>): { used: ArrayBuffer; max: number } | null {
  const ef = sink.keptPerRecord;
  const marks = new NameMarks(how.nodesGuess + sink.length / ef + 1024);
  if (!markEdgeNames(marks, sink.values, sink.length, ef, sink.bytes, -1, how.nameAt, how.skip)) return null;
  return { used: marks.used.buffer as ArrayBuffer, max: marks.max };
}

if (parentPort) {
  const port = parentPort;
  await run(workerData as EdgesJob, (m) => port.postMessage(m));
}
