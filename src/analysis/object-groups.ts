/**
 * Object evidence for the verdict: counts every object group (as DevTools' Summary groups
 * them) in each heap snapshot of a process under test, and for the groups that grow, the
 * most common retainer path of their new objects. Parses one snapshot at a time and keeps
 * only the count tables, the first snapshot's ids and the last graph.
 */
import { join } from 'node:path';
import {
  commonRetainerPath,
  countGroups,
  groupNodes,
  parseSnapshotFile,
  shortestPathTree,
  sortedNodeIds,
  type HeapGraph,
} from '../heap/index.js';
import { RUN_GROUPS_WITH_PATHS } from '../constants.js';
import { fallbackShortPath } from './headline.js';
import type { SnapshotRecord } from '../model/sample.js';
import { OBJECT_MIN_SNAPSHOTS } from '../verdict/thresholds.js';
import type { ObjectGroupSeries } from '../verdict/types.js';


export interface ObjectAnalysis {
  groups: ObjectGroupSeries[];
  warnings: string[];
  /** Time spent parsing and analysing, ms. */
  ms: number;
}

interface Column {
  counts: number[];
  selfSizes: number[];
}

export async function analyzeObjectGroups(dir: string, snapshots: SnapshotRecord[]): Promise<ObjectAnalysis> {
  const started = performance.now();
  // Fewer snapshots than the object-growth rule needs in its window: it could never judge them.
  if (snapshots.length < OBJECT_MIN_SNAPSHOTS) return { groups: [], warnings: [], ms: 0 };
  const columns = new Map<string, Column>();
  let firstIds: Uint32Array | null = null;
  let lastGraph: HeapGraph | null = null;
  try {
    for (const [i, snapshot] of snapshots.entries()) {
      const graph = await parseSnapshotFile(join(dir, snapshot.file));
      for (const group of countGroups(graph)) {
        let column = columns.get(group.name);
        if (!column) {
          column = { counts: new Array<number>(snapshots.length).fill(0), selfSizes: new Array<number>(snapshots.length).fill(0) };
          columns.set(group.name, column);
        }
        column.counts[i] = group.count;
        column.selfSizes[i] = group.selfSize;
      }
      if (i === 0) firstIds = sortedNodeIds(graph);
      if (i === snapshots.length - 1) lastGraph = graph;
    }
  } catch (error) {
    // Optional evidence fails soft: the verdict still has trends and handles.
    const why = error instanceof Error ? error.message : String(error);
    return { groups: [], warnings: [`object evidence skipped: ${why}`], ms: performance.now() - started };
  }

  const last = snapshots.length - 1;
  const rising: ObjectGroupSeries[] = [];
  for (const [name, column] of columns) {
    if ((column.counts[last] ?? 0) > (column.counts[0] ?? 0)) rising.push({ name, counts: column.counts, selfSizes: column.selfSizes });
  }
  rising.sort((a, b) => (b.counts[last] ?? 0) - (b.counts[0] ?? 0) - ((a.counts[last] ?? 0) - (a.counts[0] ?? 0)));

  if (lastGraph && firstIds) {
    const groups = groupNodes(lastGraph);
    const tree = shortestPathTree(lastGraph);
    for (const series of rising.slice(0, RUN_GROUPS_WITH_PATHS)) {
      const path = commonRetainerPath(lastGraph, series.name, { sinceIds: firstIds, tree, groups });
      if (!path) continue;
      series.retainerPath = path.example.map((step) => step.label);
      const short = path.short ?? fallbackShortPath(series.retainerPath);
      if (short) series.retainerShort = short;
    }
  }
  return { groups: rising, warnings: [], ms: performance.now() - started };
}
