/**
 * bench/lib/snapshot-replicate.mjs on real snapshots (a child's heap with a growing leak): one
 * copy is the original byte for byte; three copies parse as three of its graphs under one root,
 * with every class counted three times, unique ids, and ids that line up across a series so a
 * comparison finds three times the real growth. bench/big-snapshot.mjs makes its 2 GB file so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the benchmarks, without types
import { replicateSnapshot } from '../../bench/lib/snapshot-replicate.mjs';
import { compareSnapshots, objectTable } from '../../src/heap/compare.js';
import { computeDominators } from '../../src/heap/dominators.js';
import type { HeapGraph } from '../../src/heap/graph.js';
import { parseSnapshotFile } from '../../src/heap/parse.js';
import { summarize } from '../../src/heap/summary.js';
import { snapshotDir, writeLeakSnapshots } from '../heap/snapshot-child.js';

const COPIES = 3;

/** Per class: objects, self size and retained size (retained sizes differ if any edge is wrong). */
function counts(graph: HeapGraph): Map<string, [number, number, number]> {
  return new Map(summarize(graph, computeDominators(graph)).map((row) => [row.name, [row.count, row.selfSize, row.retainedSize]]));
}

describe('replicating a heap snapshot', () => {
  const tmp = snapshotDir();
  let files: string[] = [];
  beforeAll(async () => {
    files = await writeLeakSnapshots(tmp.dir, [100, 300]);
  }, 60_000);
  afterAll(() => tmp.remove());

  it('writes the original byte for byte with one copy', () => {
    const out = join(tmp.dir, 'one.heapsnapshot');
    replicateSnapshot(files[0], out, { copies: 1 });
    expect(readFileSync(out).equals(readFileSync(files[0] as string))).toBe(true);
  });

  it('gives every class three times its objects and their sizes, under one root, with unique ids', async () => {
    const out = join(tmp.dir, 'three.heapsnapshot');
    const made = replicateSnapshot(files[1], out, { copies: COPIES });
    const original = await parseSnapshotFile(files[1] as string);
    const graph = await parseSnapshotFile(out);
    expect(graph.nodeCount).toBe(1 + COPIES * (original.nodeCount - 1));
    expect(graph.edgeCount).toBe(COPIES * original.edgeCount);
    expect([made.nodes, made.edges]).toEqual([graph.nodeCount, graph.edgeCount]);
    expect(graph.totalSize()).toBe(COPIES * original.totalSize());
    const want = counts(original);
    const got = counts(graph);
    expect(want.get('LeakyRecord')?.[0]).toBe(300);
    expect(got.get('LeakyRecord')?.[0]).toBe(COPIES * 300);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [name, figures] of want) expect({ name, figures: got.get(name) }).toEqual({ name, figures: figures.map((f) => COPIES * f) });
    // Each copy's edges lead into that copy (or to the root), to the original's targets.
    const per = original.nodeCount - 1;
    const to = (g: HeapGraph, e: number) => g.edges[e * g.meta.edgeFieldCount + g.meta.edgeToNodeOffset] as number;
    const rootEdges = original.firstEdge[1] as number;
    let mismatched = 0;
    for (let c = 0; c < COPIES; c++) {
      for (let e = 0; e < original.edgeCount; e++) {
        const at = e < rootEdges ? c * rootEdges + e : COPIES * rootEdges + c * (original.edgeCount - rootEdges) + (e - rootEdges);
        const want = to(original, e) === 0 ? 0 : to(original, e) + c * per;
        if (to(graph, at) !== want) mismatched++;
      }
    }
    expect(mismatched).toBe(0);
    expect(computeDominators(graph).unreachableCount).toBe(COPIES * computeDominators(original).unreachableCount);
    const { nodes, meta } = graph;
    const ids = new Set<number>();
    for (let i = 0; i < graph.nodeCount; i++) ids.add(nodes[i * meta.nodeFieldCount + meta.nodeIdOffset] as number);
    expect(ids.size).toBe(graph.nodeCount);
    // WeakMap entries' edge names hold their table's id: each copy names its own table.
    const tables = (g: HeapGraph) => g.strings.flatMap((t) => / pair in WeakMap \(table @(\d+)\)$/.exec(t ?? '')?.[1] ?? []).map(Number);
    expect(tables(original).length).toBeGreaterThan(0);
    expect(tables(graph).length).toBe(COPIES * tables(original).length);
    expect(tables(graph).every((id) => ids.has(id))).toBe(true);
  });

  it('keeps ids in step across a series, so a comparison sees three times the growth', async () => {
    const last = replicateSnapshot(files[1], join(tmp.dir, 'after.heapsnapshot'), { copies: COPIES });
    replicateSnapshot(files[0], join(tmp.dir, 'before.heapsnapshot'), { copies: COPIES, idStride: last.idStride });
    const real = compareSnapshots(objectTable(await parseSnapshotFile(files[0] as string)), await parseSnapshotFile(files[1] as string));
    const copied = compareSnapshots(
      objectTable(await parseSnapshotFile(join(tmp.dir, 'before.heapsnapshot'))),
      await parseSnapshotFile(join(tmp.dir, 'after.heapsnapshot')),
    );
    const leak = (deltas: typeof real) => deltas.find((d) => d.name === 'LeakyRecord');
    expect(leak(real)?.newCount).toBe(200);
    expect(leak(copied)?.newCount).toBe(COPIES * 200);
    for (const d of real) {
      const c = copied.find((x) => x.name === d.name);
      expect({ name: d.name, newCount: c?.newCount, deletedCount: c?.deletedCount }).toEqual({
        name: d.name,
        newCount: COPIES * d.newCount,
        deletedCount: COPIES * d.deletedCount,
      });
    }
  });

  it('refuses a file that is not a V8 snapshot, saying what it found', () => {
    const bad = join(tmp.dir, 'bad.heapsnapshot');
    writeFileSync(bad, '{"nodes":[]}');
    expect(() => replicateSnapshot(bad, join(tmp.dir, 'x.heapsnapshot'), { copies: 2 })).toThrow(
      'not a V8 heap snapshot: starts with "{\\"nodes\\":[]}"',
    );
  });
});
