import { describe, expect, it } from 'vitest';
import { SoakError } from '../../src/errors.js';
import { parseText, parseTiny, tinySnapshot, type TinyNode } from './tiny-snapshot.js';

const nodes: TinyNode[] = [
  {
    type: 'synthetic',
    name: '',
    edges: [
      { type: 'shortcut', name: 'global', to: 1 },
      { type: 'element', name: 1, to: 2 },
    ],
  },
  {
    type: 'object',
    name: 'Foo',
    id: 42,
    size: 5_000_000_000, // a backing store above 4 GiB
    edges: [
      { type: 'property', name: 'bar', to: 2 },
      { type: 'hidden', name: 7, to: 3 },
    ],
  },
  { type: 'closure', name: 'handler', size: 64, edges: [{ type: 'context', name: 'seen', to: 3 }] },
  { type: 'string', name: 'hello', size: 24 },
];

async function soakError(p: Promise<unknown>): Promise<SoakError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SoakError);
  return err as SoakError;
}

describe('HeapGraph accessors', () => {
  it.each([
    ['V8 order', undefined],
    ['another field order', ['edge_count', 'self_size', 'detachedness', 'id', 'type', 'name']],
  ])('read nodes and edges with %s', async (_label, nodeFields) => {
    const g = await parseTiny(nodes, { nodeFields });
    expect(g.nodeCount).toBe(4);
    expect(g.edgeCount).toBe(5);
    expect(g.nodeTypeName(1)).toBe('object');
    expect(g.nodeName(1)).toBe('Foo');
    expect(g.nodeId(1)).toBe(42);
    expect(g.nodeId(2)).toBe(5);
    expect(g.nodeSelfSize(1)).toBe(5_000_000_000);
    expect(g.nodeSelfSize(2)).toBe(64);
    expect([0, 1, 2, 3].map((i) => g.nodeEdgeCount(i))).toEqual([2, 2, 1, 0]);
    expect([0, 1, 2, 3].map((i) => g.firstEdgeIndex(i))).toEqual([0, 2, 4, 5]);
    expect(g.edgeTypeName(0)).toBe('shortcut');
    expect(g.edgeName(0)).toBe('global');
    expect(g.edgeName(1)).toBe('1');
    expect(g.edgeHasIndex(1)).toBe(true);
    expect(g.edgeName(2)).toBe('bar');
    expect(g.edgeTypeName(3)).toBe('hidden');
    expect(g.edgeNameOrIndex(3)).toBe(7);
    expect(g.edgeName(4)).toBe('seen');
    expect([0, 1, 2, 3, 4].map((e) => g.edgeToNode(e))).toEqual([1, 2, 2, 3, 3]);
    expect(g.totalSize()).toBe(5_000_000_000 + 64 + 24);
  });
});

describe('HeapGraph checks', () => {
  it('rejects an id above 32 bits', async () => {
    const text = tinySnapshot([{ type: 'synthetic', name: '', id: 2 ** 32 + 1 }]);
    expect((await soakError(parseText(text))).message).toBe(
      'tiny.heapsnapshot: not a V8 heap snapshot (node 0 has id 4294967297, above the 32-bit limit)',
    );
  });

  it('rejects an edge that does not point at the start of a node', async () => {
    const text = tinySnapshot(nodes).replace(/"edges":\[5,(\d+),7/, '"edges":[5,$1,3');
    expect((await soakError(parseText(text))).message).toBe(
      'tiny.heapsnapshot: not a V8 heap snapshot (edge 0 points to nodes[3], which is not the start of a node)',
    );
  });

  it('rejects edge counts that do not add up to the edges', async () => {
    const text = tinySnapshot(nodes).replace('"edges":[', '"edges":[2,1,0,');
    expect((await soakError(parseText(text))).message).toBe(
      'tiny.heapsnapshot: not a V8 heap snapshot (node edge counts add up to 5 edges but "edges" holds 6)',
    );
  });

  it('rejects meta without a required field', async () => {
    const text = tinySnapshot(nodes, { nodeFields: ['type', 'name', 'id', 'edge_count'] });
    expect((await soakError(parseText(text))).message).toBe(
      'tiny.heapsnapshot: not a V8 heap snapshot ("snapshot.meta.node_fields" lacks "self_size")',
    );
  });
});
