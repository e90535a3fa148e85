/**
 * Short retainer paths (heap/path-anchor.ts) on a real snapshot: a child process keeps records in
 * an ES module's variable, a CommonJS module's variable, a global, and in a package's module-scope
 * queue (the shape of an old `ws` release's zlib limiter), and each path starts at its module.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupNodes } from '../../src/heap/class-name.js';
import type { HeapGraph } from '../../src/heap/graph.js';
import { parseSnapshotFile } from '../../src/heap/parse.js';
import { displayFile } from '../../src/heap/path-anchor.js';
import { commonRetainerPath, shortestPathTree } from '../../src/heap/retainers.js';

const FILES: Record<string, string> = {
  'node_modules/old-ws/package.json': '{ "name": "old-ws", "version": "6.2.2", "main": "index.js" }',
  'node_modules/old-ws/index.js': "module.exports = require('./lib/permessage-deflate.js');\n",
  // As ws 6's lib/permessage-deflate.js: one module-scope limiter whose queue keeps jobs that never finish.
  'node_modules/old-ws/lib/permessage-deflate.js': [
    'class Queue { constructor() { this.jobs = []; } push(job) { this.jobs.push(job); } }',
    'let zlibLimiter;',
    'class PerMessageDeflate {',
    '  constructor() { if (!zlibLimiter) zlibLimiter = new Queue(); }',
    '  decompress(data) { zlibLimiter.push({ data }); }',
    '}',
    'module.exports = PerMessageDeflate;',
  ].join('\n'),
  'user.cjs': 'class CjsRecord { constructor(i) { this.i = i; } }\nconst cjsHistory = [];\nexports.add = (i) => cjsHistory.push(new CjsRecord(i));\n',
  'client.mjs': [
    "import v8 from 'node:v8';",
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    "const PerMessageDeflate = require('old-ws');",
    "const cjs = require('./user.cjs');",
    'class EsmRecord { constructor(i) { this.i = i; } }',
    'class GlobalRecord { constructor(i) { this.i = i; } }',
    'class Frame { constructor(i) { this.i = i; } }',
    'class Session { constructor(i) { this.i = i; } }',
    'const reconnectHistory = [];',
    'const sessions = {};',
    'globalThis.globalHistory = [];',
    'const deflate = new PerMessageDeflate();',
    'for (let i = 0; i < 200; i++) {',
    '  reconnectHistory.push(new EsmRecord(i));',
    "  sessions['session-' + i] = new Session(i);",
    '  globalHistory.push(new GlobalRecord(i));',
    '  cjs.add(i);',
    '  deflate.decompress(new Frame(i));',
    '}',
    'export function size() { return reconnectHistory.length + Object.keys(sessions).length; }',
    // Off the module's own stack, as in a soak: the module is held by the loader, not by its running body.
    'setTimeout(() => v8.writeHeapSnapshot(process.argv[2]), 10);',
  ].join('\n'),
};

describe('short retainer paths on a real snapshot', () => {
  let dir: string;
  let graph: HeapGraph;
  const short = (group: string): string | null | undefined => commonRetainerPath(graph, group, { tree: shortestPathTree(graph), groups: groupNodes(graph) })?.short;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ws-soak-anchor-'));
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const file = join(dir, 'h.heapsnapshot');
    execFileSync(process.execPath, [join(dir, 'client.mjs'), file], { cwd: dir, timeout: 60_000 });
    graph = await parseSnapshotFile(file);
  }, 90_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an ES module variable: the module file, then the variable', () => {
    expect(short('EsmRecord')).toBe(`${displayFile(join(dir, 'client.mjs'))} › reconnectHistory`);
  });

  it('a plain object used as a map: the variable, not the key of the entry', () => {
    expect(short('Session')).toBe(`${displayFile(join(dir, 'client.mjs'))} › sessions`);
  });

  it('a CommonJS module variable: the module file (its Module object), then the variable, not the exports that reach it', () => {
    expect(short('CjsRecord')).toBe(`${displayFile(join(dir, 'user.cjs'))} › cjsHistory`);
  });

  it('a global: globalThis, then the property', () => {
    expect(short('GlobalRecord')).toBe('globalThis › globalHistory');
  });

  it("a package's module-scope queue: the package file from its name on, then the variable and the property", () => {
    expect(short('Frame')).toBe('old-ws/lib/permessage-deflate.js › zlibLimiter.jobs');
  });
});

describe('displayFile', () => {
  it('names a package file from the package on, a file in the working directory relative to it, a file URL as a path', () => {
    expect(displayFile('/srv/app/node_modules/@scope/pkg/lib/a.js', '/srv/app')).toBe('@scope/pkg/lib/a.js');
    expect(displayFile('/srv/app/node_modules/a/node_modules/b/x.js', '/srv/app')).toBe('b/x.js');
    expect(displayFile('file:///srv/app/src/client.mjs', '/srv/app')).toBe('src/client.mjs');
    expect(displayFile('/elsewhere/client.mjs', '/srv/app')).toBe('/elsewhere/client.mjs');
  });
});
