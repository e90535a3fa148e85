/**
 * HeapGraph: a parsed V8 heap snapshot in typed arrays, with per-node and per-edge accessors.
 * Typed-array reads are `as number`: each index is bounded by its loop or by the graph's own
 * offsets, and a checked read would cost a branch per element in a loop over millions.
 */
import { SoakError } from '../errors.js';
import { resolveMeta, type HeapMeta } from './snapshot-meta.js';

export type { HeapMeta } from './snapshot-meta.js';

/** Value stored in a Uint32 slot when the real value did not fit; the real value lives in an overflow map. */
export const UINT32_OVERFLOW = 0xffffffff;

/** What the parser hands over: the header object plus the raw arrays. */
export interface RawSnapshot {
  /** The parsed `snapshot` object (meta, node_count, edge_count, …). */
  readonly header: unknown;
  readonly nodes: Uint32Array;
  readonly edges: Uint32Array;
  readonly locations: Uint32Array;
  readonly strings: readonly string[];
  /** Values of `nodes` that exceeded 2^32-1, by position in `nodes` (the slot holds UINT32_OVERFLOW). */
  readonly nodeOverflow: ReadonlyMap<number, number>;
  /** The node fields `nodes` holds, when the parser dropped some of the file's; else all of them. */
  readonly nodeFields?: readonly string[];
  /** The edge fields `edges` holds when the parser split the type off into `edgeTypes`. */
  readonly edgeFields?: readonly string[];
  /** Each edge's type, when it is not a field of `edges`. */
  readonly edgeTypes?: Uint8Array;
  /** {@link edgeStarts} of `nodes`, when the parser had time for it while it waited for the edges. */
  readonly firstEdge?: Uint32Array;
}

/**
 * Where each node's edges start: node i's edges are [starts[i], starts[i+1]), starts[nodeCount]
 * is the sum of all edge counts. `nf` values per node, the edge count at `countAt`.
 */
export function edgeStarts(nodes: Uint32Array, nodeCount: number, nf: number, countAt: number): Uint32Array {
  // Locals, not this.* and meta.* reads in the loop: it runs once per node of the snapshot.
  const firstEdge = new Uint32Array(nodeCount + 1);
  let sum = 0;
  for (let i = 0, at = countAt; i < nodeCount; i++, at += nf) {
    firstEdge[i] = sum;
    sum += nodes[at] as number;
  }
  firstEdge[nodeCount] = sum;
  return firstEdge;
}

/**
 * A V8 heap snapshot held in typed arrays. Nodes and edges are addressed by ordinal
 * (node `i` is the i-th node, edge `e` the e-th edge); node 0 is the root.
 * Note: after construction the `to_node` field of `edges` holds the target node *ordinal*,
 * not V8's index into `nodes`.
 */
export class HeapGraph {
  /** Where the snapshot came from (a file path), for messages. */
  readonly source: string;
  readonly meta: HeapMeta;
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly nodes: Uint32Array;
  readonly edges: Uint32Array;
  /** Each edge's type, by edge ordinal, when `edges` does not hold it (meta.edgeTypeOffset is -1). */
  readonly edgeTypes: Uint8Array | null;
  readonly locations: Uint32Array;
  readonly strings: readonly string[];
  /** firstEdge[i] is the ordinal of node i's first edge; firstEdge[nodeCount] === edgeCount. */
  readonly firstEdge: Uint32Array;
  /** Self sizes of at least 2^32 bytes, by node ordinal. */
  readonly largeSelfSizes: ReadonlyMap<number, number>;
  /** Index of each node type name in meta.nodeTypes (-1 when the snapshot does not know the type). */
  readonly nodeType: Readonly<Record<string, number>>;
  /** Index of each edge type name in meta.edgeTypes (-1 when absent). */
  readonly edgeType: Readonly<Record<EdgeTypeName, number>>;
  private locationIndex: Map<number, number> | undefined;

  constructor(source: string, raw: RawSnapshot) {
    this.source = source;
    const meta = resolveMeta(source, raw.header, raw.nodeFields, raw.edgeFields);
    this.meta = meta;
    this.nodes = raw.nodes;
    this.edges = raw.edges;
    this.edgeTypes = raw.edgeTypes ?? null;
    this.locations = raw.locations;
    this.strings = raw.strings;
    const invalid = (what: string): SoakError =>
      new SoakError('SOAK_SNAPSHOT_INVALID', `${source}: not a V8 heap snapshot (${what})`);
    if (raw.nodes.length === 0 || raw.nodes.length % meta.nodeFieldCount !== 0) {
      throw invalid(`"nodes" has ${raw.nodes.length} values, expected a positive multiple of ${meta.nodeFieldCount} node fields`);
    }
    if (raw.edges.length % meta.edgeFieldCount !== 0) {
      throw invalid(`"edges" has ${raw.edges.length} values, expected a multiple of ${meta.edgeFieldCount} edge fields`);
    }
    this.nodeCount = raw.nodes.length / meta.nodeFieldCount;
    this.edgeCount = raw.edges.length / meta.edgeFieldCount;
    if (this.edgeTypes ? this.edgeTypes.length !== this.edgeCount : meta.edgeTypeOffset < 0) {
      throw invalid(`"edges" holds ${this.edgeCount} edges but ${this.edgeTypes?.length ?? 0} edge types`);
    }
    this.largeSelfSizes = splitOverflow(raw.nodeOverflow, meta, invalid);
    const firstEdge =
      raw.firstEdge?.length === this.nodeCount + 1 ? raw.firstEdge : edgeStarts(raw.nodes, this.nodeCount, meta.nodeFieldCount, meta.nodeEdgeCountOffset);
    this.firstEdge = firstEdge;
    const sum = firstEdge[this.nodeCount] as number;
    if (sum !== this.edgeCount) {
      throw invalid(`node edge counts add up to ${sum} edges but "edges" holds ${this.edgeCount}`);
    }
    toNodeOrdinals(raw.edges, meta, this.nodeCount, invalid);
    this.nodeType = Object.fromEntries(meta.nodeTypes.map((t, i) => [t, i]));
    const et = (name: EdgeTypeName): number => meta.edgeTypes.indexOf(name);
    this.edgeType = {
      context: et('context'), element: et('element'), property: et('property'), internal: et('internal'),
      hidden: et('hidden'), shortcut: et('shortcut'), weak: et('weak'),
    };
  }

  /** Index into meta.nodeTypes. */
  nodeTypeIndex(i: number): number {
    return this.nodes[i * this.meta.nodeFieldCount + this.meta.nodeTypeOffset] as number;
  }

  /** V8's node type, e.g. `object`, `closure`, `string`, `hidden`, `synthetic`. */
  nodeTypeName(i: number): string {
    return this.meta.nodeTypes[this.nodeTypeIndex(i)] ?? `(unknown type ${this.nodeTypeIndex(i)})`;
  }

  /** Index into `strings` of the node's name. */
  nodeNameIndex(i: number): number {
    return this.nodes[i * this.meta.nodeFieldCount + this.meta.nodeNameOffset] as number;
  }

  /** Constructor name for objects, the text for strings, the function name for closures. */
  nodeName(i: number): string {
    return this.strings[this.nodeNameIndex(i)] ?? '';
  }

  /** V8's stable object id: the same object keeps its id across snapshots of one process. */
  nodeId(i: number): number {
    return this.nodes[i * this.meta.nodeFieldCount + this.meta.nodeIdOffset] as number;
  }

  /** Shallow size in bytes. */
  nodeSelfSize(i: number): number {
    const v = this.nodes[i * this.meta.nodeFieldCount + this.meta.nodeSelfSizeOffset] as number;
    return v === UINT32_OVERFLOW ? (this.largeSelfSizes.get(i) ?? v) : v;
  }

  nodeEdgeCount(i: number): number {
    return (this.firstEdge[i + 1] as number) - (this.firstEdge[i] as number);
  }

  /** Ordinal of node i's first outgoing edge (its edges are firstEdgeIndex(i) … firstEdgeIndex(i+1)-1). */
  firstEdgeIndex(i: number): number {
    return this.firstEdge[i] as number;
  }

  edgeTypeIndex(e: number): number {
    if (this.edgeTypes) return this.edgeTypes[e] as number;
    return this.edges[e * this.meta.edgeFieldCount + this.meta.edgeTypeOffset] as number;
  }

  /** `context`, `element`, `property`, `internal`, `hidden`, `shortcut` or `weak`. */
  edgeTypeName(e: number): string {
    return this.meta.edgeTypes[this.edgeTypeIndex(e)] ?? `(unknown edge type ${this.edgeTypeIndex(e)})`;
  }

  /** The raw name_or_index field: an index for element/hidden edges, else an index into `strings`. */
  edgeNameOrIndex(e: number): number {
    return this.edges[e * this.meta.edgeFieldCount + this.meta.edgeNameOffset] as number;
  }

  /** True when the edge is named by a number (element and hidden edges). */
  edgeHasIndex(e: number): boolean {
    const t = this.edgeTypeIndex(e);
    return t === this.edgeType.element || t === this.edgeType.hidden;
  }

  /** Property, variable or internal field name; element and hidden edges give their index as text. */
  edgeName(e: number): string {
    const v = this.edgeNameOrIndex(e);
    return this.edgeHasIndex(e) ? String(v) : (this.strings[v] ?? '');
  }

  /** Ordinal of the node the edge points to. */
  edgeToNode(e: number): number {
    return this.edges[e * this.meta.edgeFieldCount + this.meta.edgeToNodeOffset] as number;
  }

  /** Sum of all self sizes, in bytes. */
  totalSize(): number {
    let total = 0;
    for (let i = 0; i < this.nodeCount; i++) total += this.nodeSelfSize(i);
    return total;
  }

  /** Source position V8 recorded for the node (objects: their constructor), if any. Lines and columns are 0-based. */
  nodeLocation(i: number): { scriptId: number; line: number; column: number } | undefined {
    const m = this.meta;
    if (m.locationFieldCount <= 0) return undefined;
    if (!this.locationIndex) {
      // Built on first use: most callers never ask for locations.
      this.locationIndex = new Map();
      for (let at = 0; at + m.locationFieldCount <= this.locations.length; at += m.locationFieldCount) {
        this.locationIndex.set((this.locations[at + m.locationObjectOffset] as number) / m.fileNodeFieldCount, at);
      }
    }
    const at = this.locationIndex.get(i);
    if (at === undefined) return undefined;
    const scriptId = this.locations[at + m.locationScriptOffset];
    const line = this.locations[at + m.locationLineOffset];
    const column = this.locations[at + m.locationColumnOffset];
    // The index holds only starts of whole location records, so these are always present.
    if (scriptId === undefined || line === undefined || column === undefined) return undefined;
    return { scriptId, line, column };
  }
}

/** The edge types V8 writes. */
export type EdgeTypeName = 'context' | 'element' | 'property' | 'internal' | 'hidden' | 'shortcut' | 'weak';

/** Only self_size may legitimately exceed 32 bits (huge backing stores); anything else is corrupt. */
function splitOverflow(
  overflow: ReadonlyMap<number, number>,
  meta: HeapMeta,
  invalid: (what: string) => SoakError,
): Map<number, number> {
  const large = new Map<number, number>();
  for (const [at, value] of overflow) {
    const field = at % meta.nodeFieldCount;
    const ordinal = (at - field) / meta.nodeFieldCount;
    if (field !== meta.nodeSelfSizeOffset) {
      throw invalid(`node ${ordinal} has ${meta.nodeFields[field]} ${value}, above the 32-bit limit`);
    }
    large.set(ordinal, value);
  }
  return large;
}

/** Rewrites to_node from an index into the file's `nodes` to a node ordinal, checking every target on the way. */
function toNodeOrdinals(
  edges: Uint32Array,
  meta: HeapMeta,
  nodeCount: number,
  invalid: (what: string) => SoakError,
): void {
  const step = meta.edgeFieldCount;
  const nf = meta.fileNodeFieldCount;
  const nodesLength = nodeCount * nf;
  for (let at = meta.edgeToNodeOffset; at < edges.length; at += step) {
    const to = edges[at] as number;
    if (to >= nodesLength || to % nf !== 0) {
      throw invalid(`edge ${(at - meta.edgeToNodeOffset) / step} points to nodes[${to}], which is not the start of a node`);
    }
    edges[at] = to / nf;
  }
}
