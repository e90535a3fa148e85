/**
 * Which edges retain their target, as DevTools decides it, for dominators and retainer paths.
 * Typed-array reads are `as number`: each index is bounded by its loop or by the graph's own
 * offsets, and a checked read would cost a branch per element in a loop over millions.
 */
import type { HeapGraph } from './graph.js';

/** V8 names the edge from a WeakMap's table to a value "… pair in WeakMap (table @<id>)". */
const EPHEMERON_TABLE = / pair in WeakMap \(table @(\d+)\)$/;

/**
 * Marks the edges that keep their target alive, for dominators and retainer paths. As DevTools
 * does, these edges are left out:
 * - `weak` edges: they never retain.
 * - `shortcut` edges, except from the root: elsewhere they duplicate a real path.
 * - self edges.
 * - the edge from a WeakMap's backing table to a value: the value is retained by key and table
 *   together, and DevTools keeps the key's edge because it gives the more useful answer.
 * DevTools' browser-only rule (edges from non-page objects into page objects) has no meaning
 * for Node.js and is not applied.
 *
 * @returns one byte per edge ordinal, 1 when the edge retains.
 */
export function essentialEdges(graph: HeapGraph): Uint8Array {
  // Dominators and retainer paths both need them: one pass per graph (a graph never changes).
  let keep = computed.get(graph);
  if (!keep) {
    keep = markEssential(graph, null);
    computed.set(graph, keep);
  }
  return keep;
}

/**
 * The marks of {@link essentialEdges}, and how many retaining edges point to each node, added
 * into `retainers[to]` (one slot per node ordinal). When the marks are not made yet, the counts
 * come from the same pass over the edges, so the dominators' retainer lists do not read all
 * edges once more. (Measured on a 129 MiB snapshot, the gain is smaller than a pass: the count's
 * random writes, not the reading, are most of its cost.)
 */
export function essentialEdgesCountingRetainers(graph: HeapGraph, retainers: Uint32Array): Uint8Array {
  let keep = computed.get(graph);
  if (keep) countRetainers(graph, keep, retainers);
  else {
    keep = markEssential(graph, retainers);
    computed.set(graph, keep);
  }
  return keep;
}

/** Adds into `retainers[to]` the marked edges that point to each node. */
export function countRetainers(graph: HeapGraph, keep: Uint8Array, retainers: Uint32Array): void {
  const { edges, meta } = graph;
  const ef = meta.edgeFieldCount;
  const toOffset = meta.edgeToNodeOffset;
  for (let e = 0; e < graph.edgeCount; e++) if (keep[e]) (retainers[edges[e * ef + toOffset] as number] as number)++;
}

const computed = new WeakMap<HeapGraph, Uint8Array>();

function markEssential(graph: HeapGraph, retainers: Uint32Array | null): Uint8Array {
  const keep = new Uint8Array(graph.edgeCount);
  const { weak, shortcut, internal } = graph.edgeType;
  // strings index → 1 + the WeakMap table id in the name, -1 for other names, 0 not looked at yet.
  // 0 for "not yet" spares a fill: only the pages of names looked at are ever touched (8 MiB for
  // a million strings, most of them never the name of an internal edge).
  const tableIdByName = new Float64Array(graph.strings.length);
  // The graph's arrays read directly, not through its accessors: this loop visits every edge.
  const { edges, firstEdge, edgeTypes, nodes, meta } = graph;
  const ef = meta.edgeFieldCount;
  const toOffset = meta.edgeToNodeOffset;
  const nameOffset = meta.edgeNameOffset;
  const typeOffset = meta.edgeTypeOffset;
  const nf = meta.nodeFieldCount;
  const idOffset = meta.nodeIdOffset;
  for (let i = 0; i < graph.nodeCount; i++) {
    const end = firstEdge[i + 1] as number;
    const id = nodes[i * nf + idOffset] as number; // read once per node, not per internal edge
    for (let e = firstEdge[i] as number; e < end; e++) {
      const t = edgeTypes ? (edgeTypes[e] as number) : (edges[e * ef + typeOffset] as number);
      const to = edges[e * ef + toOffset] as number;
      if (t === weak || (t === shortcut && i !== 0) || to === i) continue;
      if (t === internal) {
        const nameIndex = edges[e * ef + nameOffset] as number;
        let tableId = tableIdByName[nameIndex] ?? -1;
        if (tableId === 0) {
          const m = EPHEMERON_TABLE.exec(graph.strings[nameIndex] ?? '');
          tableId = tableIdByName[nameIndex] = m ? Number(m[1]) + 1 : -1;
        }
        if (tableId === id + 1) continue;
      }
      keep[e] = 1;
      if (retainers) (retainers[to] as number)++;
    }
  }
  return keep;
}
