/** `ws-soak init`: a starter scenario and client module that run as written, never overwriting. */
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openerFor } from '../../src/commands/open-report.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

describe('ws-soak init', () => {
  it('writes soak.yaml and my-client.mjs, which load and run as written', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ws-soak-init-')), 'soak');
    const result = await runCli(['init', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`wrote ${join(dir, 'soak.yaml')} and ${join(dir, 'my-client.mjs')}\nnext: npx ws-soak run `);
    const yaml = readFileSync(join(dir, 'soak.yaml'), 'utf8');
    expect(yaml).toContain('  module: ./my-client.mjs   # relative to this file; its own imports resolve from its folder');
    expect(yaml.split('\n').filter((l) => l.includes('#')).length).toBeGreaterThan(8);
    // The module imports ws from its own folder: give it ws-soak's node_modules, as `npm install ws` would.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    // Bounded by cycles (and 20 s): a fixed 3 s run left 0–7 cycles when a loaded machine took most of it to start the client.
    const run = await runCli(['run', join(dir, 'soak.yaml'), '--duration', '20s', '--cycles', '15', '--no-snapshots', '--out', join(dir, 'run'), '--json'], {
      timeoutMs: 45_000,
    });
    const summary = JSON.parse(run.stdout);
    expect(summary.error).toBeNull();
    expect(summary.scenario).toBe('my-client');
    expect(summary.cycles).toBeGreaterThanOrEqual(15);
    expect(summary.endedBy).toBe('cycles');
  });

  it('refuses to overwrite either file (exit 2) and leaves it as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-soak-init-'));
    writeFileSync(join(dir, 'my-client.mjs'), 'mine');
    const result = await runCli(['init', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, 'my-client.mjs')} already exists; ws-soak init never overwrites`);
    expect(readFileSync(join(dir, 'my-client.mjs'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'soak.yaml'))).toBe(false);
  });
});

describe('--open', () => {
  it('uses open on macOS and xdg-open with a display; never in CI; says why it skips', () => {
    expect(openerFor({}, 'darwin')).toEqual({ command: 'open', skip: null });
    expect(openerFor({ DISPLAY: ':0' }, 'linux')).toEqual({ command: 'xdg-open', skip: null });
    expect(openerFor({}, 'linux').skip).toBe('not opening report.html: no display (DISPLAY and WAYLAND_DISPLAY are unset)');
    expect(openerFor({ CI: 'true', DISPLAY: ':0' }, 'darwin')).toEqual({ command: null, skip: 'not opening report.html in CI (CI is set)' });
  });
});
