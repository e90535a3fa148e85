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
    keep = markEssential(graph);
    computed.set(graph, keep);
  }
  return keep;
}

const computed = new WeakMap<HeapGraph, Uint8Array>();

function markEssential(graph: HeapGraph): Uint8Array {
  const keep = new Uint8Array(graph.edgeCount);
  const { weak, shortcut, internal } = graph.edgeType;
  // strings index → WeakMap table id, -1 for other names, -2 not looked at yet
  const tableIdByName = new Float64Array(graph.strings.length).fill(-2);
  for (let i = 0; i < graph.nodeCount; i++) {
    const end = graph.firstEdge[i + 1] as number;
    for (let e = graph.firstEdge[i] as number; e < end; e++) {
      const t = graph.edgeTypeIndex(e);
      if (t === weak || (t === shortcut && i !== 0) || graph.edgeToNode(e) === i) continue;
      if (t === internal) {
        const nameIndex = graph.edgeNameOrIndex(e);
        let tableId = tableIdByName[nameIndex] ?? -1;
        if (tableId === -2) {
          const m = EPHEMERON_TABLE.exec(graph.strings[nameIndex] ?? '');
          tableId = tableIdByName[nameIndex] = m ? Number(m[1]) : -1;
        }
        if (tableId === graph.nodeId(i)) continue;
      }
      keep[e] = 1;
    }
  }
  return keep;
}
