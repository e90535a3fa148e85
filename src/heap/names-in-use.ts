/**
 * Which entries of a snapshot's `strings` anything but a string's own text uses: the names of the
 * nodes that are not strings, and of the named edges. Half the strings of a heap are string
 * contents (0.94 M of 1.9 M, 29 MiB of JS heap at 2.9 M nodes), never shown, so those are not
 * decoded. The edge half runs on the edges worker right after its scan (edges-worker.ts), while
 * the main thread marks the node half; parse.ts joins the two before `strings`.
 */

/** Node types whose name is the string's own text, which ws-soak never shows (they group as `(string)`). */
const STRING_NODE_TYPES: ReadonlySet<string> = new Set(['string', 'concatenated string', 'sliced string']);
/** Edge types whose name_or_index is a number, not an index into `strings`. */
const INDEX_EDGE_TYPES: ReadonlySet<string> = new Set(['element', 'hidden']);

/** 1 per string index in use; grows by doubling, as strings are far fewer than nodes and edges. */
export class NameMarks {
  used = new Uint8Array(1 << 16);
  /** The largest index marked so far (-1: none). */
  max = -1;

  /**
   * `bound`: an index above it is a corrupt file, not a reason to allocate gigabytes. False when
   * one is met (the marks are then incomplete).
   */
  constructor(private readonly bound: number) {}

  mark(index: number): boolean {
    if (index >= this.used.length) {
      if (index > this.bound) return false;
      const bigger = new Uint8Array(Math.max(this.used.length * 2, index + 1));
      bigger.set(this.used);
      this.used = bigger;
    }
    this.used[index] = 1;
    if (index > this.max) this.max = index;
    return true;
  }

  /** Adds another set of marks (the edges worker's) to these. */
  join(used: Uint8Array, max: number): void {
    if (max >= this.used.length) {
      const bigger = new Uint8Array(Math.max(this.used.length, max + 1));
      bigger.set(this.used);
      this.used = bigger;
    }
    const mine = this.used;
    for (let i = 0; i <= max; i++) mine[i] = (mine[i] as number) | (used[i] as number);
    if (max > this.max) this.max = max;
  }
}

/** 1 for each type in `types` (a snapshot's node or edge type names) that `set` holds. */
function typesIn(types: readonly unknown[], set: ReadonlySet<string>): Uint8Array {
  return Uint8Array.from(types, (t) => (set.has(String(t)) ? 1 : 0));
}

/**
 * Marks the names of the nodes in `nodes` (records of `nf` values) whose type `skip` does not mark.
 * False when a name is beyond the marks' bound.
 */
export function markNodeNames(marks: NameMarks, nodes: Uint32Array, end: number, nf: number, typeAt: number, nameAt: number, skip: Uint8Array): boolean {
  for (let at = 0; at + nf <= end; at += nf) {
    if (skip[nodes[at + typeAt] as number] !== 1 && !marks.mark(nodes[at + nameAt] as number)) return false;
  }
  return true;
}

/**
 * Marks the names of the edges whose type `skip` does not mark. The edge type comes from `types`
 * (one byte per edge) when given, else from field `typeAt` of `edges` (records of `ef` values).
 * False when a name is beyond the marks' bound.
 */
export function markEdgeNames(
  marks: NameMarks,
  edges: Uint32Array,
  end: number,
  ef: number,
  types: Uint8Array | null,
  typeAt: number,
  nameAt: number,
  skip: Uint8Array,
): boolean {
  if (types) {
    for (let at = 0, e = 0; at + ef <= end; at += ef, e++) {
      if (skip[types[e] as number] !== 1 && !marks.mark(edges[at + nameAt] as number)) return false;
    }
    return true;
  }
  for (let at = 0; at + ef <= end; at += ef) {
    if (skip[edges[at + typeAt] as number] !== 1 && !marks.mark(edges[at + nameAt] as number)) return false;
  }
  return true;
}

/** Where the type and name sit in a node and an edge, and which of their types name nothing in `strings`. */
export interface NameLayout {
  nf: number;
  ef: number;
  nodeType: number;
  nodeName: number;
  edgeName: number;
  /** -1 when the edge type was split off into the sink's byte array. */
  edgeType: number;
  skipNode: Uint8Array;
  skipEdge: Uint8Array;
}

/**
 * The layout for `nodeFields` and `edgeFields` (`split`: the edge type is not among them but in a
 * byte array of its own) and the header's type names. Null (decode all strings) unless all are known.
 */
export function nameLayout(header: unknown, nodeFields: readonly string[] | null, edgeFields: readonly string[] | null, split: boolean): NameLayout | null {
  const meta = (header as { meta?: Record<string, unknown> } | undefined)?.meta;
  if (!meta || !nodeFields || !edgeFields) return null;
  const nodeTypes = (meta['node_types'] as unknown[] | undefined)?.[0];
  const edgeTypes = (meta['edge_types'] as unknown[] | undefined)?.[0];
  if (!Array.isArray(nodeTypes) || !Array.isArray(edgeTypes)) return null;
  const layout = {
    nf: nodeFields.length,
    ef: edgeFields.length,
    nodeType: nodeFields.indexOf('type'),
    nodeName: nodeFields.indexOf('name'),
    edgeName: edgeFields.indexOf('name_or_index'),
    edgeType: split ? -1 : edgeFields.indexOf('type'),
    skipNode: typesIn(nodeTypes, STRING_NODE_TYPES),
    skipEdge: typesIn(edgeTypes, INDEX_EDGE_TYPES),
  };
  if (layout.nodeType < 0 || layout.nodeName < 0 || (!split && layout.edgeType < 0) || layout.edgeName < 0) return null;
  return layout;
}
