/**
 * The final screen through the real CLI: colour only when asked for (FORCE_COLOR) and never with
 * NO_COLOR, the verdict last, the next step named; a module that cannot load said once, with no
 * empty run folder left behind.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir, type CliResult } from '../helpers/run-cli.js';

const ESC = '\x1b';
const scenario = join(FIXTURES, 'scenarios', 'clean-builtin.yaml');
const short = ['--cycles', '150', '--duration', '8s', '--no-snapshots'];
let forced: CliResult;
let noColor: CliResult;
let forcedDir: string;

beforeAll(async () => {
  forcedDir = join(tempDir(), 'forced');
  [forced, noColor] = await Promise.all([
    runCli(['run', scenario, '--out', forcedDir, ...short], { env: { FORCE_COLOR: '1' }, timeoutMs: 60_000 }),
    runCli(['run', scenario, '--out', join(tempDir(), 'no-color'), ...short], { env: { FORCE_COLOR: '1', NO_COLOR: '1' }, timeoutMs: 60_000 }),
  ]);
}, 90_000);

describe('the final screen', () => {
  it('FORCE_COLOR colours the verdict even when piped; it is the last line, after the report path', () => {
    expect(forced.stderr).not.toContain('internal error');
    const lines = forced.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^\x1b\[1mverdict:\x1b\[0m \x1b\[1;3[123]m[A-Z]+\x1b\[0m — /);
    expect(forced.stdout).toContain(`  report:     ${join(forcedDir, 'report.html')}`);
  });

  it('NO_COLOR wins over FORCE_COLOR: no escape code anywhere', () => {
    expect(noColor.stdout).toMatch(/\nverdict: [A-Z]+ — /);
    expect(noColor.stdout).not.toContain(ESC);
    expect(noColor.stderr).not.toContain(ESC);
  });

  it('a piped screen is not wrapped and has no "not enough samples" noise', () => {
    expect(noColor.stdout).not.toContain('not enough samples');
    expect(noColor.stdout.split('\n').some((l) => l.length > 100)).toBe(true);
  });
});

describe('a module that cannot be loaded', () => {
  it('is said once, on stderr, and leaves no empty run folder in the reports folder', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'reports'));
    writeFileSync(join(dir, 'bad.mjs'), "import 'ws-soak-no-such-package';\nexport default function start() {}\n");
    writeFileSync(join(dir, 'bad.yaml'), 'duration: 5s\nclient:\n  module: ./bad.mjs\n');
    const result = await runCli(['run', join(dir, 'bad.yaml'), '--reports-dir', join(dir, 'reports')], { timeoutMs: 30_000 });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('the module could not be loaded')).toHaveLength(2);
    expect(result.stderr).toMatch(/verdict: ERROR — client\.module .*bad\.mjs: the module could not be loaded \(Error: Cannot find package 'ws-soak-no-such-package'/);
    expect(result.stderr).not.toContain('not enough samples');
    expect(existsSync(join(dir, 'reports')) ? readdirSync(join(dir, 'reports')) : []).toEqual([]);
  });
});

describe('ws-soak run --client, without a scenario file', () => {
  it('soaks the module against the built-in server for --duration, named after the file', async () => {
    const out = join(tempDir(), 'run');
    const client = join(FIXTURES, '..', '..', 'scenarios', 'examples', 'reconnecting-client.mjs');
    const result = await runCli(['run', '--client', client, '--duration', '15s', '--cycles', '40', '--no-snapshots', '--out', out, '--json'], { timeoutMs: 40_000 });
    expect(result.stderr).not.toContain('internal error');
    const summary = JSON.parse(result.stdout);
    expect(summary.scenario).toBe('reconnecting-client');
    expect(summary.error).toBeNull();
    expect(summary.cycles).toBeGreaterThan(0);
    expect(summary.processes.map((p: { role: string }) => p.role)).toEqual(['client']);
    const scenario = JSON.parse((await import('node:fs')).readFileSync(join(out, 'scenario.json'), 'utf8'));
    expect(scenario.client.module).toBe(client);
    expect(scenario.durationMs).toBe(15_000);
    expect(scenario.cycles).toBe(40);
  });

  it('a scenario file and --client together are a usage error (exit 2)', async () => {
    const result = await runCli(['run', scenario, '--client', './x.mjs'], { timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give a scenario file or --client/--server, not both');
  });
});
