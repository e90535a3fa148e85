/**
 * DevTools' Comparison view: objects matched by V8 id between two snapshots, counted by group.
 * Typed-array reads are `as number`: each index is bounded by its loop or by the graph's own
 * offsets, and a checked read would cost a branch per element in a loop over millions.
 */
import { groupNodes, type NodeGroups } from './class-name.js';
import { UINT32_OVERFLOW, type HeapGraph } from './graph.js';
import { idIndex } from './id-index.js';

/** One row of the Comparison view: what changed in a class-name group between two snapshots. */
export interface GroupDelta {
  readonly name: string;
  /** Objects in the later snapshot whose id the earlier one does not have (DevTools' "# New"). */
  readonly newCount: number;
  /** Objects of the earlier snapshot gone from the later one ("# Deleted"). */
  readonly deletedCount: number;
  /** newCount − deletedCount ("# Delta"). */
  readonly countDelta: number;
  /** Self size of the new objects, bytes ("Alloc. Size"). */
  readonly allocatedSize: number;
  /** Self size of the deleted objects, bytes ("Freed Size"). */
  readonly freedSize: number;
  /** allocatedSize − freedSize ("Size Delta"). */
  readonly sizeDelta: number;
}

/**
 * What the Comparison view needs of one snapshot: its objects in id order, each with its group
 * and self size — 16 bytes a node, against about 100 for the whole graph, so `diff` can let go
 * of the earlier snapshot's graph as soon as it is read.
 */
export interface ObjectTable {
  /** Where the snapshot came from (a file path), for messages. */
  readonly source: string;
  /** Group names; groupOf indexes them. */
  readonly names: readonly string[];
  /** All node ids, ascending. */
  readonly ids: Uint32Array;
  /** groupOf[k]: group of the node with id ids[k]; -1 when the node is not counted. */
  readonly groupOf: Int32Array;
  /** selfSize[k]: self size of the node with id ids[k], bytes. */
  readonly selfSize: Float64Array;
}

/** `groups`: the graph's groups when the caller has them already (one pass over the nodes fewer). */
export function objectTable(graph: HeapGraph, groups: NodeGroups = groupNodes(graph)): ObjectTable {
  const { ids, ordinals } = idIndex(graph);
  const groupOf = new Int32Array(ids.length);
  const selfSize = new Float64Array(ids.length);
  // Self sizes read from the nodes array: this runs once per node, the accessor would look up meta each time.
  const { nodes } = graph;
  const nf = graph.meta.nodeFieldCount;
  const sizeOffset = graph.meta.nodeSelfSizeOffset;
  for (let k = 0; k < ids.length; k++) {
    const o = ordinals[k] as number;
    groupOf[k] = groups.groupOf[o] as number;
    const v = nodes[o * nf + sizeOffset] as number;
    selfSize[k] = v === UINT32_OVERFLOW ? graph.nodeSelfSize(o) : v;
  }
  return { source: graph.source, names: groups.names, ids, groupOf, selfSize };
}

/**
 * Compares two snapshots of the same process like DevTools' Comparison view: objects are
 * matched by V8 object id; an object whose class name changed counts as deleted from its
 * old group and new in its new one. Only counted nodes take part (see {@link isCounted}).
 * Groups without new or deleted objects are left out. Sorted by # Delta, then size delta,
 * largest first.
 */
export function compareSnapshots(earlier: HeapGraph | ObjectTable, later: HeapGraph | ObjectTable): GroupDelta[] {
  const a = 'ids' in earlier ? earlier : objectTable(earlier);
  const b = 'ids' in later ? later : objectTable(later);
  const deleted = new Float64Array(a.names.length);
  const freed = new Float64Array(a.names.length);
  const added = new Float64Array(b.names.length);
  const allocated = new Float64Array(b.names.length);
  const drop = (k: number): void => {
    const g = a.groupOf[k] as number;
    if (g < 0) return;
    (deleted[g] as number)++;
    (freed[g] as number) += a.selfSize[k] as number;
  };
  const add = (k: number): void => {
    const g = b.groupOf[k] as number;
    if (g < 0) return;
    (added[g] as number)++;
    (allocated[g] as number) += b.selfSize[k] as number;
  };
  let i = 0;
  let j = 0;
  while (i < a.ids.length || j < b.ids.length) {
    const idA = i < a.ids.length ? (a.ids[i] as number) : Infinity;
    const idB = j < b.ids.length ? (b.ids[j] as number) : Infinity;
    if (idA < idB) drop(i++);
    else if (idB < idA) add(j++);
    else {
      const ga = a.groupOf[i] as number;
      const gb = b.groupOf[j] as number;
      const nameA = ga < 0 ? undefined : a.names[ga];
      const nameB = gb < 0 ? undefined : b.names[gb];
      if (nameA !== nameB) {
        drop(i);
        add(j);
      }
      i++;
      j++;
    }
  }
  const rows = new Map<string, { newCount: number; deletedCount: number; allocatedSize: number; freedSize: number }>();
  const row = (name: string) => {
    let r = rows.get(name);
    if (!r) rows.set(name, (r = { newCount: 0, deletedCount: 0, allocatedSize: 0, freedSize: 0 }));
    return r;
  };
  a.names.forEach((name, g) => {
    const deletedCount = deleted[g] ?? 0;
    if (deletedCount > 0) Object.assign(row(name), { deletedCount, freedSize: freed[g] ?? 0 });
  });
  b.names.forEach((name, g) => {
    const newCount = added[g] ?? 0;
    if (newCount > 0) Object.assign(row(name), { newCount, allocatedSize: allocated[g] ?? 0 });
  });
  return [...rows]
    .map(([name, r]) => ({
      name,
      ...r,
      countDelta: r.newCount - r.deletedCount,
      sizeDelta: r.allocatedSize - r.freedSize,
    }))
    .sort((x, y) => y.countDelta - x.countDelta || y.sizeDelta - x.sizeDelta || x.name.localeCompare(y.name));
}
