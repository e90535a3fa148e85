/** `ws-soak inspect` lists the largest single objects: a growing Array held by a variable shows up with its path. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const SCRIPT = `
const history = [];
for (let i = 0; i < 20000; i++) history.push({ at: i, note: 'attempt ' + i });
globalThis.keep = () => history.length;
global.gc();
require('node:v8').writeHeapSnapshot(process.argv[1]);
`;

describe('ws-soak inspect: largest objects', () => {
  it('shows an Array of 20,000 records held by a variable, with the path that holds it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ws-soak-inspect-')), 'history.heapsnapshot');
    const child = spawnSync(process.execPath, ['--expose-gc', '-e', SCRIPT, file], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    const result = await runCli(['inspect', file]);
    expect(result.code).toBe(0);
    const section = result.stdout.slice(result.stdout.indexOf('Largest objects'));
    expect(section).toMatch(/^Largest objects \(retained size: what freeing that one object would free\), and what holds each:\nClass +Retained size +Self size\nArray +\d+(\.\d+)? MiB/);
    expect(section).toMatch(/\n {2}Array @\d+: .*history: Array\n/);
    const json = JSON.parse((await runCli(['inspect', file, '--json'])).stdout);
    expect(json.largestObjects[0]).toMatchObject({ className: 'Array' });
    expect(json.largestObjects[0].path).toMatch(/history: Array$/);
  });
});
