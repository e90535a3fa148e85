/**
 * Nodes sorted by V8 object id (radix sort), to match objects between snapshots.
 * Typed-array reads are `as number`: each index is bounded by its loop or by the graph's own
 * offsets, and a checked read would cost a branch per element in a loop over millions.
 */
import type { HeapGraph } from './graph.js';

/** Node ordinals in order of their V8 object id, for matching objects between snapshots. */
export interface IdIndex {
  /** All node ids, ascending. */
  readonly ids: Uint32Array;
  /** ordinals[k] is the node whose id is ids[k]. */
  readonly ordinals: Uint32Array;
}

/**
 * Sorts nodes by id with a two-pass radix sort (16 bits a pass): linear time, typed arrays
 * only, so it stays fast on millions of nodes.
 */
export function idIndex(graph: HeapGraph): IdIndex {
  const n = graph.nodeCount;
  let ids = new Uint32Array(n);
  let ordinals = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = graph.nodeId(i);
    ordinals[i] = i;
  }
  let spareIds = new Uint32Array(n);
  let spareOrdinals = new Uint32Array(n);
  const counts = new Uint32Array(0x10000 + 1);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) (counts[(((ids[i] as number) >>> shift) & 0xffff) + 1] as number)++;
    for (let d = 0; d < 0x10000; d++) (counts[d + 1] as number) += counts[d] as number;
    for (let i = 0; i < n; i++) {
      const at = (counts[((ids[i] as number) >>> shift) & 0xffff] as number)++;
      spareIds[at] = ids[i] as number;
      spareOrdinals[at] = ordinals[i] as number;
    }
    [ids, spareIds] = [spareIds, ids];
    [ordinals, spareOrdinals] = [spareOrdinals, ordinals];
  }
  return { ids, ordinals };
}

/** The ids of all nodes, ascending: 4 bytes a node, enough to tell later which objects are new. */
export function sortedNodeIds(graph: HeapGraph): Uint32Array {
  return idIndex(graph).ids;
}

/** Binary search in an ascending id list. */
export function hasId(sortedIds: Uint32Array, id: number): boolean {
  let lo = 0;
  let hi = sortedIds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sortedIds[mid] as number;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
