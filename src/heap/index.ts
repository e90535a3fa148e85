/**
 * V8 heap snapshot analysis: parse `.heapsnapshot` files, group objects by class as
 * DevTools' Summary does, compare snapshots, find groups that grow per cycle, and say
 * what retains them. Functions return plain data; `format*` turn it into text.
 */
export { parseSnapshotFile, parseSnapshotChunks, READ_CHUNK_BYTES, type ParseOptions } from './parse.js';
export { HeapGraph, UINT32_OVERFLOW, type HeapMeta, type RawSnapshot, type EdgeTypeName } from './graph.js';
export { className, isCounted, groupNodes, type NodeGroups } from './class-name.js';
export { essentialEdges } from './essential-edges.js';
export { computeDominators, dominatedNodes, type DominatorTree, type DominatedNodes } from './dominators.js';
export { summarize, countGroups, type GroupSummary, type GroupCount } from './summary.js';
export { idIndex, sortedNodeIds, hasId, type IdIndex } from './id-index.js';
export { compareSnapshots, objectTable, type GroupDelta, type ObjectTable } from './compare.js';
export {
  growingGroups,
  growingGroupsFromTables,
  MIN_GROWTH_SNAPSHOTS,
  type CountTable,
  type GrowthOptions,
  type GroupGrowth,
} from './growth.js';
export {
  shortestPathTree,
  retainerPathFor,
  formatRetainerPath,
  commonRetainerPath,
  NO_PARENT,
  DEFAULT_PATH_SAMPLE,
  type PathTree,
  type RetainerStep,
  type CommonPath,
  type CommonPathOptions,
} from './retainers.js';
export {
  formatInspect,
  formatDiff,
  formatGrowth,
  inspectJson,
  diffJson,
  DEFAULT_TOP_GROUPS,
  type InspectJson,
  type DiffJson,
} from './format.js';
export { diffNotes, newStringNodes } from './diff-notes.js';
export { largestObjects, DEFAULT_LARGEST_OBJECTS, type LargestObject } from './largest-objects.js';
