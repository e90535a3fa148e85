/**
 * The largest single objects of a snapshot by retained size, with the path that holds each: what
 * `inspect` adds to the per-class Summary, where one growing `Array` or `Map` held by a variable
 * is lost among all the arrays of its class. Objects that only wrap a larger one listed (a
 * closure's context holding the array, a module holding the map) give way to it.
 */
import type { DominatorTree } from './dominators.js';
import type { HeapGraph } from './graph.js';
import { className } from './class-name.js';
import { formatRetainerPath, retainerPathFor, type PathTree } from './retainers.js';

/** Objects listed by default. */
export const DEFAULT_LARGEST_OBJECTS = 10;
/** A candidate that dominates a listed one retaining at least this share of its size is just its wrapper. */
const WRAPPER_SHARE = 0.8;
/** An object retaining more than this share of the heap is a root of everything (the global object), not a finding. */
const ROOT_SHARE = 0.5;

/** One object: its class, sizes and the shortest path from the GC roots. */
export interface LargestObject {
  className: string;
  nodeId: number;
  selfSize: number;
  retainedSize: number;
  /** The retainer path, root first: `(GC roots) → … → history: Array`. */
  path: string;
}

/** Node types that are objects a program made (not V8 internals, code or strings). */
const OBJECT_TYPES = new Set(['object', 'native', 'closure']);

function dominates(tree: DominatorTree, a: number, b: number): boolean {
  let o = b;
  while (o !== 0) {
    const up = tree.idom[o] as number;
    if (up === a) return true;
    if (up === o) return false;
    o = up;
  }
  return a === 0;
}

/** The `n` largest objects by retained size (see the file comment for what is left out). */
export function largestObjects(graph: HeapGraph, tree: DominatorTree, paths: PathTree, n = DEFAULT_LARGEST_OBJECTS): LargestObject[] {
  const top = largestCandidates(graph, tree, n * 3);
  const kept = top.filter(
    (a) => !top.some((b) => b !== a && dominates(tree, a, b) && (tree.retainedSize[b] as number) >= WRAPPER_SHARE * (tree.retainedSize[a] as number)),
  );
  return kept.slice(0, n).map((i) => ({
    className: className(graph, i),
    nodeId: graph.nodeId(i),
    selfSize: graph.nodeSelfSize(i),
    retainedSize: tree.retainedSize[i] as number,
    path: formatRetainerPath(retainerPathFor(graph, i, paths)),
  }));
}

/**
 * The `pool` objects with the largest retained sizes, largest first (ties: lower ordinal first).
 * The loop over every node is kept small and the rare admission in its own function: run once per
 * process, a loop with the sort and class-name calls inline ran 3–4 times slower (~24 ms against
 * ~6 ms on 1.6 M nodes), as V8 took longer to optimize it.
 */
function largestCandidates(graph: HeapGraph, tree: DominatorTree, pool: number): number[] {
  const top: number[] = [];
  const isObject = Uint8Array.from(graph.meta.nodeTypes, (t) => (OBJECT_TYPES.has(t) ? 1 : 0));
  const { nodes } = graph;
  const nf = graph.meta.nodeFieldCount;
  const { retainedSize } = tree;
  const tooLarge = ROOT_SHARE * (retainedSize[0] as number);
  let smallest = -Infinity; // retained size of the pool's last entry once the pool is full
  for (let i = 1, at = nf + graph.meta.nodeTypeOffset; i < graph.nodeCount; i++, at += nf) {
    if (isObject[nodes[at] as number] !== 1) continue;
    const size = retainedSize[i] as number;
    // The cheap test first: most objects are smaller than the pool's smallest, and need no class name.
    if (size <= smallest || size > tooLarge) continue;
    smallest = admit(graph, retainedSize, top, pool, i);
  }
  return top;
}

/** Adds node i to the pool unless it is V8's (`system / …`); returns the pool's smallest size once it is full, else -Infinity (a double from the start, as the sizes are: the loop is not re-optimized when the first size comes). */
function admit(graph: HeapGraph, retainedSize: Float64Array, top: number[], pool: number, i: number): number {
  if (!className(graph, i).startsWith('system /')) {
    top.push(i);
    top.sort((a, b) => (retainedSize[b] as number) - (retainedSize[a] as number));
    if (top.length > pool) top.pop();
  }
  return top.length === pool ? (retainedSize[top[pool - 1] as number] as number) : -1;
}
