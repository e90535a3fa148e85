/**
 * Shortest retainer paths from the GC roots, and the path most new objects of a group share.
 * Typed-array reads are `as number`: each index is bounded by its loop or by the graph's own
 * offsets, and a checked read would cost a branch per element in a loop over millions.
 */
import { className, groupNodes, type NodeGroups } from './class-name.js';
import { essentialEdges } from './essential-edges.js';
import type { HeapGraph } from './graph.js';
import { hasId } from './id-index.js';
import { anchoredPath } from './path-anchor.js';

/** Marks "no parent" in a {@link PathTree}. */
export const NO_PARENT = 0xffffffff;
/** Property names shown in braces after the target object. */
const TARGET_PROPERTIES_SHOWN = 3;
/** Objects sampled per group by {@link commonRetainerPath}. */
export const DEFAULT_PATH_SAMPLE = 50;

/** Shortest retaining paths from the root to every node, as parent links. */
export interface PathTree {
  /** Parent node ordinal of each node on its shortest path from the root; NO_PARENT for the root and unreachable nodes. */
  readonly parent: Uint32Array;
  /** Edge ordinal from the parent. */
  readonly parentEdge: Uint32Array;
}

/** One hop of a retainer path, from the GC roots towards the object. */
export interface RetainerStep {
  /** Node ordinal; -1 for the "(unreachable from GC roots)" placeholder. */
  readonly nodeIndex: number;
  readonly nodeId: number;
  readonly nodeType: string;
  readonly className: string;
  /** Type of the edge from the previous step (`property`, `element`, `context`, `internal`, …); null on the first step. */
  readonly edgeType: string | null;
  /** Property or variable name, or `[3]` for elements; null on the first step. */
  readonly edgeName: string | null;
  /** How the step reads, e.g. `seen: Map`, `table`, `[3]: LeakyRecord {at, attempt}`. */
  readonly label: string;
}

/**
 * Breadth-first search from the root over retaining edges (the same ones the dominator
 * tree uses, see {@link essentialEdges}). User roots (the root's shortcut edges to global
 * objects) go first, as in DevTools, so equal-length paths prefer them.
 */
export function shortestPathTree(graph: HeapGraph, essential: Uint8Array = essentialEdges(graph)): PathTree {
  const n = graph.nodeCount;
  const parent = new Uint32Array(n).fill(NO_PARENT);
  const parentEdge = new Uint32Array(n).fill(NO_PARENT);
  const queue = new Uint32Array(n);
  const seen = new Uint8Array(n);
  // The graph's arrays read directly, not through its accessors: the search visits every edge.
  const { edges, firstEdge } = graph;
  const ef = graph.meta.edgeFieldCount;
  const toOffset = graph.meta.edgeToNodeOffset;
  let tail = 0;
  seen[0] = 1;
  const rootEnd = firstEdge[1] as number;
  for (const userRoots of [true, false]) {
    for (let e = 0; e < rootEnd; e++) {
      if (!essential[e] || (graph.edgeTypeIndex(e) === graph.edgeType.shortcut) !== userRoots) continue;
      const to = edges[e * ef + toOffset] as number;
      if (seen[to]) continue;
      seen[to] = 1;
      parent[to] = 0;
      parentEdge[to] = e;
      queue[tail++] = to;
    }
  }
  for (let head = 0; head < tail; head++) {
    const o = queue[head] as number;
    const end = firstEdge[o + 1] as number;
    for (let e = firstEdge[o] as number; e < end; e++) {
      if (!essential[e]) continue;
      const to = edges[e * ef + toOffset] as number;
      if (seen[to]) continue;
      seen[to] = 1;
      parent[to] = o;
      parentEdge[to] = e;
      queue[tail++] = to;
    }
  }
  return { parent, parentEdge };
}

/**
 * The shortest retainer path of a node, from the root's child down to the node itself.
 * An unreachable node gives a placeholder step (nodeIndex -1) followed by the node.
 */
export function retainerPathFor(graph: HeapGraph, nodeIndex: number, tree: PathTree = shortestPathTree(graph)): RetainerStep[] {
  const steps: RetainerStep[] = [];
  let o = nodeIndex;
  while (o !== 0 && o !== NO_PARENT) {
    const e = tree.parentEdge[o] as number;
    steps.push(step(graph, o, e === NO_PARENT ? undefined : e, o === nodeIndex));
    o = tree.parent[o] as number;
  }
  if (o === NO_PARENT) {
    steps.push({
      nodeIndex: -1,
      nodeId: 0,
      nodeType: 'synthetic',
      className: '(unreachable)',
      edgeType: null,
      edgeName: null,
      label: '(unreachable from GC roots)',
    });
  }
  if (nodeIndex === 0) steps.push(step(graph, 0, undefined, true));
  steps.reverse();
  const top = steps[0];
  // The first real step hangs off the invisible root: its edge name ("[1]") says nothing.
  if (top && top.nodeIndex > 0) steps[0] = step(graph, top.nodeIndex, undefined, steps.length === 1);
  return steps;
}

/** A path as a person reads it: `(GC roots) → (Stack roots) → system / Context → seen: Map → table → [7]: LeakyRecord {at, attempt}`. */
export function formatRetainerPath(steps: readonly RetainerStep[]): string {
  return steps.map((s) => s.label).join(' → ');
}

/** Node types printed with their class; other (V8-internal) nodes print as just the edge that leads through them. */
const SHOWN_TYPES = new Set(['object', 'native', 'closure', 'regexp', 'synthetic']);

function step(graph: HeapGraph, o: number, e: number | undefined, isTarget: boolean): RetainerStep {
  const nodeType = graph.nodeTypeName(o);
  const cls = className(graph, o);
  const edgeName = e === undefined ? null : edgeLabel(graph, e);
  let shown = nodeType === 'closure' && graph.nodeName(o) ? `${graph.nodeName(o)}()` : cls;
  if (nodeType === 'synthetic') shown = graph.nodeName(o) || '(root)';
  if (isTarget && nodeType === 'object') shown += targetProperties(graph, o);
  const showClass = isTarget || SHOWN_TYPES.has(nodeType);
  const label = edgeName === null ? shown : nodeType === 'synthetic' ? shown : showClass ? `${edgeName}: ${shown}` : edgeName;
  return {
    nodeIndex: o,
    nodeId: graph.nodeId(o),
    nodeType,
    className: cls,
    edgeType: e === undefined ? null : graph.edgeTypeName(e),
    edgeName,
    label,
  };
}

/** `[3]` for elements and numbered internal slots, the name otherwise. */
function edgeLabel(graph: HeapGraph, e: number): string {
  const name = graph.edgeName(e);
  return graph.edgeHasIndex(e) || /^\d+$/.test(name) ? `[${name}]` : name;
}

/** ` {at, attempt}`: the first few property names, so the reader recognises the object. */
function targetProperties(graph: HeapGraph, o: number): string {
  const names: string[] = [];
  let more = false;
  for (let e = graph.firstEdge[o] as number; e < (graph.firstEdge[o + 1] as number); e++) {
    if (graph.edgeTypeIndex(e) !== graph.edgeType.property) continue;
    const name = graph.edgeName(e);
    if (name === '__proto__' || name === 'constructor') continue;
    if (names.length === TARGET_PROPERTIES_SHOWN) {
      more = true;
      break;
    }
    names.push(name);
  }
  return names.length ? ` {${names.join(', ')}${more ? ', …' : ''}}` : '';
}

/** The most frequent retainer path among a sample of a group's objects. */
export interface CommonPath {
  readonly groupName: string;
  /** Objects of the group considered (those new since `sinceIds`, or all). */
  readonly candidates: number;
  /** How many of them were traced. */
  readonly sampled: number;
  /** The path with element indexes replaced by `[…]`, so paths through different slots match. */
  readonly shape: string;
  /** Sampled objects whose path has this shape. */
  readonly shapeCount: number;
  /** The first sampled path of that shape, in full. */
  readonly example: readonly RetainerStep[];
  /** The example from its module or the global object on (`ws/lib/permessage-deflate.js › zlibLimiter.jobs`), when it passes through one. */
  readonly short: string | null;
}

/** Options for {@link commonRetainerPath}. */
export interface CommonPathOptions {
  /** Ascending ids of an earlier snapshot ({@link sortedNodeIds}); objects with those ids are skipped. */
  readonly sinceIds?: Uint32Array;
  /** Objects to trace, spread evenly over the candidates. Default {@link DEFAULT_PATH_SAMPLE}. */
  readonly sampleSize?: number;
  /** Reuse between calls on the same graph. */
  readonly tree?: PathTree;
  readonly groups?: NodeGroups;
}

/**
 * Why a group's objects stay alive: traces a sample of the group's objects (the ones new
 * since an earlier snapshot, when `sinceIds` is given) and returns the most common path
 * shape, or undefined when the group has no such objects.
 */
export function commonRetainerPath(graph: HeapGraph, groupName: string, opts: CommonPathOptions = {}): CommonPath | undefined {
  const groups = opts.groups ?? groupNodes(graph);
  const g = groups.names.indexOf(groupName);
  if (g < 0) return undefined;
  const candidates: number[] = [];
  for (let o = 0; o < graph.nodeCount; o++) {
    if (groups.groupOf[o] === g && !(opts.sinceIds && hasId(opts.sinceIds, graph.nodeId(o)))) candidates.push(o);
  }
  if (candidates.length === 0) return undefined;
  const tree = opts.tree ?? shortestPathTree(graph);
  const stride = Math.max(1, Math.ceil(candidates.length / Math.max(1, opts.sampleSize ?? DEFAULT_PATH_SAMPLE)));
  const shapes = new Map<string, { count: number; example: RetainerStep[] }>();
  let sampled = 0;
  for (let k = 0; k < candidates.length; k += stride) {
    const candidate = candidates[k];
    if (candidate === undefined) break;
    sampled++;
    const path = retainerPathFor(graph, candidate, tree);
    const shape = formatRetainerPath(path).replace(/\[\d+\]/g, '[…]');
    const seen = shapes.get(shape);
    if (seen) seen.count++;
    else shapes.set(shape, { count: 1, example: path });
  }
  let best: [string, { count: number; example: RetainerStep[] }] | undefined;
  for (const entry of shapes) if (!best || entry[1].count > best[1].count) best = entry;
  const [shape, { count, example }] = best!;
  return { groupName, candidates: candidates.length, sampled, shape, shapeCount: count, example, short: anchoredPath(graph, example) };
}
