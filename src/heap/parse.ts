/** Streams a `.heapsnapshot` file into a HeapGraph: header, then nodes, edges and strings into typed arrays. */
import { statSync } from 'node:fs';
import { PARSE_EDGES_THREAD_MIN_BYTES } from '../constants.js';
import { SoakError } from '../errors.js';
import { ByteReader, describeByte } from './byte-reader.js';
import { EdgesThread } from './edges-thread.js';
import { readFileChunks } from './file-chunks.js';
import type { EdgesJob } from './edges-worker.js';
import { HeapGraph, edgeStarts } from './graph.js';
import { NODE_FIELDS_USED } from './snapshot-meta.js';
import { BadInput, InputEnded, readString, readStringArray, skipValue } from './json-scan.js';
import { NameMarks, markEdgeNames, markNodeNames, nameLayout, type NameLayout } from './names-in-use.js';
import { BYTE_FIELD, DROP_FIELD, KEEP_FIELD, UintSink, readUintArray, skipUintArray } from './uint-array-scan.js';

/** Bytes read from disk per chunk: big enough that per-chunk overhead vanishes, small next to the arrays. */
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;
/** The `snapshot` header is a few kilobytes; anything this big is not a V8 header. */
const HEADER_LIMIT_BYTES = 16 * 1024 * 1024;
/** Pre-sizing from the header is skipped above this many values (a corrupt header must not allocate gigabytes). */
const PRESIZE_LIMIT_VALUES = 2 ** 31;

/** Options for {@link parseSnapshotFile}. */
export interface ParseOptions {
  /** Internal, for tests: read size in bytes (tiny values exercise every chunk boundary). */
  readonly chunkBytes?: number;
  /**
   * Internal, for tests and benchmarks: read `edges` on a worker thread (true) or not (false);
   * by default on one when the file has at least PARSE_EDGES_THREAD_MIN_BYTES. The graph is the same.
   */
  readonly edgesThread?: boolean;
  /**
   * Called once the edges worker has started on this file (not called when there is none). Lets
   * `diff` do the previous file's counting on the main thread while the worker reads these edges.
   */
  readonly onEdgesThread?: () => void;
  /**
   * Internal, for `diff`'s snapshots before the last: decode only the strings that name nodes,
   * not the edge names. Then `strings` need not wait for the edges worker, and the graph's edge
   * names read as '' (counting objects by class reads none). Everything is still read and checked.
   */
  readonly nodeNamesOnly?: boolean;
}

/** Starts the edges worker for a file, and reopens the file at an offset if the worker dies. */
interface EdgesHelper {
  start(job: Omit<EdgesJob, 'path' | 'chunkBytes'>): EdgesThread;
  reopen(at: number): AsyncIterable<Buffer | string>;
}

/**
 * Reads a `.heapsnapshot` file (as written by `v8.writeHeapSnapshot` or `heapdump`) into a
 * {@link HeapGraph}. The file is streamed and its arrays go straight into typed arrays, so
 * snapshots larger than V8's maximum string length parse and peak memory stays near the
 * size of the graph itself.
 *
 * @throws SoakError `SOAK_SNAPSHOT_INVALID` when the file cannot be read, is not a V8 heap
 *   snapshot, or is truncated; the message names the file and what was wrong.
 */
export async function parseSnapshotFile(path: string, options: ParseOptions = {}): Promise<HeapGraph> {
  const chunkBytes = options.chunkBytes ?? READ_CHUNK_BYTES;
  // Two read buffers that take turns rather than a fresh one per chunk (see file-chunks.ts).
  const chunks = readFileChunks(path, chunkBytes);
  const helper: EdgesHelper | undefined =
    (options.edgesThread ?? fileSize(path) >= PARSE_EDGES_THREAD_MIN_BYTES) && EdgesThread.available()
      ? {
          start: (job) => {
            const thread = new EdgesThread({ ...job, path, chunkBytes });
            options.onEdgesThread?.();
            return thread;
          },
          reopen: (at) => readFileChunks(path, chunkBytes, at),
        }
      : undefined;
  try {
    return await parseChunks(chunks, path, helper, options.nodeNamesOnly === true);
  } catch (err) {
    if (err instanceof SoakError) throw err;
    const code = (err as NodeJS.ErrnoException | null)?.code;
    if (typeof code === 'string') {
      throw new SoakError('SOAK_SNAPSHOT_INVALID', `${path}: cannot read heap snapshot (${(err as Error).message})`, {
        cause: err,
      });
    }
    throw err;
  } finally {
    await chunks.return(undefined); // closes the file if parsing stopped before its end
  }
}

/** The file's size, 0 when it cannot be read (the stream then reports why). */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** What the top-level object has given us so far. */
interface Parts {
  header?: unknown;
  nodes?: UintSink;
  /** The node fields kept in `nodes`, when some were dropped. */
  nodeFields?: readonly string[];
  /** The edge fields kept in `edges`, when the type went to its own byte array. */
  edgeFields?: readonly string[];
  edges?: UintSink;
  locations?: UintSink;
  strings?: string[];
  /** The worker reading `edges`, once `nodes` begins (see EdgesHelper). */
  edgesThread?: EdgesThread;
  /** The job it was given, to read `edges` here from `edgesAt` if it dies. */
  edgesJob?: Omit<EdgesJob, 'path' | 'chunkBytes'>;
  /** File offset of the `edges` array the main thread skipped because the worker reads it. */
  edgesAt?: number;
  /** See ParseOptions.nodeNamesOnly. */
  nodeNamesOnly: boolean;
  /** Node names in use, marked while the worker still reads `edges` (null: decode all strings). */
  nodeNames?: NameMarks | null;
  /** Where each node's edges start (HeapGraph's firstEdge), worked out while the worker still reads `edges`. */
  firstEdge?: Uint32Array;
  /** Edge names in use, as the worker marked them. */
  edgeNames?: { readonly used: Uint8Array; readonly max: number };
}

/** Keys whose values are arrays we count through, so a truncation can say how far it got. */
const COUNTED_KEYS = new Set(['nodes', 'edges', 'locations', 'strings']);

/**
 * Parses a heap snapshot from any stream of chunks. `source` names the input in messages.
 * Keys of the top-level object may come in any order; unknown keys (`trace_function_infos`,
 * `trace_tree`, `samples`, …) are skipped without being kept.
 */
export async function parseSnapshotChunks(chunks: AsyncIterable<Buffer | string>, source: string): Promise<HeapGraph> {
  return parseChunks(chunks, source, undefined, false);
}

async function parseChunks(
  chunks: AsyncIterable<Buffer | string>,
  source: string,
  helper: EdgesHelper | undefined,
  nodeNamesOnly: boolean,
): Promise<HeapGraph> {
  const r = new ByteReader(chunks);
  const parts: Parts = { nodeNamesOnly };
  let key: string | undefined; // the value being read
  let lastKey: string | undefined; // the last value completed
  const invalid = (what: string): SoakError =>
    new SoakError('SOAK_SNAPSHOT_INVALID', `${source}: not a V8 heap snapshot (${what})`);
  try {
    const first = await r.peek();
    if (first < 0) throw invalid('the file is empty');
    if (first !== 0x7b) throw invalid(`expected '{' at byte ${r.offset}, found ${describeByte(first)}`);
    r.pos++;
    for (let c = await r.peek(); c !== 0x7d; c = await r.peek()) {
      if (c < 0) throw new InputEnded(0);
      if (lastKey !== undefined) {
        if (c !== 0x2c) throw new BadInput(r.offset, `expected ',' or '}' at byte ${r.offset}, found ${describeByte(c)}`);
        r.pos++;
      }
      const name = await readString(r);
      const colon = await r.peek();
      if (colon !== 0x3a) {
        if (colon < 0) throw new InputEnded(0);
        throw new BadInput(r.offset, `expected ':' at byte ${r.offset}, found ${describeByte(colon)}`);
      }
      r.pos++;
      if (name === 'strings' && parts.edgesAt !== undefined && !nodeNamesOnly) {
        // Which strings to decode depends on the edges: mark the node names, then wait for the worker.
        parts.nodeNames = nodeNameMarks(parts);
        parts.firstEdge = nodeEdgeStarts(parts);
        key = 'edges';
        await settleEdges(parts, helper, invalid);
      }
      key = name;
      await readValue(r, name, parts, invalid, helper);
      lastKey = name;
      key = undefined;
    }
    if (parts.edgesAt !== undefined) {
      key = 'edges';
      await settleEdges(parts, helper, invalid);
      key = undefined;
    }
    r.pos++;
    const trailing = await r.peek();
    if (trailing >= 0) throw invalid(`unexpected ${describeByte(trailing)} at byte ${r.offset} after the end of the top-level object`);
  } catch (caught) {
    let err = caught;
    if (parts.edgesAt !== undefined) {
      // `edges` come before whatever failed here: an error in them is the one to report, as a read in order would.
      try {
        await settleEdges(parts, helper, invalid);
      } catch (earlier) {
        err = earlier;
        key = 'edges';
      }
    }
    if (err instanceof InputEnded) {
      const where =
        key === undefined
          ? `ended inside the top-level object${lastKey === undefined ? '' : ` after "${lastKey}"`}`
          : `ended inside "${key}"${COUNTED_KEYS.has(key) ? ` after ${err.values} value${err.values === 1 ? '' : 's'}` : ''}`;
      throw new SoakError('SOAK_SNAPSHOT_INVALID', `${source}: truncated heap snapshot (${where})`);
    }
    if (err instanceof BadInput) throw invalid(key === undefined ? err.detail : `in "${key}": ${err.detail}`);
    throw err;
  } finally {
    await r.close();
    await parts.edgesThread?.close();
  }
  return assemble(source, parts, invalid);
}

/** Takes the worker's `edges` (or reads them here if it died); throws what a read in order would have met in them. */
async function settleEdges(parts: Parts, helper: EdgesHelper | undefined, invalid: (what: string) => SoakError): Promise<void> {
  const at = parts.edgesAt;
  const thread = parts.edgesThread;
  const job = parts.edgesJob;
  if (at === undefined || !thread || !job || !helper) return;
  parts.edgesAt = undefined;
  const outcome = await thread.outcome;
  if ('error' in outcome) throw outcome.error;
  let sink: UintSink;
  if ('sink' in outcome) sink = outcome.sink;
  else {
    sink = new UintSink(job.expectedValues, job.keep, job.expectedBytes);
    const r = new ByteReader(helper.reopen(at), at);
    try {
      await readUintArray(r, sink);
    } finally {
      await r.close();
    }
  }
  parts.edges = sink;
  if ('names' in outcome && outcome.names) parts.edgeNames = outcome.names;
  checkOverflow('edges', sink, invalid);
}

/** Only `nodes` may hold values above 32 bits (self sizes); elsewhere they mean a corrupt file. */
function checkOverflow(name: string, sink: UintSink, invalid: (what: string) => SoakError): void {
  if (name !== 'nodes' && sink.overflow.size) {
    const [at, value] = sink.overflow.entries().next().value as [number, number];
    throw invalid(`"${name}"[${at}] is ${value}, above the 32-bit limit`);
  }
}

async function readValue(
  r: ByteReader,
  name: string,
  parts: Parts,
  invalid: (what: string) => SoakError,
  helper: EdgesHelper | undefined,
): Promise<void> {
  switch (name) {
    case 'snapshot': {
      const kept: Buffer[] = [];
      await skipValue(r, kept, HEADER_LIMIT_BYTES);
      try {
        parts.header = JSON.parse(Buffer.concat(kept).toString('utf8'));
      } catch (err) {
        throw invalid(`"snapshot" is not valid JSON: ${(err as Error).message}`);
      }
      return;
    }
    case 'nodes':
    case 'edges':
    case 'locations': {
      const layout = name === 'nodes' ? nodeLayout(parts.header) : name === 'edges' ? edgeLayout(parts.header) : null;
      if (name === 'nodes' && helper && !parts.edges && !parts.edgesThread) {
        await r.peek();
        startEdgesThread(r, parts, helper);
      }
      if (name === 'edges' && layout && parts.edgesThread && parts.edges === undefined && parts.edgesAt === undefined) {
        await r.peek();
        const at = r.offset;
        if ((await parts.edgesThread.located) === at) {
          // The worker reads these; skip to what follows (an error in them is the worker's to find).
          parts.edgesAt = at;
          parts.edgeFields = layout.kept;
          await skipUintArray(r);
          return;
        }
      }
      const sink = new UintSink(
        expectedLength(parts.header, name, layout?.kept.length),
        layout?.keep ?? null,
        name === 'edges' ? expectedLength(parts.header, 'edges', 1) : 0,
      );
      parts[name] = sink;
      if (layout && name === 'nodes') parts.nodeFields = layout.kept;
      if (layout && name === 'edges') parts.edgeFields = layout.kept;
      await readUintArray(r, sink);
      checkOverflow(name, sink, invalid);
      return;
    }
    case 'strings': {
      const wanted = stringsInUse(parts);
      parts.strings = await readStringArray(r, wanted ?? undefined);
      return;
    }
    default:
      await skipValue(r);
  }
}

/** Starts the worker on `edges` as `nodes` begins, when the header gives the edge layout (V8 writes it first). */
function startEdgesThread(r: ByteReader, parts: Parts, helper: EdgesHelper): void {
  const layout = edgeLayout(parts.header);
  if (!layout || r.buf[r.pos] !== 0x5b) return;
  const names = parts.nodeNamesOnly ? null : nameLayout(parts.header, fieldsOf(parts.header, 'node_fields'), layout.kept, true);
  const nodeCount = (parts.header as { node_count?: unknown } | undefined)?.node_count;
  const job = {
    nodesAt: r.offset,
    keep: layout.keep,
    expectedValues: expectedLength(parts.header, 'edges', layout.kept.length),
    expectedBytes: expectedLength(parts.header, 'edges', 1),
    ...(names && {
      edgeNames: {
        skip: names.skipEdge,
        nameAt: names.edgeName,
        nodesGuess: typeof nodeCount === 'number' && nodeCount >= 0 && nodeCount < PRESIZE_LIMIT_VALUES ? nodeCount : 0,
      },
    }),
  };
  parts.edgesJob = job;
  parts.edgesThread = helper.start(job);
}

/** What to do with each field of a record (UintSink's `keep`), and the fields left in the Uint32 array. */
interface Layout {
  keep: Uint8Array;
  kept: string[];
}

function fieldsOf(header: unknown, key: 'node_fields' | 'edge_fields'): string[] | null {
  const fields = (header as { meta?: Record<string, unknown> } | undefined)?.meta?.[key];
  return Array.isArray(fields) && fields.every((f) => typeof f === 'string') ? (fields as string[]) : null;
}

/**
 * `nodes` drops the fields the graph never reads, when the header came first and names them
 * (V8 writes it first). Null: keep every field.
 */
function nodeLayout(header: unknown): Layout | null {
  const fields = fieldsOf(header, 'node_fields');
  if (!fields) return null;
  const keep = Uint8Array.from(fields, (f) => (NODE_FIELDS_USED.includes(f) ? KEEP_FIELD : DROP_FIELD));
  if (keep.every((k) => k === KEEP_FIELD)) return null;
  return { keep, kept: fields.filter((_, i) => keep[i] === KEEP_FIELD) };
}

/** `edges` keeps its type (one of 7) in a byte array of its own. Null: keep every field. */
function edgeLayout(header: unknown): Layout | null {
  const fields = fieldsOf(header, 'edge_fields');
  if (!fields || !fields.includes('type')) return null;
  const keep = Uint8Array.from(fields, (f) => (f === 'type' ? BYTE_FIELD : KEEP_FIELD));
  return { keep, kept: fields.filter((f) => f !== 'type') };
}

/** The layout for this parse's own `nodes` and `edges`. */
function partsLayout(parts: Parts): NameLayout | null {
  return nameLayout(
    parts.header,
    parts.nodeFields ?? fieldsOf(parts.header, 'node_fields'),
    parts.edgeFields ?? fieldsOf(parts.header, 'edge_fields'),
    parts.edgeFields !== undefined,
  );
}

/**
 * A name index beyond every node and edge is a corrupt file, not a reason to allocate gigabytes.
 * The marks stop (and every string is decoded) past this many; `edges`: the count if known, else the header's.
 */
function namesBound(parts: Parts, edges: number): number {
  const nodes = parts.nodes ? parts.nodes.length / (parts.nodeFields ?? fieldsOf(parts.header, 'node_fields') ?? [0]).length : 0;
  return nodes + edges + 1024;
}

/** Marks the names of the nodes that are not strings (the main thread's half; see names-in-use.ts). Null: decode all. */
function nodeNameMarks(parts: Parts): NameMarks | null {
  const layout = partsLayout(parts);
  if (!parts.nodes || !layout) return null;
  const edges = parts.edges ? parts.edges.length / layout.ef : expectedLength(parts.header, 'edges', 1);
  const marks = new NameMarks(namesBound(parts, edges));
  const { nf, nodeType, nodeName, skipNode } = layout;
  return markNodeNames(marks, parts.nodes.values, parts.nodes.length, nf, nodeType, nodeName, skipNode) ? marks : null;
}

/**
 * Which entries of `strings` to decode (see names-in-use.ts): the node names marked here, joined
 * with the edge names the worker marked, or marked here when it did not. Null (decode all) unless
 * the header, nodes and edges came before the strings, as V8 writes them.
 */
function stringsInUse(parts: Parts): Uint8Array | null {
  const marks = parts.nodeNames === undefined ? nodeNameMarks(parts) : parts.nodeNames;
  if (!marks) return null;
  // Edge names count unless only node names are asked for (then the edges may still be on the worker).
  if (parts.nodeNamesOnly) return marks.used;
  const layout = partsLayout(parts);
  const edges = parts.edges;
  if (!edges || !layout) return null;
  const { ef, edgeType, edgeName, skipEdge } = layout;
  if (parts.edgeNames) marks.join(parts.edgeNames.used, parts.edgeNames.max);
  else if (!markEdgeNames(marks, edges.values, edges.length, ef, edgeType < 0 ? edges.bytes : null, edgeType, edgeName, skipEdge)) return null;
  return marks.max > namesBound(parts, edges.length / ef) ? null : marks.used;
}

/** HeapGraph's firstEdge for `nodes`, when they are whole records with an edge count (else the graph says what is wrong). */
function nodeEdgeStarts(parts: Parts): Uint32Array | undefined {
  const fields = parts.nodeFields ?? fieldsOf(parts.header, 'node_fields');
  const countAt = fields?.indexOf('edge_count') ?? -1;
  const nodes = parts.nodes;
  if (!fields || countAt < 0 || !nodes || nodes.length % fields.length !== 0) return undefined;
  return edgeStarts(nodes.values, nodes.length / fields.length, fields.length, countAt);
}

/** node_count × node fields (or the edge equivalent) from the header, when it came first. */
function expectedLength(header: unknown, name: 'nodes' | 'edges' | 'locations', keptFields?: number): number {
  const h = header as { node_count?: unknown; edge_count?: unknown; meta?: Record<string, unknown> } | undefined;
  const fields = h?.meta?.[name === 'nodes' ? 'node_fields' : name === 'edges' ? 'edge_fields' : 'location_fields'];
  const count = name === 'nodes' ? h?.node_count : name === 'edges' ? h?.edge_count : undefined;
  if (!Array.isArray(fields) || typeof count !== 'number' || !(count >= 0)) return 0;
  const total = count * (keptFields ?? fields.length);
  return total < PRESIZE_LIMIT_VALUES ? total : 0;
}

function assemble(source: string, parts: Parts, invalid: (what: string) => SoakError): HeapGraph {
  if (parts.header === undefined) throw invalid('no "snapshot" object with "meta"');
  if (!parts.nodes) throw invalid('no "nodes" array');
  if (!parts.edges) throw invalid('no "edges" array');
  if (!parts.strings) throw invalid('no "strings" array');
  for (const [name, sink] of [['nodes', parts.nodes], ['edges', parts.edges]] as const) {
    const { keep, skipped, length } = sink;
    if (keep && (length + skipped) % keep.length !== 0) {
      const what = name === 'nodes' ? 'a positive multiple of' : 'a multiple of';
      throw invalid(`"${name}" has ${length + skipped} values, expected ${what} ${keep.length} ${name === 'nodes' ? 'node' : 'edge'} fields`);
    }
  }
  return new HeapGraph(source, {
    header: parts.header,
    nodes: parts.nodes.result(),
    edges: parts.edges.result(),
    locations: parts.locations?.result() ?? new Uint32Array(0),
    strings: parts.strings,
    nodeOverflow: parts.nodes.overflow,
    ...(parts.nodeFields && { nodeFields: parts.nodeFields }),
    ...(parts.edgeFields && { edgeFields: parts.edgeFields, edgeTypes: parts.edges.bytesResult() }),
    ...(parts.firstEdge && { firstEdge: parts.firstEdge }),
  });
}
