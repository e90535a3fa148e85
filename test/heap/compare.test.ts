import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoakError } from '../../src/errors.js';
import { compareSnapshots } from '../../src/heap/compare.js';
import type { HeapGraph } from '../../src/heap/graph.js';
import { growingGroups, growingGroupsFromTables, type CountTable } from '../../src/heap/growth.js';
import { parseSnapshotFile } from '../../src/heap/parse.js';
import { countGroups } from '../../src/heap/summary.js';
import { snapshotDir, writeLeakSnapshots } from './snapshot-child.js';

const tmp = snapshotDir();
let graphs: HeapGraph[];

beforeAll(async () => {
  const files = await writeLeakSnapshots(tmp.dir, [100, 200, 300]);
  graphs = await Promise.all(files.map((f) => parseSnapshotFile(f)));
});
afterAll(() => tmp.remove());

/** Self size of one instance of a class (all instances in the fixture share a shape). */
function instanceSize(g: HeapGraph, name: string): number {
  const row = countGroups(g).find((r) => r.name === name)!;
  return row.selfSize / row.count;
}

describe('compareSnapshots', () => {
  it('reports the 100 new LeakyRecords and the replaced CleanRecords as DevTools would', () => {
    const [a, b] = graphs as [HeapGraph, HeapGraph];
    const deltas = compareSnapshots(a, b);
    const size = instanceSize(b, 'LeakyRecord');
    expect(deltas.find((d) => d.name === 'LeakyRecord')).toEqual({
      name: 'LeakyRecord',
      newCount: 100,
      deletedCount: 0,
      countDelta: 100,
      allocatedSize: 100 * size,
      freedSize: 0,
      sizeDelta: 100 * size,
    });
    const clean = deltas.find((d) => d.name === 'CleanRecord')!;
    expect([clean.newCount, clean.deletedCount, clean.countDelta, clean.sizeDelta]).toEqual([50, 50, 0, 0]);
  });

  it('leaves out groups that did not change (should not find StableRecord), and sorts by # Delta', () => {
    const deltas = compareSnapshots(graphs[0]!, graphs[1]!);
    expect(deltas.find((d) => d.name === 'StableRecord')).toBeUndefined();
    for (let k = 1; k < deltas.length; k++) expect(deltas[k - 1]!.countDelta).toBeGreaterThanOrEqual(deltas[k]!.countDelta);
    expect(compareSnapshots(graphs[1]!, graphs[1]!)).toEqual([]);
  });
});

describe('growingGroups on snapshots at cycles 100, 200, 300', () => {
  it('finds LeakyRecord at 1.00 per cycle and not the clean or stable groups', () => {
    const growth = growingGroups(graphs.map((graph, k) => ({ graph, cycle: (k + 1) * 100 })));
    const leaky = growth.find((g) => g.name === 'LeakyRecord');
    expect(leaky).toBeDefined();
    expect(leaky!.counts).toEqual([100, 200, 300]);
    expect(leaky!.cycles).toEqual([100, 200, 300]);
    expect(leaky!.growthPerCycle).toBeCloseTo(1.0, 6);
    expect(leaky!.selfSizePerCycle).toBeCloseTo(instanceSize(graphs[2]!, 'LeakyRecord'), 6);
    expect(leaky!.added).toBe(200);
    expect(growth.find((g) => g.name === 'CleanRecord')).toBeUndefined();
    expect(growth.find((g) => g.name === 'StableRecord')).toBeUndefined();
    for (let k = 1; k < growth.length; k++) expect(growth[k - 1]!.growthPerCycle).toBeGreaterThanOrEqual(growth[k]!.growthPerCycle);
  });

  it('gives the same answer from count tables alone, in any order', () => {
    const tables: CountTable[] = graphs.map((g, k) => ({ cycle: (k + 1) * 100, groups: countGroups(g) }));
    const fromGraphs = growingGroups(graphs.map((graph, k) => ({ graph, cycle: (k + 1) * 100 })));
    expect(growingGroupsFromTables([tables[2]!, tables[0]!, tables[1]!])).toEqual(fromGraphs);
  });
});

describe('growingGroupsFromTables rules', () => {
  const table = (cycle: number, count: number): CountTable => ({ cycle, groups: [{ name: 'X', count, selfSize: count * 10 }] });

  it('needs three snapshots at distinct cycles', () => {
    const two = () => growingGroupsFromTables([table(1, 1), table(2, 2)]);
    expect(two).toThrow(SoakError);
    expect(two).toThrow('growth over time needs at least 3 snapshots, got 2');
    const same = () => growingGroupsFromTables([table(1, 1), table(2, 2), table(2, 3)]);
    expect(same).toThrow('growth over time needs snapshots at distinct cycle counts, got cycles 1, 2, 2');
    try {
      two();
    } catch (err) {
      expect((err as SoakError).code).toBe('SOAK_USAGE');
    }
  });

  it('forgives a dip only within dipTolerance', () => {
    const dipping = [table(100, 100), table(200, 95), table(300, 200)];
    expect(growingGroupsFromTables(dipping)).toEqual([]);
    expect(growingGroupsFromTables(dipping, { dipTolerance: 0.1 }).map((g) => g.name)).toEqual(['X']);
    expect(growingGroupsFromTables(dipping, { dipTolerance: 0.01 })).toEqual([]);
  });

  it('needs a net rise and at least minGrowthPerCycle', () => {
    expect(growingGroupsFromTables([table(1, 100), table(2, 120), table(3, 100)], { dipTolerance: 0.5 })).toEqual([]);
    expect(growingGroupsFromTables([table(1, 5), table(2, 5), table(3, 5)])).toEqual([]);
    const slow = [table(100, 10), table(200, 11), table(300, 12)];
    expect(growingGroupsFromTables(slow)[0]!.growthPerCycle).toBeCloseTo(0.01, 9);
    expect(growingGroupsFromTables(slow, { minGrowthPerCycle: 0.05 })).toEqual([]);
  });

  it('counts a group missing from a snapshot as 0 there', () => {
    const appears = [{ cycle: 1, groups: [] }, table(2, 3), table(3, 6)];
    expect(growingGroupsFromTables(appears)[0]!.counts).toEqual([0, 3, 6]);
  });
});
