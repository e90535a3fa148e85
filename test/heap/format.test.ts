import { describe, expect, it } from 'vitest';
import { compareSnapshots } from '../../src/heap/compare.js';
import { diffJson, formatDiff, formatGrowth, formatInspect, inspectJson } from '../../src/heap/format.js';
import { growingGroupsFromTables } from '../../src/heap/growth.js';
import { commonRetainerPath } from '../../src/heap/retainers.js';
import { summarize } from '../../src/heap/summary.js';
import { parseText, tinySnapshot, type TinyNode } from './tiny-snapshot.js';

/** A root holding `count` Foo objects (ids from `firstId`) and one 2,000-byte string. */
function heap(count: number, firstId: number): TinyNode[] {
  const foos: TinyNode[] = Array.from({ length: count }, (_, k) => ({ type: 'object', name: 'Foo', id: firstId + 2 * k, size: 100 }));
  return [
    {
      type: 'synthetic',
      name: '',
      id: 1,
      edges: [
        ...foos.map((_, k) => ({ type: 'element', name: k, to: 2 + k })),
        { type: 'property', name: 'text', to: 1 },
      ],
    },
    { type: 'string', name: 'big', id: 3, size: 2000 },
    ...foos,
  ];
}

describe('formatInspect and inspectJson', () => {
  it('prints the Summary as an aligned table with the heap share, cut at topN', async () => {
    const g = await parseText(tinySnapshot(heap(3, 101)), 1 << 20, 'a.heapsnapshot');
    const summary = summarize(g);
    expect(formatInspect(g, summary, 1)).toBe(
      [
        'a.heapsnapshot: 5 nodes, 4 edges, 2.25 KiB total',
        '',
        'Class     Count  Self size  Retained size  % of heap',
        '(string)      1   1.95 KiB       1.95 KiB      87.0%',
        '… 1 more groups',
      ].join('\n'),
    );
    const json = inspectJson(g, summary, 5);
    expect(json).toEqual({
      source: 'a.heapsnapshot',
      nodeCount: 5,
      edgeCount: 4,
      totalSize: 2300,
      groups: [
        { name: '(string)', count: 1, selfSize: 2000, retainedSize: 2000 },
        { name: 'Foo', count: 3, selfSize: 300, retainedSize: 300 },
      ],
      omittedGroups: 0,
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('formatDiff, formatGrowth and diffJson', () => {
  it('prints # New, # Deleted, # Delta and sizes, then growth with the common path', async () => {
    const before = await parseText(tinySnapshot(heap(2, 101)), 1 << 20, 'before.heapsnapshot');
    // Foo @101 is gone, @103 stays, three are new.
    const after = await parseText(tinySnapshot(heap(4, 103)), 1 << 20, 'after.heapsnapshot');
    const deltas = compareSnapshots(before, after);
    const growing = growingGroupsFromTables([
      { cycle: 10, groups: [{ name: 'Foo', count: 2, selfSize: 200 }] },
      { cycle: 20, groups: [{ name: 'Foo', count: 3, selfSize: 300 }] },
      { cycle: 30, groups: [{ name: 'Foo', count: 4, selfSize: 400 }] },
    ]);
    const path = commonRetainerPath(after, 'Foo')!;
    const paths = new Map([['Foo', path]]);
    expect(formatDiff(before, after, deltas, { growing, paths })).toBe(
      [
        'before.heapsnapshot → after.heapsnapshot',
        '',
        'Class  # New  # Deleted  # Delta  Alloc. size  Freed size  Size delta',
        'Foo        3          1       +2        300 B       100 B      +200 B',
        '',
        'Growing across 3 snapshots (cycles 10, 20, 30):',
        'Class      Count  Per cycle  Bytes per cycle',
        'Foo    2 → 3 → 4      +0.10            +10 B',
        // Held straight from the root: the root's own edge names say nothing, so only the class shows.
        '  Foo: held this way in 4 of 4 new objects sampled: Foo',
      ].join('\n'),
    );
    const anchored = new Map([['Foo', { ...path, short: 'client.mjs › history' }]]);
    expect(formatGrowth(growing, { paths: anchored })).toContain('  Foo: held by client.mjs › history in 4 of 4 new objects sampled: Foo');
    const json = diffJson(before, after, deltas, { growing, paths });
    expect(json.groups).toEqual(deltas);
    expect(json.growing?.[0]).toMatchObject({ name: 'Foo', growthPerCycle: expect.closeTo(0.1, 9), retainerPath: { shape: 'Foo', candidates: 4 } });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('says so when nothing changed or nothing grows', async () => {
    const g = await parseText(tinySnapshot(heap(2, 101)), 1 << 20, 'same.heapsnapshot');
    expect(formatDiff(g, g, compareSnapshots(g, g))).toBe(
      'same.heapsnapshot → same.heapsnapshot\n\nNo objects were allocated or freed between the two snapshots.',
    );
    expect(formatGrowth([])).toBe('No group grows steadily across the snapshots.');
    expect(diffJson(g, g, []).growing).toBeUndefined();
  });
});
