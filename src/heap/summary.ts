/**
 * DevTools' Summary view: count, self size and retained size per class-name group.
 * Typed-array reads are `as number`: each index is bounded by its loop or by the graph's own
 * offsets, and a checked read would cost a branch per element in a loop over millions.
 */
import { groupNodes, type NodeGroups } from './class-name.js';
import { computeDominators, type DominatorTree } from './dominators.js';
import type { HeapGraph } from './graph.js';

/** Object count and shallow size of one class-name group. Small and cheap: enough for growth over time. */
export interface GroupCount {
  /** Class name, as {@link className} gives it (`LeakyRecord`, `(closure)`, `(string)`, …). */
  readonly name: string;
  readonly count: number;
  /** Sum of self sizes, in bytes. */
  readonly selfSize: number;
}

/** One row of the Summary. */
export interface GroupSummary extends GroupCount {
  /**
   * Bytes freed if every object of the group were freed. As DevTools computes it: the sum of
   * the retained sizes of the members that have no other member of the group above them in the
   * dominator tree, so nested members are not counted twice.
   */
  readonly retainedSize: number;
}

/**
 * Counts and self sizes per group, without dominators (fast; what growth over time needs).
 * Sorted by self size, largest first.
 */
export function countGroups(graph: HeapGraph, groups: NodeGroups = groupNodes(graph)): GroupCount[] {
  return groups.names
    .map((name, g) => ({ name, count: groups.counts[g] ?? 0, selfSize: groups.selfSizes[g] ?? 0 }))
    .sort((a, b) => b.selfSize - a.selfSize || a.name.localeCompare(b.name));
}

/**
 * The Summary view: one row per class name with count, self size and retained size, sorted
 * by retained size (then self size, then name). Computes the dominator tree unless given one.
 */
export function summarize(graph: HeapGraph, tree: DominatorTree = computeDominators(graph)): GroupSummary[] {
  const groups = groupNodes(graph);
  const retainedSizes = groupRetainedSizes(graph, groups, tree);
  return groups.names
    .map((name, g) => ({ name, count: groups.counts[g] ?? 0, selfSize: groups.selfSizes[g] ?? 0, retainedSize: retainedSizes[g] ?? 0 }))
    .sort((a, b) => b.retainedSize - a.retainedSize || b.selfSize - a.selfSize || a.name.localeCompare(b.name));
}

/**
 * Walks the dominator tree from the root, keeping per group how many members are on the
 * current path; a member adds its retained size only when none is above it.
 */
function groupRetainedSizes(graph: HeapGraph, groups: NodeGroups, tree: DominatorTree): Float64Array {
  const { idom, retainedSize } = tree;
  const n = graph.nodeCount;
  // The tree as first-child and next-sibling links (0: none; the root is nobody's child), made in
  // one pass over idom; going up is idom itself. Against dominatedNodes()' lists (three
  // passes) and a stack of positions, this needs two arrays instead of three at inspect's memory peak.
  // Which order the children come in does not change a group's top members, nor the sums.
  const firstChild = new Uint32Array(n);
  const nextSibling = new Uint32Array(n);
  for (let o = n - 1; o >= 1; o--) {
    const p = idom[o] as number;
    nextSibling[o] = firstChild[p] as number;
    firstChild[p] = o;
  }
  const { groupOf } = groups;
  const onPath = new Uint32Array(groups.names.length);
  const retainedSizes = new Float64Array(groups.names.length);
  const enter = (o: number): void => {
    const g = groupOf[o] as number;
    if (g < 0) return;
    if (onPath[g] === 0) (retainedSizes[g] as number) += retainedSize[o] as number;
    (onPath[g] as number)++;
  };
  const leave = (o: number): void => {
    const g = groupOf[o] as number;
    if (g >= 0) (onPath[g] as number)--;
  };
  // Each node is entered once and left once; the walk ends when it leaves the root.
  let o = 0;
  enter(0);
  for (;;) {
    const child = firstChild[o] as number;
    if (child !== 0) {
      o = child;
      enter(o);
      continue;
    }
    for (;;) {
      leave(o);
      if (o === 0) return retainedSizes;
      const sibling = nextSibling[o] as number;
      if (sibling !== 0) {
        o = sibling;
        enter(o);
        break;
      }
      o = idom[o] as number;
    }
  }
}
