import { groupNodes } from './class-name.js';
import type { HeapGraph } from './graph.js';
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
 * Compares two snapshots of the same process like DevTools' Comparison view: objects are
 * matched by V8 object id; an object whose class name changed counts as deleted from its
 * old group and new in its new one. Only counted nodes take part (see {@link isCounted}).
 * Groups without new or deleted objects are left out. Sorted by # Delta, then size delta,
 * largest first.
 */
export function compareSnapshots(before: HeapGraph, after: HeapGraph): GroupDelta[] {
  const ga = groupNodes(before);
  const gb = groupNodes(after);
  const ia = idIndex(before);
  const ib = idIndex(after);
  const deleted = new Float64Array(ga.names.length);
  const freed = new Float64Array(ga.names.length);
  const added = new Float64Array(gb.names.length);
  const allocated = new Float64Array(gb.names.length);
  const drop = (ordinal: number): void => {
    const g = ga.groupOf[ordinal]!;
    if (g < 0) return;
    deleted[g]!++;
    freed[g]! += before.nodeSelfSize(ordinal);
  };
  const add = (ordinal: number): void => {
    const g = gb.groupOf[ordinal]!;
    if (g < 0) return;
    added[g]!++;
    allocated[g]! += after.nodeSelfSize(ordinal);
  };
  let i = 0;
  let j = 0;
  while (i < ia.ids.length || j < ib.ids.length) {
    const idA = i < ia.ids.length ? ia.ids[i]! : Infinity;
    const idB = j < ib.ids.length ? ib.ids[j]! : Infinity;
    if (idA < idB) drop(ia.ordinals[i++]!);
    else if (idB < idA) add(ib.ordinals[j++]!);
    else {
      const oa = ia.ordinals[i++]!;
      const ob = ib.ordinals[j++]!;
      const nameA = ga.groupOf[oa]! < 0 ? undefined : ga.names[ga.groupOf[oa]!];
      const nameB = gb.groupOf[ob]! < 0 ? undefined : gb.names[gb.groupOf[ob]!];
      if (nameA !== nameB) {
        drop(oa);
        add(ob);
      }
    }
  }
  const rows = new Map<string, { newCount: number; deletedCount: number; allocatedSize: number; freedSize: number }>();
  const row = (name: string) => {
    let r = rows.get(name);
    if (!r) rows.set(name, (r = { newCount: 0, deletedCount: 0, allocatedSize: 0, freedSize: 0 }));
    return r;
  };
  ga.names.forEach((name, g) => {
    if (deleted[g]! > 0) Object.assign(row(name), { deletedCount: deleted[g]!, freedSize: freed[g]! });
  });
  gb.names.forEach((name, g) => {
    if (added[g]! > 0) Object.assign(row(name), { newCount: added[g]!, allocatedSize: allocated[g]! });
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
