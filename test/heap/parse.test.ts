import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoakError } from '../../src/errors.js';
import { parseSnapshotFile } from '../../src/heap/parse.js';
import { summarize } from '../../src/heap/summary.js';
import type { HeapGraph } from '../../src/heap/graph.js';
import { snapshotDir, writeLeakSnapshots } from './snapshot-child.js';
import { expectedStrings } from './strings-in-use.js';
import { parseText, tinySnapshot } from './tiny-snapshot.js';

const tmp = snapshotDir();
let file: string;
let text: string;
let graph: HeapGraph;

beforeAll(async () => {
  [file] = (await writeLeakSnapshots(tmp.dir, [1000])) as [string];
  text = readFileSync(file, 'utf8');
  graph = await parseSnapshotFile(file);
});
afterAll(() => tmp.remove());

/** Resolves with the SoakError the promise rejects with, failing if it resolves or throws something else. */
async function soakError(p: Promise<unknown>): Promise<SoakError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SoakError);
  return err as SoakError;
}

/**
 * Index of the first element where two long number arrays differ (or the shorter one's length
 * when one is a prefix of the other), -1 when equal. toEqual on arrays of 10^5 elements that
 * differ spends minutes building its diff.
 */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function writeTmp(name: string, content: string | Buffer): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, content);
  return path;
}

describe('parseSnapshotFile on a real v8.writeHeapSnapshot file', () => {
  it('reads the same nodes, edges, locations and strings as JSON.parse', () => {
    const json = JSON.parse(text);
    const nf = json.snapshot.meta.node_fields.length;
    expect(graph.nodeCount).toBe(json.snapshot.node_count);
    expect(graph.nodeCount).toBe(json.nodes.length / nf);
    expect(graph.edgeCount).toBe(json.edges.length / 3);
    // The fields the graph never reads (trace_node_id, detachedness) are dropped while reading.
    const fileFields: string[] = json.snapshot.meta.node_fields;
    expect(graph.meta.nodeFields).toEqual(fileFields.filter((f) => ['type', 'name', 'id', 'self_size', 'edge_count'].includes(f)));
    expect(graph.meta.nodeFields.length).toBeLessThan(nf);
    const keptAt = graph.meta.nodeFields.map((f) => fileFields.indexOf(f));
    const expectedNodes = (json.nodes as number[]).filter((_, k) => keptAt.includes(k % nf));
    expect(firstDifference(graph.nodes, expectedNodes)).toBe(-1);
    expect(Array.from(graph.locations)).toEqual(json.locations);
    // Strings that only a string node uses (its own text, never shown) are not decoded; every
    // string another node or a named edge uses reads as in the file.
    expect(graph.strings).toEqual(expectedStrings(json));
    expect(graph.strings.filter((t) => t !== '').length).toBeLessThan(json.strings.filter((t: string) => t !== '').length);
    // The edge type goes to a byte array of its own; to_node is turned into an ordinal, and
    // scaled back it matches the file.
    expect(graph.meta.edgeFields).toEqual(['name_or_index', 'to_node']);
    const fileEdges = json.edges as number[];
    expect(firstDifference(graph.edgeTypes ?? [], fileEdges.filter((_, k) => k % 3 === 0))).toBe(-1);
    const edges = Array.from(graph.edges, (v, k) => (k % 2 === 1 ? v * nf : v));
    expect(firstDifference(edges, fileEdges.filter((_, k) => k % 3 !== 0))).toBe(-1);
  });

  it('gives the same result with 7-byte chunks, so no chunk boundary breaks a value', async () => {
    // In memory: 600,000 reads of 7 bytes from disk would take half a minute.
    const small = await parseText(readFileSync(file), 7, file);
    expect(small.nodes).toEqual(graph.nodes);
    expect(small.edges).toEqual(graph.edges);
    expect(small.locations).toEqual(graph.locations);
    expect(small.strings).toEqual(graph.strings);
  });

  it('decodes the \\uXXXX escapes V8 writes for non-ASCII text (here a constructor name)', () => {
    // V8 escapes every non-ASCII character (upper- or lower-case hex, either is JSON).
    expect(text).toMatch(/"\\u041a\\u043b\\u044e\\u0447Record"/i);
    expect(graph.strings).toContain('КлючRecord');
    expect(summarize(graph).find((row) => row.name === 'КлючRecord')?.count).toBe(1);
  });
});

describe('strings', () => {
  // Raw UTF-8 (V8 escapes it, other writers may not), a surrogate pair, a lone surrogate, every escape.
  const tricky = ['ключ', '😀 raw', 'a\u00e9b', 'x\ud800y', 'tab\tnl\nq"b\\s/', '\u0001', ''];
  // Object nodes named s1…s7 take strings 1–7, so the parser decodes every one of them.
  const named = tricky.map((_, i) => ({ type: 'object' as const, name: `s${i + 1}` }));
  const body = tinySnapshot([{ type: 'synthetic', name: '' }, ...named]).replace(
    /"strings":\[.*\]/,
    `"strings":["", "ключ" , "😀 raw","a\\u00E9b","x\\ud800y","tab\\tnl\\nq\\"b\\\\s\\/","\\u0001",""]`,
  );

  it('reads raw UTF-8, \\u escapes and surrogate pairs the way JSON.parse does', async () => {
    expect(JSON.parse(body).strings).toEqual(['', ...tricky]);
    const pair = tinySnapshot([
      { type: 'synthetic', name: '' },
      { type: 'object', name: 'p' },
    ]).replace(/"strings":\[.*\]/, '"strings":["","\\ud83d\\ude00"]');
    expect((await parseText(pair)).strings).toEqual(['', '😀']);
  });

  it('rejects a bad \\u escape (should not take ` or @ for hex digits)', async () => {
    for (const bad of ['\\u00`1', '\\u0@01', '\\u00g1']) {
      const text = tinySnapshot([{ type: 'synthetic', name: '' }]).replace(/"strings":\[.*\]/, `"strings":["${bad}"]`);
      const at = Buffer.from(text).indexOf(bad) + bad.search(/[`@g]/);
      const err = await parseText(text).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(SoakError);
      expect((err as SoakError).message).toBe(
        `tiny.heapsnapshot: not a V8 heap snapshot (in "strings": expected a hex digit at byte ${at}, found '${bad.match(/[`@g]/)![0]}')`,
      );
    }
  });

  it('names a bad byte between strings where it is, at every chunk size', async () => {
    // Where the next string or separator is due, whether the fast path or the general one meets it.
    const cases: Array<[string, string, string]> = [
      ['"","Foo" "x"', '"x"', `expected ',' or ']'`],
      ['"","Foo",', ']', 'expected a string'],
      ['"","Foo",5', '5]', 'expected a string'],
      ['"","Fo\\no";', ';', `expected ',' or ']'`],
    ];
    for (const [strings, badAt, what] of cases) {
      const text = tinySnapshot([{ type: 'synthetic', name: '' }]).replace(/"strings":\[.*\]/, `"strings":[${strings}]`);
      const at = Buffer.from(text).lastIndexOf(badAt);
      for (const chunk of [1, 3, 7, 1 << 20]) {
        const err = await parseText(text, chunk).then(() => undefined, (e: unknown) => e);
        expect((err as SoakError).message, `${strings} in chunks of ${chunk}`).toBe(
          `tiny.heapsnapshot: not a V8 heap snapshot (in "strings": ${what} at byte ${at}, found '${badAt[0]}')`,
        );
      }
    }
  });

  it.each([1, 2, 3, 5, 7, 64])('splits nowhere wrongly with %i-byte chunks', async (chunk) => {
    const g = await parseText(body, chunk);
    expect(g.strings).toEqual(['', ...tricky]);
  });
});

describe('layout', () => {
  const nodes = [
    { type: 'synthetic', name: '', edges: [{ type: 'element', name: 1, to: 1 }] },
    { type: 'object', name: 'Foo', size: 32 },
  ];

  it('reads a file in 7-byte chunks through the chunkBytes option', async () => {
    const path = writeTmp('tiny-7.heapsnapshot', tinySnapshot(nodes));
    const g = await parseSnapshotFile(path, { chunkBytes: 7 });
    expect([g.nodeCount, g.edgeCount, g.nodeName(1), g.nodeSelfSize(1)]).toEqual([2, 1, 'Foo', 32]);
  });

  it('does not depend on the order of the top-level keys and skips unknown ones', async () => {
    const text = tinySnapshot(nodes, {
      keyOrder: ['strings', 'trace_tree', 'edges', 'nodes', 'samples', 'locations', 'snapshot'],
      extra: { trace_tree: [1, [2, 3, [4, ['x]"}', { a: '[' }]]]], samples: [] },
    });
    const g = await parseText(text, 3);
    expect(g.nodeCount).toBe(2);
    expect(g.nodeName(1)).toBe('Foo');
    expect(g.edgeToNode(0)).toBe(1);
  });
});

describe('errors', () => {
  it('a file cut inside "nodes" says how many values it read', async () => {
    const start = text.indexOf('"nodes":[') + '"nodes":['.length;
    let at = start;
    for (let k = 0; k < 1234; k++) at = text.indexOf(',', at) + 1;
    const path = writeTmp('cut-nodes.heapsnapshot', text.slice(0, at));
    const err = await soakError(parseSnapshotFile(path));
    expect(err.code).toBe('SOAK_SNAPSHOT_INVALID');
    expect(err.message).toBe(`${path}: truncated heap snapshot (ended inside "nodes" after 1234 values)`);
    // Cut in the middle of a number: that number is not counted.
    const mid = writeTmp('cut-mid.heapsnapshot', text.slice(0, text.indexOf('"nodes":[') + 11));
    expect((await soakError(parseSnapshotFile(mid))).message).toBe(
      `${mid}: truncated heap snapshot (ended inside "nodes" after 1 value)`,
    );
  });

  it('a file cut inside "strings" or the header says where', async () => {
    const tiny = tinySnapshot([{ type: 'synthetic', name: '' }, { type: 'object', name: 'Foo' }]);
    const inStrings = writeTmp('cut-strings.heapsnapshot', tiny.slice(0, tiny.indexOf('"Foo"') + 2));
    expect((await soakError(parseSnapshotFile(inStrings))).message).toBe(
      `${inStrings}: truncated heap snapshot (ended inside "strings" after 1 value)`,
    );
    const inHeader = writeTmp('cut-header.heapsnapshot', tiny.slice(0, 30));
    expect((await soakError(parseSnapshotFile(inHeader))).message).toBe(
      `${inHeader}: truncated heap snapshot (ended inside "snapshot")`,
    );
    const afterKey = writeTmp('cut-after.heapsnapshot', tiny.slice(0, tiny.indexOf(',\n"nodes"')));
    expect((await soakError(parseSnapshotFile(afterKey))).message).toBe(
      `${afterKey}: truncated heap snapshot (ended inside the top-level object after "snapshot")`,
    );
  });

  /** `text` with the last value of its `key` array removed, and how many values that array had. */
  function withoutLastValue(text: string, key: 'nodes' | 'edges'): { text: string; had: number } {
    const from = text.indexOf(`"${key}":[`) + key.length + 4;
    const to = text.indexOf(']', from);
    const values = text.slice(from, to).split(',');
    return { text: text.slice(0, from) + values.slice(0, -1).join(',') + text.slice(to), had: values.length };
  }

  it('counts the dropped node fields when it checks the length of "nodes"', async () => {
    // V8's 7 node fields; the graph keeps 5. One value short of whole nodes: the 5 kept fields
    // still divide evenly, the file's 7 do not, and the file is what is wrong.
    const cut = withoutLastValue(tinySnapshot([{ type: 'synthetic', name: '' }, { type: 'object', name: 'Foo' }]), 'nodes');
    expect(cut.had).toBe(14);
    const short = writeTmp('short-nodes.heapsnapshot', cut.text);
    expect((await soakError(parseSnapshotFile(short))).message).toBe(
      `${short}: not a V8 heap snapshot ("nodes" has 13 values, expected a positive multiple of 7 node fields)`,
    );
  });

  it('counts the edge type kept apart when it checks the length of "edges"', async () => {
    const tiny = tinySnapshot([
      { type: 'synthetic', name: '', edges: [{ type: 'property', name: 'foo', to: 1 }] },
      { type: 'object', name: 'Foo' },
    ]);
    const cut = withoutLastValue(tiny, 'edges');
    expect(cut.had).toBe(3);
    const short = writeTmp('short-edges.heapsnapshot', cut.text);
    expect((await soakError(parseSnapshotFile(short))).message).toBe(
      `${short}: not a V8 heap snapshot ("edges" has 2 values, expected a multiple of 3 edge fields)`,
    );
  });

  it('rejects a file that is not JSON, an empty file and a missing file', async () => {
    const notJson = writeTmp('hello.txt', 'hello world\n');
    const e1 = await soakError(parseSnapshotFile(notJson));
    expect(e1.code).toBe('SOAK_SNAPSHOT_INVALID');
    expect(e1.message).toBe(`${notJson}: not a V8 heap snapshot (expected '{' at byte 0, found 'h')`);
    const empty = writeTmp('empty.heapsnapshot', '  \n');
    expect((await soakError(parseSnapshotFile(empty))).message).toBe(`${empty}: not a V8 heap snapshot (the file is empty)`);
    const missing = join(tmp.dir, 'nope.heapsnapshot');
    const e3 = await soakError(parseSnapshotFile(missing));
    expect(e3.code).toBe('SOAK_SNAPSHOT_INVALID');
    expect(e3.message).toBe(
      `${missing}: cannot read heap snapshot (ENOENT: no such file or directory, open '${missing}')`,
    );
  });

  it('rejects JSON without snapshot.meta', async () => {
    const pkg = JSON.stringify({ name: 'x', version: '1.0.0', nodes: { a: [1] } });
    const other = writeTmp('package.json', pkg);
    expect((await soakError(parseSnapshotFile(other))).message).toBe(
      `${other}: not a V8 heap snapshot (in "nodes": expected '[' at byte ${pkg.indexOf('{"a"')}, found '{')`,
    );
    const noMeta = writeTmp('no-meta.json', '{"snapshot":{"node_count":0},"nodes":[],"edges":[],"strings":[]}');
    expect((await soakError(parseSnapshotFile(noMeta))).message).toBe(
      `${noMeta}: not a V8 heap snapshot (no "snapshot.meta" object)`,
    );
    const noHeader = writeTmp('no-header.json', '{"a":[1,2,{"b":"]"}],"c":null}');
    expect((await soakError(parseSnapshotFile(noHeader))).message).toBe(
      `${noHeader}: not a V8 heap snapshot (no "snapshot" object with "meta")`,
    );
  });

  it('rejects a number that is not a non-negative integer, and trailing data', async () => {
    const tiny = tinySnapshot([{ type: 'synthetic', name: '' }]);
    const negative = writeTmp('negative.heapsnapshot', tiny.replace('"nodes":[9,', '"nodes":[-9,'));
    const at = tiny.indexOf('"nodes":[') + 9;
    expect((await soakError(parseSnapshotFile(negative))).message).toBe(
      `${negative}: not a V8 heap snapshot (in "nodes": expected a non-negative integer at byte ${at}, found '-')`,
    );
    const trailing = writeTmp('trailing.heapsnapshot', `${tiny}\n}`);
    expect((await soakError(parseSnapshotFile(trailing))).message).toBe(
      `${trailing}: not a V8 heap snapshot (unexpected '}' at byte ${tiny.length + 1} after the end of the top-level object)`,
    );
  });

  it('accepts the same snapshot with trailing whitespace (should not find a problem)', async () => {
    const tiny = tinySnapshot([{ type: 'synthetic', name: '' }]);
    const ok = writeTmp('ok.heapsnapshot', `${tiny}\n\n`);
    expect((await parseSnapshotFile(ok)).nodeCount).toBe(1);
  });
});
