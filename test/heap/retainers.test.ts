import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupNodes } from '../../src/heap/class-name.js';
import type { HeapGraph } from '../../src/heap/graph.js';
import { sortedNodeIds } from '../../src/heap/id-index.js';
import { parseSnapshotFile } from '../../src/heap/parse.js';
import { commonRetainerPath, formatRetainerPath, retainerPathFor, shortestPathTree } from '../../src/heap/retainers.js';
import { snapshotDir, writeLeakSnapshots } from './snapshot-child.js';
import { parseTiny, type TinyNode } from './tiny-snapshot.js';

const hand: TinyNode[] = [
  {
    type: 'synthetic',
    name: '',
    edges: [
      { type: 'element', name: 1, to: 1 },
      { type: 'shortcut', name: 'global', to: 2 },
    ],
  },
  { type: 'synthetic', name: '(GC roots)', edges: [{ type: 'element', name: 3, to: 5 }] },
  { type: 'object', name: 'global', size: 40, edges: [{ type: 'property', name: 'registry', to: 3 }] },
  { type: 'object', name: 'Map', size: 32, edges: [{ type: 'internal', name: 'table', to: 4 }] },
  { type: 'array', name: '', size: 80, edges: [{ type: 'internal', name: '7', to: 5 }] },
  {
    type: 'object',
    name: 'Object',
    size: 24,
    edges: [
      { type: 'property', name: 'at', to: 6 },
      { type: 'property', name: 'attempt', to: 6 },
      { type: 'property', name: 'url', to: 6 },
      { type: 'property', name: 'more', to: 6 },
      { type: 'weak', name: 'w', to: 7 },
    ],
  },
  { type: 'string', name: 'x', size: 16 },
  { type: 'closure', name: 'onClose', size: 64 },
];

describe('retainerPathFor on a hand-made graph', () => {
  it('prefers user roots on equal length and prints a path a person can read', async () => {
    const g = await parseTiny(hand);
    // Both global → registry → table → [7] and (GC roots) → [3] reach node 5; BFS takes the shorter.
    expect(formatRetainerPath(retainerPathFor(g, 5))).toBe('(GC roots) → [3]: Object {at, attempt, url, …}');
    expect(formatRetainerPath(retainerPathFor(g, 4))).toBe('global → registry: Map → table: (array)');
    const steps = retainerPathFor(g, 3);
    expect(steps.map((s) => [s.className, s.edgeType, s.edgeName])).toEqual([
      ['global', null, null],
      ['Map', 'property', 'registry'],
    ]);
  });

  it('marks a node held only by a weak edge as unreachable (should not find a path)', async () => {
    const g = await parseTiny(hand);
    const steps = retainerPathFor(g, 7);
    expect(formatRetainerPath(steps)).toBe('(unreachable from GC roots) → onClose()');
    expect(steps[0]!.nodeIndex).toBe(-1);
  });
});

function objectsNamed(g: HeapGraph, name: string): number[] {
  return [...Array(g.nodeCount).keys()].filter((i) => g.nodeTypeName(i) === 'object' && g.nodeName(i) === name);
}

describe('retainer paths on real snapshots', () => {
  const tmp = snapshotDir();
  let first: HeapGraph;
  let last: HeapGraph;
  beforeAll(async () => {
    const [a, b] = await writeLeakSnapshots(tmp.dir, [100, 300]);
    [first, last] = await Promise.all([parseSnapshotFile(a!), parseSnapshotFile(b!)]);
  });
  afterAll(() => tmp.remove());

  it('leads from the GC roots through the Map in the variable `seen` to a LeakyRecord', () => {
    const record = objectsNamed(last, 'LeakyRecord')[0]!;
    const text = formatRetainerPath(retainerPathFor(last, record));
    expect(text).toMatch(/^(\(GC roots\)|global) → /);
    expect(text).toContain('seen: Map → table → [');
    expect(text).toMatch(/\]: LeakyRecord \{at, attempt\}$/);
  });

  it('follows the global object to the CleanRecords in registry.items', () => {
    const clean = objectsNamed(last, 'CleanRecord')[0]!;
    expect(formatRetainerPath(retainerPathFor(last, clean))).toMatch(/registry: Object → items: Array → \[\d+\]: CleanRecord \{v\}$/);
  });

  it('gives the common path of the LeakyRecords that are new since the first snapshot', () => {
    const sinceIds = sortedNodeIds(first);
    const tree = shortestPathTree(last);
    const groups = groupNodes(last);
    const path = commonRetainerPath(last, 'LeakyRecord', { sinceIds, tree, groups, sampleSize: 20 })!;
    expect(path.candidates).toBe(200);
    expect(path.sampled).toBe(20);
    expect(path.shapeCount).toBe(20);
    expect(path.shape).toContain('seen: Map → table → […]: LeakyRecord {at, attempt}');
    expect(formatRetainerPath(path.example)).toMatch(/seen: Map → table → \[\d+\]: LeakyRecord/);
    // Without sinceIds every record is a candidate.
    expect(commonRetainerPath(last, 'LeakyRecord', { tree, groups })!.candidates).toBe(300);
  });

  it('finds nothing for a group with no new objects or no objects at all', () => {
    const sinceIds = sortedNodeIds(first);
    expect(commonRetainerPath(last, 'StableRecord', { sinceIds })).toBeUndefined();
    expect(commonRetainerPath(last, 'NoSuchClass', { sinceIds })).toBeUndefined();
  });
});
