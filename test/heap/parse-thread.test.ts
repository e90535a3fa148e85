/**
 * Reading `edges` on a worker thread (src/heap/edges-thread.ts) must give the very graph, and so
 * the very inspect and diff results, that reading them in order on one thread gives. The worker
 * is a compiled module, so this runs the built dist/ (npm run build first), on real snapshots.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDir, writeLeakSnapshots } from './snapshot-child.js';
import { tinySnapshot } from './tiny-snapshot.js';

type Heap = typeof import('../../src/heap/index.js');
type Thread = typeof import('../../src/heap/edges-thread.js');
type Graph = import('../../src/heap/graph.js').HeapGraph;

const DIST = fileURLToPath(new URL('../../dist/heap/', import.meta.url));
const tmp = snapshotDir();
let heap: Heap;
let files: string[];

beforeAll(async () => {
  heap = (await import(join(DIST, 'index.js'))) as Heap;
  files = await writeLeakSnapshots(tmp.dir, [500, 1000, 1500]);
});
afterAll(() => tmp.remove());

const parse = (file: string, edgesThread: boolean, chunkBytes?: number, nodeNamesOnly?: boolean): Promise<Graph> =>
  heap.parseSnapshotFile(file, { edgesThread, ...(chunkBytes && { chunkBytes }), ...(nodeNamesOnly && { nodeNamesOnly }) });

/** What `diff` takes from a snapshot before the last: its counts by class and its objects by id. */
function countsOf(graph: Graph): string {
  const table = heap.objectTable(graph);
  return JSON.stringify({ groups: heap.countGroups(graph), names: table.names, ids: Array.from(table.ids), groupOf: Array.from(table.groupOf), sizes: Array.from(table.selfSize) });
}

/** What `ws-soak inspect --json` computes from a graph (as src/commands/snapshot-commands.ts does). */
function inspectOf(graph: Graph): string {
  const tree = heap.computeDominators(graph);
  const summary = heap.summarize(graph, tree);
  const largest = heap.largestObjects(graph, tree, heap.shortestPathTree(graph), 10);
  return JSON.stringify({ json: heap.inspectJson(graph, summary, 50, largest), idom: Array.from(tree.idom), retained: Array.from(tree.retainedSize) });
}

/** What `ws-soak diff --json` computes from three graphs: growth, deltas and the common retainer paths. */
function diffOf(graphs: readonly Graph[]): string {
  const tables = graphs.map((g, i) => ({ cycle: (i + 1) * 500, groups: heap.countGroups(g) }));
  const first = heap.objectTable(graphs[0] as Graph);
  const last = graphs.at(-1) as Graph;
  const growing = heap.growingGroupsFromTables(tables, { minGrowthPerCycle: 0.05 });
  const deltas = heap.compareSnapshots(first, last);
  const paths = new Map<string, ReturnType<Heap['commonRetainerPath']> & object>();
  for (const g of growing.slice(0, 5)) {
    const path = heap.commonRetainerPath(last, g.name, { sinceIds: first.ids, groups: heap.groupNodes(last), tree: heap.shortestPathTree(last) });
    if (path) paths.set(g.name, path);
  }
  const notes = heap.diffNotes(deltas, growing, heap.newStringNodes(last, first.ids));
  return JSON.stringify(heap.diffJson(first, last, deltas, { topN: 50, growing, paths, notes }));
}

function sameGraph(a: Graph, b: Graph): void {
  expect(a.nodeCount).toBe(b.nodeCount);
  expect(a.edgeCount).toBe(b.edgeCount);
  expect(Buffer.compare(Buffer.from(a.nodes.buffer, a.nodes.byteOffset, a.nodes.byteLength), Buffer.from(b.nodes.buffer, b.nodes.byteOffset, b.nodes.byteLength))).toBe(0);
  expect(Buffer.compare(Buffer.from(a.edges.buffer, a.edges.byteOffset, a.edges.byteLength), Buffer.from(b.edges.buffer, b.edges.byteOffset, b.edges.byteLength))).toBe(0);
  expect(a.edgeTypes && b.edgeTypes && Buffer.compare(a.edgeTypes, b.edgeTypes)).toBe(0);
  expect(a.strings).toEqual(b.strings);
  expect(a.locations).toEqual(b.locations);
}

describe('edges read on a worker thread', () => {
  it('the compiled worker is there (else every parse below would run on one thread)', async () => {
    const thread = (await import(join(DIST, 'edges-thread.js'))) as Thread;
    expect(thread.EdgesThread.available()).toBe(true);
  });

  it('give the same graph, inspect and diff as one thread, at any chunk size', async () => {
    const one = await Promise.all(files.map((f) => parse(f, false)));
    for (const chunkBytes of [undefined, 64 * 1024, 4099]) {
      const two = await Promise.all(files.map((f) => parse(f, true, chunkBytes)));
      for (const [i, g] of two.entries()) sameGraph(g, one[i] as Graph);
      expect(inspectOf(two[2] as Graph)).toBe(inspectOf(one[2] as Graph));
      expect(diffOf(two)).toBe(diffOf(one));
    }
    // The leak is there to be found: 500 LeakyRecords more per snapshot.
    expect(diffOf(one)).toContain('LeakyRecord');
  });

  it('with node names only (diff, before the last snapshot): the same arrays, counts and objects; no edge names', async () => {
    const full = await parse(files[1] as string, false);
    for (const [thread, chunkBytes] of [[true, undefined], [true, 4099], [false, undefined]] as const) {
      const names = await parse(files[1] as string, thread, chunkBytes, true);
      expect(Buffer.compare(Buffer.from(names.nodes.buffer, names.nodes.byteOffset, names.nodes.byteLength), Buffer.from(full.nodes.buffer, full.nodes.byteOffset, full.nodes.byteLength))).toBe(0);
      expect(Buffer.compare(Buffer.from(names.edges.buffer, names.edges.byteOffset, names.edges.byteLength), Buffer.from(full.edges.buffer, full.edges.byteOffset, full.edges.byteLength))).toBe(0);
      expect(countsOf(names)).toBe(countsOf(full));
      // Every string it decoded is the full parse's; the edge names it left out are fewer strings, not other ones.
      const decoded = names.strings.filter((t, i) => t !== '' && t !== full.strings[i]);
      expect(decoded).toEqual([]);
      expect(names.strings.filter((t) => t !== '').length).toBeLessThan(full.strings.filter((t) => t !== '').length);
    }
  });

  it('parseAhead gives the graph parseSnapshotFile gives, settles `working` (these files have no worker), and passes errors on', async () => {
    const ahead = (await import(join(DIST, 'parse-ahead.js'))) as typeof import('../../src/heap/parse-ahead.js');
    const started = ahead.parseAhead(files[0] as string);
    await started.working;
    sameGraph(await started.graph, await parse(files[0] as string, false));
    const missing = ahead.parseAhead(join(tmp.dir, 'missing.heapsnapshot'));
    await missing.working;
    await expect(missing.graph).rejects.toThrow(/missing\.heapsnapshot: cannot read heap snapshot/);
  });

  /** The message each way; they must be the same. */
  async function messages(text: string, name: string): Promise<[string, string]> {
    const path = join(tmp.dir, name);
    writeFileSync(path, text);
    const fail = (p: Promise<unknown>): Promise<string> => p.then(() => 'parsed', (e: unknown) => (e as Error).message);
    const one = await fail(parse(path, false));
    // Node names only must not change which error is found, nor where.
    expect(await fail(parse(path, true, 1024, true)), name).toBe(one);
    expect(await fail(parse(path, false, undefined, true)), name).toBe(one);
    return [one, await fail(parse(path, true, 1024))];
  }

  it('report a broken or cut "edges" array as one thread does', async () => {
    const nodes = [
      { type: 'synthetic', name: '', edges: [{ type: 'element' as const, name: 1, to: 1 }, { type: 'property' as const, name: 'foo', to: 2 }] },
      { type: 'object', name: 'Foo', edges: [{ type: 'property' as const, name: 'bar', to: 2 }] },
      { type: 'object', name: 'Bar' },
    ];
    const text = tinySnapshot(nodes);
    const edgesAt = text.indexOf('"edges":[') + '"edges":['.length;
    const cases: Record<string, string> = {
      'cut inside edges': text.slice(0, edgesAt + 6),
      'letter in edges': `${text.slice(0, edgesAt + 2)}x${text.slice(edgesAt + 3)}`,
      'letter in edges and strings': `${text.slice(0, edgesAt + 2)}x${text.slice(edgesAt + 3)}`.replace('"strings":[', '"strings":[7'),
      'edge beyond the nodes': text.replace(/("edges":\[[^\]]*,)(\d+)\]/, '$1999]'),
      'edges before nodes': tinySnapshot(nodes, { keyOrder: ['snapshot', 'edges', 'nodes', 'strings'] }),
    };
    for (const [name, broken] of Object.entries(cases)) {
      const [one, two] = await messages(broken, `${name.replaceAll(' ', '-')}.heapsnapshot`);
      expect(two, name).toBe(one);
      if (name !== 'edges before nodes') expect(one, name).toMatch(/not a V8 heap snapshot|truncated/);
    }
    expect((await messages(cases['cut inside edges'] as string, 'cut.heapsnapshot'))[0]).toMatch(/ended inside "edges" after 3 values\)$/);
  });
});
