/**
 * The dominator tree and retained sizes of a heap graph (SEMI-NCA over typed arrays).
 * Typed-array reads are `as number`: each index is bounded by its loop or by the graph's own
 * offsets, and a checked read would cost a branch per element in a loop over millions.
 */
import { countRetainers, essentialEdges, essentialEdgesCountingRetainers } from './essential-edges.js';
import { UINT32_OVERFLOW, type HeapGraph } from './graph.js';

/** flags: nothing retains the node. */
const ORPHAN = 1;
/** flags: the depth-first search reached the node over a retaining edge (not as a start of its own). */
const TREE_CHILD = 2;

/** The dominator tree of a heap graph, rooted at node 0. */
export interface DominatorTree {
  /** Immediate dominator of each node ordinal; the root is its own. */
  readonly idom: Uint32Array;
  /** Bytes freed if the node were freed: its self size plus everything it dominates. */
  readonly retainedSize: Float64Array;
  /**
   * Nodes the root cannot reach over retaining edges (only weakly held, or cycles held by
   * nothing). As in DevTools they hang under the root, so the root retains the whole heap;
   * unlike DevTools, their edges into the live heap do not change its dominators.
   */
  readonly unreachableCount: number;
}

/**
 * Immediate dominators and retained sizes, by SEMI-NCA (Georgiadis' variant of Lengauer–Tarjan:
 * semidominators with path compression, then each idom as the nearest common ancestor of the
 * DFS parent and the semidominator) over typed arrays: about 30 bytes per node and 4 per
 * retaining edge, no per-node objects. Only retaining edges count; see {@link essentialEdges}
 * for what is skipped. Pass `essential` only to use other marks than those.
 */
export function computeDominators(graph: HeapGraph, essential?: Uint8Array): DominatorTree {
  const n = graph.nodeCount;
  const { edges, firstEdge } = graph;
  const ef = graph.meta.edgeFieldCount;
  const toOffset = graph.meta.edgeToNodeOffset;

  // Retainers of each node (by ordinal), as one flat list: node o owns preds[predStart[o] … predStart[o+1]).
  // The counts come with the marks, are summed to range ends, and the depth-first search below
  // fills each range back to front as it meets the edges: of the five passes over all edges this
  // took (marks, count, fill, search, BFS), three are left. The search files no tree edge (the DFS
  // parent stands for it, see below): a third of all retaining edges on a 129 MiB snapshot, so a
  // third fewer random writes and reads. A node reached over one (TREE_CHILD) keeps that slot
  // empty: it is the first edge to the node the search meets, so the last slot of the range.
  // predStart and the DFS cursor share one buffer, which holds the retained sizes at the end.
  const size = n + 1;
  const lists = new ArrayBuffer(8 * size);
  const predStart = new Uint32Array(lists, 0, size);
  let keep: Uint8Array;
  if (essential) {
    keep = essential;
    countRetainers(graph, keep, predStart);
  } else keep = essentialEdgesCountingRetainers(graph, predStart);
  // ORPHAN: nothing retains it, the first kind of node the search starts from after the root (see below).
  const flags = new Uint8Array(n + 1);
  for (let o = 0, sum = 0; o < n; o++) {
    const c = predStart[o] as number;
    if (c === 0) flags[o] = ORPHAN;
    predStart[o] = sum += c;
  }
  predStart[n] = predStart[n - 1] as number;
  const preds = new Uint32Array(predStart[n] as number);

  // From here on vertices are named by their depth-first (preorder) number, 1 for the root, so that
  // 0 can mean "none" and the arrays are read in order; preds hold numbers, not ordinals.
  const number = new Uint32Array(size); // node ordinal → its number, 0 before it is reached; later semi
  const vertex = new Uint32Array(size); // number → node ordinal
  const parent = new Uint32Array(size); // number → DFS parent's number; later the idom's number
  const cursor = new Uint32Array(lists, 4 * size, size); // number → next edge to try; later the compression stack
  let count = 0;

  // Iterative DFS (heap graphs are far deeper than the call stack) that also files every retaining
  // edge under its target: each edge of each node is looked at exactly once.
  const dfs = (start: number, startParent: number): void => {
    let v = start;
    let pv = ++count;
    number[v] = pv;
    vertex[pv] = v;
    parent[pv] = startParent;
    let e = firstEdge[v] as number;
    let end = firstEdge[v + 1] as number;
    for (;;) {
      if (e < end) {
        const at = e++;
        if (!keep[at]) continue;
        const w = edges[at * ef + toOffset] as number;
        if (number[w] !== 0) {
          preds[--(predStart[w] as number)] = pv;
          continue;
        }
        // A tree edge: not filed, and its slot is left empty.
        (predStart[w] as number)--;
        flags[w] = TREE_CHILD;
        cursor[pv] = e;
        const pw = ++count;
        number[w] = pw;
        vertex[pw] = w;
        parent[pw] = pv;
        v = w;
        pv = pw;
        e = firstEdge[w] as number;
        end = firstEdge[w + 1] as number;
        continue;
      }
      if (v === start) return;
      pv = parent[pv] as number;
      v = vertex[pv] as number;
      e = cursor[pv] as number;
      end = firstEdge[v + 1] as number;
    }
  };

  const root = 1;
  dfs(0, 0);
  const reached = count;
  // Like DevTools: first the nodes nothing retains (weakly held), then what is left (cycles). Each
  // hangs under the root as if by an extra edge root → node, which is its DFS parent link.
  for (const onlyOrphans of [true, false]) {
    for (let o = 0; o < n && count < n; o++) {
      if (number[o] !== 0 || (onlyOrphans && flags[o] !== ORPHAN)) continue;
      dfs(o, root);
    }
  }

  // Semidominators, in reverse preorder. label[x] is the smallest semi on x's compressed forest
  // path (a value, not a vertex: SEMI-NCA needs no more); a vertex not yet linked is its own semi.
  const semi = number; // number[] is no longer read: its buffer holds semi
  const shared = new ArrayBuffer(8 * size);
  const label = new Uint32Array(shared, 0, size);
  const ancestor = new Uint32Array(shared, 4 * size, size);
  for (let i = 0; i < size; i++) label[i] = i;
  const stack = cursor;
  const evaluate = (v: number): number => {
    let sp = 0;
    let x = v;
    while (ancestor[ancestor[x] as number] !== 0) {
      stack[sp++] = x;
      x = ancestor[x] as number;
    }
    while (sp > 0) {
      const y = stack[--sp] as number;
      const a = ancestor[y] as number;
      if ((label[a] as number) < (label[y] as number)) label[y] = label[a] as number;
      ancestor[y] = ancestor[a] as number;
    }
    return label[v] as number;
  };
  for (let i = count; i >= 2; i--) {
    const w = vertex[i] as number;
    // The DFS parent is a retainer (or the root's extra edge), so semi starts from it.
    let s = parent[i] as number;
    const wLive = i <= reached;
    // The range's last slot is empty when the node was reached over a tree edge.
    const pEnd = (predStart[w + 1] as number) - (flags[w] === TREE_CHILD ? 1 : 0);
    for (let p = predStart[w] as number; p < pEnd; p++) {
      const v = preds[p] as number;
      // Not linked yet, so its own number. Earlier numbers are the only ones worth a look.
      if (v < i) {
        if (v < s) s = v;
        continue;
      }
      // Unlike DevTools, garbage does not retain: edges from unreachable nodes into the live heap are ignored.
      if (wLive && v > reached) continue;
      const u = evaluate(v);
      if (u < s) s = u;
    }
    semi[i] = s;
    label[i] = s;
    ancestor[i] = parent[i] as number;
  }
  // Each idom is the nearest common ancestor of the DFS parent and the semidominator: walk up the
  // (already final) idoms of the parent until at or above the semidominator. In place over parent.
  const idomNumber = parent;
  for (let i = 2; i <= count; i++) {
    const s = semi[i] as number;
    let d = idomNumber[i] as number;
    while (d > s) d = idomNumber[d] as number;
    idomNumber[i] = d;
  }

  // Retained sizes summed by DFS number, in label's and ancestor's buffer: the vertices' self sizes
  // are read once each, and a dominator has a smaller number than what it dominates (it is a DFS
  // ancestor), so one pass from the highest number down adds every subtree into its root.
  const byNumber = new Float64Array(shared, 0, size);
  const { nodes } = graph;
  const nf = graph.meta.nodeFieldCount;
  const sizeOffset = graph.meta.nodeSelfSizeOffset;
  for (let i = 1; i <= count; i++) {
    const o = vertex[i] as number;
    const v = nodes[o * nf + sizeOffset] as number;
    byNumber[i] = v === UINT32_OVERFLOW ? graph.nodeSelfSize(o) : v;
  }
  for (let i = count; i >= 2; i--) (byNumber[idomNumber[i] as number] as number) += byNumber[i] as number;
  // Back to ordinals, in one pass: idom takes over semi's buffer, retainedSize the lists' (both free now).
  const idom = semi.subarray(0, n);
  const retainedSize = new Float64Array(lists, 0, n);
  idom[0] = 0;
  retainedSize[0] = byNumber[1] as number;
  for (let i = 2; i <= count; i++) {
    const o = vertex[i] as number;
    idom[o] = vertex[idomNumber[i] as number] as number;
    retainedSize[o] = byNumber[i] as number;
  }
  return { idom, retainedSize, unreachableCount: n - reached };
}

/** Children of each node in the dominator tree, as one flat list. */
export interface DominatedNodes {
  /** children[first[o] … first[o+1]) are the nodes node o immediately dominates. */
  readonly first: Uint32Array;
  readonly children: Uint32Array;
}

/** Turns the idom array around, for walks from the root down. */
export function dominatedNodes(tree: DominatorTree): DominatedNodes {
  const { idom } = tree;
  const n = idom.length;
  // Counted into first[parent + 1], summed to range ends, filled back to front (see computeDominators).
  const first = new Uint32Array(n + 1);
  for (let o = 1; o < n; o++) (first[(idom[o] as number) + 1] as number)++;
  for (let o = 0; o < n; o++) (first[o + 1] as number) += first[o] as number;
  const children = new Uint32Array(first[n] as number);
  for (let o = n - 1; o >= 1; o--) children[--(first[(idom[o] as number) + 1] as number)] = o;
  first.copyWithin(0, 1);
  first[n] = children.length;
  return { first, children };
}
