/**
 * The performance case, outside the default suite (`npm run test:long`): a child with a
 * million small objects writes a ~260 MB snapshot; the streaming parser and the analysis
 * must get the counts right, and the times are printed next to JSON.parse's.
 * WS_SOAK_BIG_OBJECTS=2300000 makes a file above V8's 512 MB string limit, which JSON.parse
 * cannot read at all.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeDominators } from '../../src/heap/dominators.js';
import { parseSnapshotFile } from '../../src/heap/parse.js';
import { summarize } from '../../src/heap/summary.js';
import { snapshotDir } from './snapshot-child.js';

const OBJECTS = Number(process.env['WS_SOAK_BIG_OBJECTS'] ?? 1_000_000);
/** Writing a snapshot this size takes V8 about half a minute on a slow machine. */
const CHILD_TIMEOUT_MS = 10 * 60_000;

const BIG_SCRIPT = `
class Small { constructor(i) { this.i = i; this.s = 'k' + i; this.o = { n: i }; } }
const keep = [];
for (let i = 0; i < Number(process.env.OBJECTS); i++) keep.push(new Small(i));
setTimeout(() => { global.gc(); require('node:v8').writeHeapSnapshot(process.env.OUT); }, 10);
`;

function writeBig(out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8000', '-e', BIG_SCRIPT], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, OUT: out, OBJECTS: String(OBJECTS) },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`big snapshot child failed (${code}): ${stderr}`));
    });
  });
}

describe('a big snapshot', () => {
  const tmp = snapshotDir();
  afterAll(() => tmp.remove());

  it(`parses and summarizes ${OBJECTS.toLocaleString('en-US')} objects`, async () => {
    const file = join(tmp.dir, 'big.heapsnapshot');
    await writeBig(file);
    let t = performance.now();
    const graph = await parseSnapshotFile(file);
    const parseMs = performance.now() - t;
    t = performance.now();
    const tree = computeDominators(graph);
    const dominatorsMs = performance.now() - t;
    const rows = summarize(graph, tree);
    expect(rows.find((r) => r.name === 'Small')?.count).toBe(OBJECTS);
    expect(tree.retainedSize[0]).toBe(graph.totalSize());
    console.log(
      `${(statSync(file).size / 1e6).toFixed(0)} MB, ${graph.nodeCount} nodes, ${graph.edgeCount} edges: ` +
        `parse ${parseMs.toFixed(0)} ms, dominators ${dominatorsMs.toFixed(0)} ms, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    );
  });
});
