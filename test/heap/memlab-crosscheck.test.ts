/**
 * Cross-check with a parser no one here wrote (issue 4 item 7): the same snapshots loaded by
 * memlab (`@memlab/core`, `utils.getSnapshotFromFile`) and by ws-soak's streaming parser must
 * agree on node and edge counts, node counts per type, total self size, and the counts of a
 * few constructors.
 *
 * memlab pulls in puppeteer (~210 packages, 78 MB), so it is not a dependency of ws-soak: it
 * lives in its own package, bench/memlab/, installed by `PUPPETEER_SKIP_DOWNLOAD=1 npm ci
 * --prefix bench/memlab` (see docs/benchmarks.md). Without it this test is skipped locally, and
 * fails in CI (CI set), where .ci/run installs it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeapGraph } from '../../src/heap/graph.js';
import { parseSnapshotFile } from '../../src/heap/parse.js';
import { countGroups } from '../../src/heap/summary.js';
import { snapshotDir, writeLeakSnapshots } from './snapshot-child.js';

const MEMLAB_PACKAGE = fileURLToPath(new URL('../../bench/memlab/package.json', import.meta.url));
const MEMLAB_INSTALLED = existsSync(join(MEMLAB_PACKAGE, '..', 'node_modules', '@memlab', 'core', 'package.json'));
const INSTALL_HINT = 'PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix bench/memlab';
/** Cycle counts of the leak child's snapshots: LeakyRecord count equals the cycle count. */
const CYCLES = [10, 40];

/** The part of memlab's heap snapshot API this test reads. */
interface MemlabNode {
  type: string;
  name: string;
  self_size: number;
}
interface MemlabSnapshot {
  nodes: { length: number; forEach(cb: (node: MemlabNode) => void | boolean): void };
  edges: { length: number };
}
interface MemlabCore {
  config: { muteConsole: boolean };
  utils: { getSnapshotFromFile(file: string, options: object): Promise<MemlabSnapshot> };
}

/** What both parsers must agree on. */
interface Figures {
  nodes: number;
  edges: number;
  selfSize: number;
  byType: Record<string, number>;
  constructors: Record<string, number>;
}

const CONSTRUCTORS = ['LeakyRecord', 'CleanRecord', 'StableRecord'] as const;

function figuresFromMemlab(snapshot: MemlabSnapshot): Figures {
  const byType: Record<string, number> = {};
  const constructors: Record<string, number> = Object.fromEntries(CONSTRUCTORS.map((c) => [c, 0]));
  let selfSize = 0;
  snapshot.nodes.forEach((node) => {
    byType[node.type] = (byType[node.type] ?? 0) + 1;
    selfSize += node.self_size;
    if (node.type === 'object' && node.name in constructors) constructors[node.name]!++;
  });
  return { nodes: snapshot.nodes.length, edges: snapshot.edges.length, selfSize, byType, constructors };
}

function figuresFromWsSoak(graph: HeapGraph): Figures {
  const byType: Record<string, number> = {};
  for (let i = 0; i < graph.nodeCount; i++) {
    const type = graph.nodeTypeName(i);
    byType[type] = (byType[type] ?? 0) + 1;
  }
  const groups = new Map(countGroups(graph).map((g) => [g.name, g.count]));
  const constructors = Object.fromEntries(CONSTRUCTORS.map((c) => [c, groups.get(c) ?? 0]));
  return { nodes: graph.nodeCount, edges: graph.edgeCount, selfSize: graph.totalSize(), byType, constructors };
}

if (!MEMLAB_INSTALLED && !process.env['CI']) {
  console.warn(`memlab cross-check skipped: memlab is not installed in bench/memlab (run \`${INSTALL_HINT}\`)`);
}

describe.runIf(!MEMLAB_INSTALLED && process.env['CI'])('memlab cross-check in CI', () => {
  it('needs memlab installed in bench/memlab', () => {
    expect.fail(`memlab is not installed in bench/memlab; .ci/run must run \`${INSTALL_HINT}\` before the tests`);
  });
});

describe.skipIf(!MEMLAB_INSTALLED)(
  `ws-soak's parser against memlab's${MEMLAB_INSTALLED ? '' : ` (skipped: memlab is not installed; run \`${INSTALL_HINT}\`)`}`,
  () => {
    const tmp = snapshotDir();
    let files: string[] = [];
    let memlab: MemlabCore;

    beforeAll(async () => {
      memlab = createRequire(MEMLAB_PACKAGE)('@memlab/core') as MemlabCore;
      // memlab writes progress lines with terminal escapes; the test output stays readable without them.
      memlab.config.muteConsole = true;
      files = await writeLeakSnapshots(tmp.dir, CYCLES);
    });
    afterAll(() => tmp.remove());

    it.each(CYCLES.map((cycles, i) => ({ cycles, i })))(
      'agrees on the snapshot at cycle $cycles: counts, types, self size, constructors',
      async ({ cycles, i }) => {
        const file = files[i]!;
        const ours = figuresFromWsSoak(await parseSnapshotFile(file));
        const theirs = figuresFromMemlab(await memlab.utils.getSnapshotFromFile(file, { buildNodeIdIndex: true }));
        expect(ours.nodes).toBe(theirs.nodes);
        expect(ours.edges).toBe(theirs.edges);
        expect(ours.byType).toEqual(theirs.byType);
        expect(ours.selfSize).toBe(theirs.selfSize);
        expect(ours.constructors).toEqual(theirs.constructors);
        // And both are right: the child made exactly these objects.
        expect(theirs.constructors).toEqual({ LeakyRecord: cycles, CleanRecord: 50, StableRecord: 5 });
        expect(ours.nodes).toBeGreaterThan(1000);
      },
    );

    it('sees a difference when there is one (the two snapshots differ in LeakyRecords)', async () => {
      const [a, b] = await Promise.all(files.map((f) => memlab.utils.getSnapshotFromFile(f, { buildNodeIdIndex: true })));
      const [ours1, ours2] = await Promise.all(files.map(parseSnapshotFile));
      const delta = (f: Figures[]) => f[1]!.constructors['LeakyRecord']! - f[0]!.constructors['LeakyRecord']!;
      expect(delta([figuresFromMemlab(a!), figuresFromMemlab(b!)])).toBe(CYCLES[1]! - CYCLES[0]!);
      expect(delta([figuresFromWsSoak(ours1!), figuresFromWsSoak(ours2!)])).toBe(CYCLES[1]! - CYCLES[0]!);
    });
  },
);
