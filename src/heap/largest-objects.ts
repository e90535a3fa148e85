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
  const total = tree.retainedSize[0] as number;
  const pool = n * 3;
  const top: number[] = [];
  const isObject = Uint8Array.from(graph.meta.nodeTypes, (t) => (OBJECT_TYPES.has(t) ? 1 : 0));
  for (let i = 1; i < graph.nodeCount; i++) {
    if (isObject[graph.nodeTypeIndex(i)] !== 1) continue;
    const size = tree.retainedSize[i] as number;
    // The cheap test first: most objects are smaller than the pool's smallest, and need no class name.
    if (top.length === pool && size <= (tree.retainedSize[top[pool - 1] as number] as number)) continue;
    if (size > ROOT_SHARE * total || className(graph, i).startsWith('system /')) continue;
    top.push(i);
    top.sort((a, b) => (tree.retainedSize[b] as number) - (tree.retainedSize[a] as number));
    if (top.length > pool) top.pop();
  }
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
