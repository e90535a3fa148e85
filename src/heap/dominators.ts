/**
 * The dominator tree and retained sizes of a heap graph (Lengauer–Tarjan over typed arrays).
 * Typed-array reads are `as number`: each index is bounded by its loop or by the graph's own
 * offsets, and a checked read would cost a branch per element in a loop over millions.
 */
import { essentialEdges } from './essential-edges.js';
import type { HeapGraph } from './graph.js';

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
 * Immediate dominators and retained sizes, by Lengauer–Tarjan (simple version, with path
 * compression) over typed arrays: about 50 bytes per node and 4 per retaining edge, no
 * per-node objects. Only retaining edges count; see {@link essentialEdges} for what is skipped.
 */
export function computeDominators(graph: HeapGraph, essential: Uint8Array = essentialEdges(graph)): DominatorTree {
  const n = graph.nodeCount;
  const { edges, firstEdge } = graph;
  const ef = graph.meta.edgeFieldCount;
  const toOffset = graph.meta.edgeToNodeOffset;

  // Retainers of each node (by ordinal), as one flat list: preds[predFirst[o] … predFirst[o+1]).
  // Counted into predFirst[to + 1], summed to range ends, then filled back to front, which leaves
  // each range's start in place: no second offsets array.
  const predFirst = new Uint32Array(n + 1);
  for (let e = 0; e < graph.edgeCount; e++) if (essential[e]) (predFirst[(edges[e * ef + toOffset] as number) + 1] as number)++;
  for (let o = 0; o < n; o++) (predFirst[o + 1] as number) += predFirst[o] as number;
  const preds = new Uint32Array(predFirst[n] as number);
  for (let o = n - 1; o >= 0; o--) {
    for (let e = (firstEdge[o + 1] as number) - 1; e >= (firstEdge[o] as number); e--) {
      if (essential[e]) preds[--(predFirst[(edges[e * ef + toOffset] as number) + 1] as number)] = o;
    }
  }
  // predFirst[to + 1] now holds the start of `to`'s range; shift back so predFirst[o] does.
  predFirst.copyWithin(0, 1);
  predFirst[n] = preds.length;

  // Vertices are numbered ordinal + 1 so that 0 can mean "none", as in the paper.
  const size = n + 1;
  // label and ancestor share one buffer that becomes retainedSize once they are done: the
  // dominator scratch is the peak of `inspect` (about 60 bytes per node), so every array counts.
  const shared = new ArrayBuffer(8 * size);
  const label = new Uint32Array(shared, 0, size);
  const ancestor = new Uint32Array(shared, 4 * size, size);
  const semi = new Uint32Array(size);
  const vertex = new Uint32Array(size);
  const parent = new Uint32Array(size);
  const dom = new Uint32Array(size);
  const rootChild = new Uint8Array(size); // extra edge root → v for nodes the root cannot reach
  const late = new Uint8Array(size); // numbered after the DFS from the root: unreachable
  const cursor = new Uint32Array(size); // DFS: next edge to try per vertex; later reused as a stack
  let count = 0;

  const visit = (v: number): void => {
    semi[v] = ++count;
    vertex[count] = v;
    label[v] = v;
    cursor[v] = firstEdge[v - 1] as number;
  };
  // Iterative DFS: heap graphs are far deeper than the call stack.
  const dfs = (start: number): void => {
    visit(start);
    let v = start;
    for (;;) {
      const end = firstEdge[v] as number; // = firstEdge[(v - 1) + 1]
      let next = 0;
      for (let e = cursor[v] as number; e < end; e++) {
        if (!essential[e]) continue;
        const w = (edges[e * ef + toOffset] as number) + 1;
        if (semi[w] === 0) {
          cursor[v] = e + 1;
          parent[w] = v;
          visit(w);
          next = w;
          break;
        }
      }
      if (next !== 0) {
        v = next;
        continue;
      }
      cursor[v] = end;
      if (v === start) return;
      v = parent[v] as number;
    }
  };

  const root = 1;
  dfs(root);
  const reached = count;
  for (let v = 1; v <= n; v++) late[v] = semi[v] === 0 ? 1 : 0;
  // Like DevTools: first the nodes nothing retains (weakly held), then what is left (cycles).
  for (const onlyOrphans of [true, false]) {
    for (let v = 1; v <= n && count < n; v++) {
      if (semi[v] !== 0 || (onlyOrphans && predFirst[v - 1] !== predFirst[v])) continue;
      parent[v] = root;
      rootChild[v] = 1;
      dfs(v);
    }
  }

  const stack = cursor;
  const evaluate = (v: number): number => {
    if (ancestor[v] === 0) return v;
    let sp = 0;
    let x = v;
    while (ancestor[ancestor[x] as number] !== 0) {
      stack[sp++] = x;
      x = ancestor[x] as number;
    }
    while (sp > 0) {
      const y = stack[--sp] as number;
      const a = ancestor[y] as number;
      if ((semi[label[a] as number] as number) < (semi[label[y] as number] as number)) label[y] = label[a] as number;
      ancestor[y] = ancestor[a] as number;
    }
    return label[v] as number;
  };

  const bucketHead = new Uint32Array(size);
  const bucketNext = new Uint32Array(size);
  for (let i = count; i >= 2; i--) {
    const w = vertex[i] as number;
    let s = semi[w] as number;
    const wLate = late[w];
    for (let p = predFirst[w - 1] as number; p < (predFirst[w] as number); p++) {
      const v = (preds[p] as number) + 1;
      // Unlike DevTools, garbage does not retain: edges from unreachable nodes into the live heap are ignored.
      if (late[v] && !wLate) continue;
      const u = evaluate(v);
      if ((semi[u] as number) < s) s = semi[u] as number;
    }
    if (rootChild[w]) s = 1;
    semi[w] = s;
    const sv = vertex[s] as number;
    bucketNext[w] = bucketHead[sv] as number;
    bucketHead[sv] = w;
    const pw = parent[w] as number;
    ancestor[w] = pw;
    for (let v = bucketHead[pw] as number; v !== 0; v = bucketNext[v] as number) {
      const u = evaluate(v);
      dom[v] = (semi[u] as number) < (semi[v] as number) ? u : pw;
    }
    bucketHead[pw] = 0;
  }
  for (let i = 2; i <= count; i++) {
    const w = vertex[i] as number;
    if (dom[w] !== vertex[semi[w] as number]) dom[w] = dom[dom[w] as number] as number;
  }
  dom[root] = root;

  // idom is dom shifted to ordinals, in place; retainedSize takes over label's and ancestor's buffer.
  for (let v = 1; v <= n; v++) dom[v] = (dom[v] as number) - 1;
  const idom = dom.subarray(1);
  const retainedSize = new Float64Array(shared, 0, n);
  for (let o = 0; o < n; o++) retainedSize[o] = graph.nodeSelfSize(o);
  // A dominator is a DFS ancestor, so it has a smaller DFS number: sum children into parents bottom-up.
  for (let i = count; i >= 2; i--) {
    const o = (vertex[i] as number) - 1;
    (retainedSize[idom[o] as number] as number) += retainedSize[o] as number;
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
