/** Real heap snapshots for the heap tests: a child Node.js process builds a known heap and writes them. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A child never gets longer than this to write its snapshots. */
const CHILD_TIMEOUT_MS = 60_000;

/**
 * The child's heap, per "cycle": one `LeakyRecord` kept forever in the closure variable `seen`
 * (a Map). Also 50 `CleanRecord`s in `globalThis.registry.items`, replaced by 50 fresh ones
 * before every snapshot (so they are new but do not grow), 5 `StableRecord`s made once, and a
 * few non-ASCII strings. Writes `<dir>/cycle-<n>.heapsnapshot` at each cycle count in CYCLES.
 * WRITER=heapdump writes with the heapdump package (its path in HEAPDUMP) instead of v8.
 */
export const LEAK_SCRIPT = `
const v8 = require('node:v8');
const path = require('node:path');
class LeakyRecord { constructor(i) { this.at = 'at-' + i; this.attempt = { n: i }; } }
class CleanRecord { constructor(i) { this.v = 'clean-' + i; } }
class StableRecord { constructor(i) { this.s = 'stable-' + i; } }
const seen = new Map();
const stable = [];
for (let i = 0; i < 5; i++) stable.push(new StableRecord(i));
globalThis.registry = { items: [] };
globalThis.unicode = ['ключ-' + stable.length, 'emoji \\u{1F600}', 'quote " and back \\\\ slash'];
// A constructor name V8 writes as \\u escapes: names are what the parser decodes (string contents are not).
class КлючRecord {}
globalThis.unicodeInstance = new КлючRecord();
function runCycles(n) { for (let i = 0; i < n; i++) seen.set(seen.size, new LeakyRecord(seen.size)); }
function churnClean() {
  globalThis.registry.items = [];
  for (let i = 0; i < 50; i++) globalThis.registry.items.push(new CleanRecord(i));
}
function write(file) {
  return new Promise((resolve, reject) => {
    if (process.env.WRITER === 'heapdump') {
      require(process.env.HEAPDUMP).writeSnapshot(file, (err) => (err ? reject(err) : resolve()));
    } else {
      v8.writeHeapSnapshot(file);
      resolve();
    }
  });
}
(async () => {
  let done = 0;
  for (const cycle of process.env.CYCLES.split(',').map(Number)) {
    runCycles(cycle - done);
    done = cycle;
    churnClean();
    await new Promise((r) => setTimeout(r, 5));
    global.gc();
    await write(path.join(process.env.SNAP_DIR, 'cycle-' + cycle + '.heapsnapshot'));
  }
  if (stable.length !== 5) throw new Error('unreachable');
})().catch((err) => { console.error(err); process.exit(1); });
`;

/** A fresh temp folder; `remove()` deletes it. */
export function snapshotDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ws-soak-heap-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs {@link LEAK_SCRIPT} and returns the snapshot paths, one per cycle count.
 * Rejects with the child's stderr if it fails or takes longer than CHILD_TIMEOUT_MS.
 */
export function writeLeakSnapshots(
  dir: string,
  cycles: readonly number[],
  options: { writer?: 'v8' | 'heapdump'; heapdumpPath?: string } = {},
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '-e', LEAK_SCRIPT], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        SNAP_DIR: dir,
        CYCLES: cycles.join(','),
        WRITER: options.writer ?? 'v8',
        HEAPDUMP: options.heapdumpPath ?? '',
      },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(cycles.map((c) => join(dir, `cycle-${c}.heapsnapshot`)));
      else reject(new Error(`snapshot child failed (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}
