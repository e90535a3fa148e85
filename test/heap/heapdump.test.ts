import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSnapshotFile } from '../../src/heap/parse.js';
import { summarize } from '../../src/heap/summary.js';
import { snapshotDir, writeLeakSnapshots } from './snapshot-child.js';
import { expectedStrings } from './strings-in-use.js';

/** heapdump is an optional dependency: where it did not build, there is nothing to test. */
function heapdumpPath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('heapdump');
  } catch {
    return undefined;
  }
}

const heapdump = heapdumpPath();

describe.skipIf(!heapdump)('snapshots written by the heapdump package', () => {
  const tmp = snapshotDir();
  afterAll(() => tmp.remove());

  it('parse like v8.writeHeapSnapshot ones: counts match JSON.parse and the 1,000 LeakyRecords', async () => {
    const [file] = await writeLeakSnapshots(tmp.dir, [1000], { writer: 'heapdump', heapdumpPath: heapdump! });
    const json = JSON.parse(readFileSync(file!, 'utf8'));
    const g = await parseSnapshotFile(file!);
    expect(g.nodeCount).toBe(json.nodes.length / json.snapshot.meta.node_fields.length);
    expect(g.edgeCount).toBe(json.edges.length / json.snapshot.meta.edge_fields.length);
    expect(g.strings).toEqual(expectedStrings(json));
    const rows = summarize(g);
    expect(rows.find((r) => r.name === 'LeakyRecord')?.count).toBe(1000);
    expect(rows.find((r) => r.name === 'CleanRecord')?.count).toBe(50);
  });
});
