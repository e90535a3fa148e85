import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDominators } from '../../src/heap/dominators.js';
import { essentialEdges } from '../../src/heap/essential-edges.js';
import type { HeapGraph } from '../../src/heap/graph.js';
import { parseSnapshotFile } from '../../src/heap/parse.js';
import { snapshotDir, writeLeakSnapshots } from './snapshot-child.js';
import { parseTiny, type TinyEdge, type TinyNode } from './tiny-snapshot.js';

// Ids are 1 + 2 × position, so node 8 (the WeakMap table) has id 17.
const EPHEMERON = '1 / part of key (Object @21) -> value (Object @19) pair in WeakMap (table @17)';
const hand: TinyNode[] = [
  { type: 'synthetic', name: '', edges: [{ type: 'element', name: 1, to: 1 }] },
  {
    type: 'synthetic',
    name: '(GC roots)',
    edges: [
      { type: 'property', name: 'a', to: 2 },
      { type: 'property', name: 'b', to: 3 },
      { type: 'property', name: 'c', to: 4 },
      { type: 'internal', name: 'table', to: 8 },
      { type: 'internal', name: 'key', to: 10 },
    ],
  },
  { type: 'object', name: 'A', size: 10, edges: [{ type: 'property', name: 'c', to: 4 }, { type: 'property', name: 'e', to: 6 }] },
  {
    type: 'object',
    name: 'B',
    size: 20,
    edges: [
      { type: 'property', name: 'c', to: 4 },
      { type: 'shortcut', name: 'e', to: 6 }, // not retaining: would make (GC roots) E's dominator
      { type: 'weak', name: 'f', to: 7 }, // F is held only weakly
    ],
  },
  { type: 'object', name: 'C', size: 30, edges: [{ type: 'property', name: 'd', to: 5 }, { type: 'property', name: 'self', to: 4 }] },
  { type: 'object', name: 'D', size: 40 },
  { type: 'object', name: 'E', size: 50 },
  { type: 'object', name: 'F', size: 60 },
  { type: 'array', name: 'WeakMap table', size: 70, edges: [{ type: 'internal', name: EPHEMERON, to: 9 }] },
  { type: 'object', name: 'V', size: 80 },
  { type: 'object', name: 'K', size: 90, edges: [{ type: 'internal', name: 'value', to: 9 }] },
];

describe('computeDominators on a hand-made graph', () => {
  it('finds the immediate dominators, skipping weak, shortcut, self and WeakMap-table edges', async () => {
    const g = await parseTiny(hand);
    const tree = computeDominators(g);
    expect(Array.from(tree.idom)).toEqual([0, 0, 1, 1, 1, 4, 2, 0, 1, 10, 1]);
    expect(tree.unreachableCount).toBe(1);
    const keep = essentialEdges(g);
    const skipped = [...keep.keys()].filter((e) => !keep[e]).map((e) => g.edgeName(e));
    expect(skipped).toEqual(['e', 'f', 'self', EPHEMERON]);
  });

  it('computes retained sizes; the root retains the whole heap', async () => {
    const g = await parseTiny(hand);
    const { retainedSize } = computeDominators(g);
    expect(Array.from(retainedSize)).toEqual([450, 390, 60, 20, 70, 40, 50, 60, 70, 80, 170]);
    expect(retainedSize[0]).toBe(g.totalSize());
  });
});

/** A small pseudo-random generator, so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Node 0 a synthetic root, the others objects of random size, with the given edges. */
function randomObjects(rand: () => number, n: number, edges: readonly { from: number; to: number; type: string }[]): TinyNode[] {
  return Array.from({ length: n }, (_, v) => ({
    type: v === 0 ? 'synthetic' : 'object',
    name: `N${v}`,
    size: v === 0 ? 0 : 1 + Math.floor(rand() * 100),
    edges: edges.filter((e) => e.from === v).map((e): TinyEdge => ({ type: e.type, name: `p${e.to}`, to: e.to })),
  }));
}

/** Every node of the reference has the tree's idom and retained size. */
function expectReference(g: HeapGraph, tree: ReturnType<typeof computeDominators>, ref: Map<number, Set<number>>, round: number): void {
  for (const [v, doms] of ref) {
    if (v === 0) continue;
    // The immediate dominator is the strict dominator that all the others dominate.
    const strict = [...doms].filter((d) => d !== v);
    const idom = strict.find((d) => strict.every((o) => ref.get(d)!.has(o)));
    expect(tree.idom[v], `round ${round}, node ${v}`).toBe(idom);
    let retained = 0;
    for (const [w, wd] of ref) if (wd.has(v)) retained += g.nodeSelfSize(w);
    expect(tree.retainedSize[v], `round ${round}, retained of ${v}`).toBe(retained);
  }
}

/** Dominators by the textbook data-flow fixpoint over retaining edges, for nodes reachable from 0. */
function referenceDominators(n: number, edges: { from: number; to: number; type: string }[]): Map<number, Set<number>> {
  const retaining = edges.filter((e) => e.type !== 'weak' && (e.type !== 'shortcut' || e.from === 0) && e.from !== e.to);
  const reach = new Set([0]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of retaining) if (reach.has(e.from) && !reach.has(e.to)) grew = reach.add(e.to) !== undefined;
  }
  const dom = new Map<number, Set<number>>([...reach].map((v) => [v, v === 0 ? new Set([0]) : new Set(reach)]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const v of reach) {
      if (v === 0) continue;
      let meet: Set<number> | undefined;
      for (const e of retaining) {
        if (e.to !== v || !reach.has(e.from)) continue;
        const d = dom.get(e.from)!;
        meet = meet ? new Set([...meet].filter((x) => d.has(x))) : new Set(d);
      }
      const next = new Set(meet);
      next.add(v);
      if (next.size !== dom.get(v)!.size) {
        dom.set(v, next);
        changed = true;
      }
    }
  }
  return dom;
}

describe('computeDominators against the textbook algorithm', () => {
  it('agrees on 150 random graphs (idom and retained size of every reachable node)', async () => {
    const rand = lcg(7);
    for (let round = 0; round < 150; round++) {
      const n = 2 + Math.floor(rand() * 30);
      const edges: { from: number; to: number; type: string }[] = [];
      const m = Math.floor(rand() * n * 3);
      for (let k = 0; k < m; k++) {
        const r = rand();
        const type = r < 0.1 ? 'weak' : r < 0.15 ? 'shortcut' : 'property';
        edges.push({ from: Math.floor(rand() * n), to: Math.floor(rand() * n), type });
      }
      const g: HeapGraph = await parseTiny(randomObjects(rand, n, edges));
      const tree = computeDominators(g);
      const ref = referenceDominators(n, edges);
      expectReference(g, tree, ref, round);
      expect(tree.retainedSize[0]).toBe(g.totalSize());
    }
  });
});

describe('computeDominators on unreachable parts', () => {
  it('hangs each node a search starts from under the root, and lets no garbage retain the live heap (150 random graphs)', async () => {
    const rand = lcg(11);
    let unreachable = 0;
    for (let round = 0; round < 150; round++) {
      const n = 2 + Math.floor(rand() * 30);
      const edges: { from: number; to: number; type: string }[] = [];
      const m = Math.floor(rand() * n * 2);
      // Many weak edges, so that parts of the graph are held by nothing or only by each other.
      for (let k = 0; k < m; k++) edges.push({ from: Math.floor(rand() * n), to: Math.floor(rand() * n), type: rand() < 0.4 ? 'weak' : 'property' });
      const g: HeapGraph = await parseTiny(randomObjects(rand, n, edges));
      const tree = computeDominators(g);
      unreachable += tree.unreachableCount;
      const ref = referenceDominators(n, withUnreachableUnderRoot(n, edges));
      expect(ref.size, `round ${round}: every node hangs under the root`).toBe(n);
      expectReference(g, tree, ref, round);
    }
    // The graphs must have exercised the case: unreachable nodes in many of them.
    expect(unreachable).toBeGreaterThan(150);
  });
});

/**
 * The graph computeDominators works on, built the plain way: retaining edges without those from
 * nodes the root cannot reach into nodes it can, plus an edge root → each node a search starts
 * from (first those nothing retains, then the rest, each in ordinal order).
 */
function withUnreachableUnderRoot(n: number, edges: { from: number; to: number; type: string }[]): { from: number; to: number; type: string }[] {
  const retaining = edges.filter((e) => e.type !== 'weak' && (e.type !== 'shortcut' || e.from === 0) && e.from !== e.to);
  const seen = new Set<number>();
  const search = (start: number): void => {
    const todo = [start];
    seen.add(start);
    while (todo.length) {
      const v = todo.pop()!;
      for (const e of retaining) if (e.from === v && !seen.has(e.to)) todo.push(e.to), seen.add(e.to);
    }
  };
  search(0);
  const live = new Set(seen);
  const starts: number[] = [];
  for (const onlyOrphans of [true, false]) {
    for (let v = 0; v < n; v++) {
      if (seen.has(v) || (onlyOrphans && retaining.some((e) => e.to === v))) continue;
      starts.push(v);
      search(v);
    }
  }
  return [
    ...retaining.filter((e) => live.has(e.from) || !live.has(e.to)),
    ...starts.map((to) => ({ from: 0, to, type: 'property' })),
  ];
}

describe('computeDominators on a real snapshot', () => {
  const tmp = snapshotDir();
  let g: HeapGraph;
  beforeAll(async () => {
    const [file] = await writeLeakSnapshots(tmp.dir, [1000]);
    g = await parseSnapshotFile(file!);
  });
  afterAll(() => tmp.remove());

  it('gives sane retained sizes: root = whole heap, every node ≥ its self size, the Map holds its records', () => {
    const tree = computeDominators(g);
    expect(tree.retainedSize[0]).toBe(g.totalSize());
    for (let i = 0; i < g.nodeCount; i++) {
      if (tree.retainedSize[i]! < g.nodeSelfSize(i)) throw new Error(`node ${i} retains less than itself`);
    }
    const records = [...Array(g.nodeCount).keys()].filter((i) => g.nodeTypeName(i) === 'object' && g.nodeName(i) === 'LeakyRecord');
    expect(records).toHaveLength(1000);
    // Each record alone retains itself, its `at` string and its `attempt` object.
    for (const r of records) expect(tree.retainedSize[r]).toBeGreaterThan(g.nodeSelfSize(r));
    const maps = [...Array(g.nodeCount).keys()].filter((i) => g.nodeName(i) === 'Map' && g.nodeTypeName(i) === 'object');
    const recordsRetained = records.reduce((s, r) => s + tree.retainedSize[r]!, 0);
    expect(Math.max(...maps.map((m) => tree.retainedSize[m]!))).toBeGreaterThan(recordsRetained);
  });
});
