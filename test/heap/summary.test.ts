import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { className } from '../../src/heap/class-name.js';
import type { HeapGraph } from '../../src/heap/graph.js';
import { parseSnapshotFile } from '../../src/heap/parse.js';
import { countGroups, summarize } from '../../src/heap/summary.js';
import { snapshotDir, writeLeakSnapshots } from './snapshot-child.js';
import { parseTiny, type TinyNode } from './tiny-snapshot.js';

const hand: TinyNode[] = [
  { type: 'synthetic', name: '', edges: [{ type: 'element', name: 1, to: 1 }] },
  {
    type: 'synthetic',
    name: '(GC roots)',
    size: 0,
    edges: [
      { type: 'property', name: 'foo1', to: 2 },
      { type: 'property', name: 'foo3', to: 5 },
      { type: 'property', name: 's1', to: 6 },
      { type: 'property', name: 's2', to: 7 },
      { type: 'property', name: 's3', to: 8 },
      { type: 'property', name: 'zero', to: 9 },
      { type: 'property', name: 'fn', to: 10 },
      { type: 'property', name: 'sys', to: 11 },
    ],
  },
  { type: 'object', name: 'Foo', size: 10, edges: [{ type: 'property', name: 'inner', to: 3 }] },
  { type: 'object', name: 'Foo', size: 20, edges: [{ type: 'property', name: 'bar', to: 4 }] },
  { type: 'object', name: 'Bar', size: 5 },
  { type: 'object', name: 'Foo', size: 7 },
  { type: 'string', name: 'a', size: 16 },
  { type: 'concatenated string', name: 'ab', size: 32 },
  { type: 'sliced string', name: 'b', size: 20 },
  { type: 'object', name: 'Zero', size: 0 },
  { type: 'closure', name: 'handler', size: 64 },
  { type: 'hidden', name: 'system / Foo', size: 8 },
];

describe('summarize on a hand-made graph', () => {
  it('groups like DevTools and counts nested members of a group once in its retained size', async () => {
    const g = await parseTiny(hand);
    expect(summarize(g)).toEqual([
      { name: '(string)', count: 3, selfSize: 68, retainedSize: 68 },
      { name: '(closure)', count: 1, selfSize: 64, retainedSize: 64 },
      // Foo#1 (10) dominates Foo#2 (20) and Bar (5); Foo#3 (7) stands alone: 35 + 7, not 35 + 25 + 7.
      { name: 'Foo', count: 3, selfSize: 37, retainedSize: 42 },
      { name: '(system)', count: 1, selfSize: 8, retainedSize: 8 },
      { name: 'Bar', count: 1, selfSize: 5, retainedSize: 5 },
    ]);
  });

  it('leaves out synthetic and zero-size nodes (should not find Zero or (GC roots))', async () => {
    const g = await parseTiny(hand);
    const names = countGroups(g).map((r) => r.name);
    expect(names).not.toContain('Zero');
    expect(names).not.toContain('(GC roots)');
    expect(names).not.toContain('(synthetic)');
    expect([2, 6, 7, 8, 10, 11].map((i) => className(g, i))).toEqual(['Foo', '(string)', '(string)', '(string)', '(closure)', '(system)']);
  });
});

describe('summarize on a real snapshot', () => {
  const tmp = snapshotDir();
  let g: HeapGraph;
  beforeAll(async () => {
    const [file] = await writeLeakSnapshots(tmp.dir, [1000]);
    g = await parseSnapshotFile(file!);
  });
  afterAll(() => tmp.remove());

  it('counts the 1,000 LeakyRecords, 50 CleanRecords and 5 StableRecords exactly', () => {
    const rows = summarize(g);
    const row = (name: string) => rows.find((r) => r.name === name);
    expect(row('LeakyRecord')?.count).toBe(1000);
    expect(row('CleanRecord')?.count).toBe(50);
    expect(row('StableRecord')?.count).toBe(5);
    expect(row('NoSuchRecord')).toBeUndefined();
    const leaky = row('LeakyRecord')!;
    expect(leaky.selfSize % 1000).toBe(0); // all instances have the same shape
    expect(leaky.retainedSize).toBeGreaterThan(leaky.selfSize); // their strings and attempt objects
  });

  it('sorts by retained size and agrees with countGroups on counts', () => {
    const rows = summarize(g);
    for (let k = 1; k < rows.length; k++) expect(rows[k - 1]!.retainedSize).toBeGreaterThanOrEqual(rows[k]!.retainedSize);
    const counts = new Map(countGroups(g).map((r) => [r.name, r.count]));
    expect(new Map(rows.map((r) => [r.name, r.count]))).toEqual(counts);
  });
});
