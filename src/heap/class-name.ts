/** DevTools' class names for heap nodes, and every node's group (the rows of Summary and Comparison). */
import type { HeapGraph } from './graph.js';

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
}

/** Assigns each counted node to its class-name group in one pass, without a string per node. */
export function groupNodes(graph: HeapGraph): NodeGroups {
  const groupOf = new Int32Array(graph.nodeCount);
  const names: string[] = [];
  const byName = new Map<string, number>();
  const byNameIndex = new Map<number, number>(); // objects and natives: strings index → group
  const byType = new Map<number, number>(); // every other type: type index → group
  const object = graph.nodeType['object'] ?? -1;
  const native = graph.nodeType['native'] ?? -1;
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
  for (let i = 0; i < graph.nodeCount; i++) {
    if (!isCounted(graph, i)) {
      groupOf[i] = -1;
      continue;
    }
    const t = graph.nodeTypeIndex(i);
    const cache = t === object || t === native ? byNameIndex : byType;
    const k = cache === byType ? t : graph.nodeNameIndex(i) * 2 + (t === native ? 1 : 0);
    let g = cache.get(k);
    if (g === undefined) {
      g = groupFor(i);
      cache.set(k, g);
    }
    groupOf[i] = g;
  }
  return { groupOf, names };
}
