/** DevTools' class names for heap nodes, and every node's group (the rows of Summary and Comparison). */
import { UINT32_OVERFLOW, type HeapGraph } from './graph.js';

/**
 * Class names as DevTools' Summary view shows them (its `className()`): objects and native
 * objects by their constructor name, `hidden` as `(system)`, `code` as `(compiled code)`,
 * every other type as `(type)`: `(closure)`, `(array)`, `(regexp)`, `(number)`, `(symbol)`,
 * `(bigint)`, `(object shape)`, ….
 *
 * Differences from DevTools, on purpose:
 * - `concatenated string` and `sliced string` join `(string)` (DevTools lists them apart):
 *   how V8 happens to represent a string is noise when looking for a leak.
 * - Objects are grouped by name only. Recent DevTools also splits by the constructor's source
 *   location and names plain objects by their properties (`{a, b}`); two classes with the
 *   same name in different files therefore share a row here.
 */
export function className(graph: HeapGraph, i: number): string {
  const type = graph.nodeTypeName(i);
  switch (type) {
    case 'object':
    case 'native':
      return graph.nodeName(i) || `(anonymous ${type})`;
    case 'hidden':
      return '(system)';
    case 'code':
      return '(compiled code)';
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'heap number':
      return '(number)';
    default:
      return `(${type})`;
  }
}

/**
 * Whether a node appears in the Summary: like DevTools, nodes of size 0 are left out
 * (roots, references to read-only space); `synthetic` nodes (the root, `(GC roots)` and
 * other bookkeeping) are left out too.
 */
export function isCounted(graph: HeapGraph, i: number): boolean {
  return graph.nodeTypeIndex(i) !== graph.nodeType['synthetic'] && graph.nodeSelfSize(i) > 0;
}

/** Every node's group, as small integers. */
export interface NodeGroups {
  /** Group index of each node ordinal, -1 for nodes that are not counted (see {@link isCounted}). */
  readonly groupOf: Int32Array;
  /** Class name of each group index. */
  readonly names: readonly string[];
  /** Members of each group. */
  readonly counts: Float64Array;
  /** Sum of the members' self sizes of each group, in bytes. */
  readonly selfSizes: Float64Array;
}

/**
 * Assigns each counted node to its class-name group in one pass, without a string per node, and
 * counts the groups' members and self sizes on the way (it reads each self size anyway; a later
 * pass would read the nodes array again, a count in the dominator-tree walk reads it at random).
 * The pass reads the nodes array directly and finds a node's group in a typed array, by type or
 * by constructor name: it runs once per node (1.6 M on a 129 MiB snapshot), where accessors and
 * a Map lookup per node cost about twice the time.
 */
export function groupNodes(graph: HeapGraph): NodeGroups {
  const n = graph.nodeCount;
  const groupOf = new Int32Array(n);
  const names: string[] = [];
  const byName = new Map<string, number>();
  const object = graph.nodeType['object'] ?? -1;
  const native = graph.nodeType['native'] ?? -1;
  const synthetic = graph.nodeType['synthetic'] ?? -1;
  // objects: strings index → group; natives (few) in a Map; every other type: type index → group
  const byObjectName = new Int32Array(graph.strings.length).fill(-1);
  const byNativeName = new Map<number, number>();
  const byType = new Int32Array(graph.meta.nodeTypes.length).fill(-1);
  const groupFor = (i: number): number => {
    const name = className(graph, i);
    let g = byName.get(name);
    if (g === undefined) {
      g = names.length;
      names.push(name);
      byName.set(name, g);
    }
    return g;
  };
  const { nodes, meta } = graph;
  const nf = meta.nodeFieldCount;
  const typeOffset = meta.nodeTypeOffset;
  const nameOffset = meta.nodeNameOffset;
  const sizeOffset = meta.nodeSelfSizeOffset;
  // Groups are found as the pass goes: the sums grow with them.
  let counts = new Float64Array(1024);
  let selfSizes = new Float64Array(1024);
  for (let i = 0, at = 0; i < n; i++, at += nf) {
    const t = nodes[at + typeOffset] as number;
    // isCounted, inline: a self size too large for 32 bits (UINT32_OVERFLOW in the slot) is above 0 too.
    if (t === synthetic || nodes[at + sizeOffset] === 0) {
      groupOf[i] = -1;
      continue;
    }
    let g: number;
    if (t === object) {
      const k = nodes[at + nameOffset] as number;
      g = byObjectName[k] ?? -1;
      if (g < 0) g = byObjectName[k] = groupFor(i);
    } else if (t === native) {
      const k = nodes[at + nameOffset] as number;
      g = byNativeName.get(k) ?? -1;
      if (g < 0) byNativeName.set(k, (g = groupFor(i)));
    } else {
      // A type the snapshot's meta does not list has no slot: its name is looked up each time.
      g = t < byType.length ? (byType[t] as number) : groupFor(i);
      if (g < 0) g = byType[t] = groupFor(i);
    }
    groupOf[i] = g;
    if (g >= counts.length) {
      counts = grown(counts);
      selfSizes = grown(selfSizes);
    }
    const v = nodes[at + sizeOffset] as number;
    (counts[g] as number)++;
    (selfSizes[g] as number) += v === UINT32_OVERFLOW ? graph.nodeSelfSize(i) : v;
  }
  return { groupOf, names, counts: counts.slice(0, names.length), selfSizes: selfSizes.slice(0, names.length) };
}

/** A copy twice as long, for sums that grow with the groups found. */
function grown(sums: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(sums.length * 2);
  bigger.set(sums);
  return bigger;
}
