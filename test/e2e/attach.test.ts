/**
 * End-to-end: ws-soak attached by pid to a plain Node WebSocket server the test started itself
 * (test/fixtures/attach/server.mjs). A leaky one fails, a clean one passes; either way the server
 * runs on and answers afterwards, the inspector ws-soak opened is closed again, and the server's
 * own view of itself after ws-soak detached (globals, process listeners, handles, a heap snapshot
 * it writes) holds nothing of ws-soak's. A server that exits mid-run ends the run with what was measured.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listTargets } from '../../src/attach/inspector-session.js';
import { PROBE_MARKER } from '../../src/attach/remote-probe.js';
import { ATTACH_SERVER, freePort, startAttachTarget, type AttachTarget } from '../helpers/attach-target.js';
import { isAlive } from '../helpers/processes.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

const started: AttachTarget[] = [];

/** The fixture's line that keeps a record per connection (LEAK=1), found in its source. */
const KEPT_LINE = readFileSync(ATTACH_SERVER, 'utf8').split('\n').findIndex((l) => l.includes('kept.push(')) + 1;

afterEach(async () => {
  for (const t of started.splice(0)) await t.stop();
});

/** The fixture, with SIGUSR1 opening its inspector on a free port (9229 may be another test's). */
async function target(leak: boolean): Promise<{ t: AttachTarget; inspectPort: number; dir: string }> {
  const dir = tempDir('ws-soak-attach-');
  const inspectPort = await freePort();
  const t = await startAttachTarget({ leak, statePath: join(dir, 'state.json'), nodeArgs: [`--inspect-port=127.0.0.1:${inspectPort}`] });
  started.push(t);
  return { t, inspectPort, dir };
}

function writeScenario(dir: string, lines: string[]): string {
  const file = join(dir, 'attach.yaml');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function summaryOf(out: string) {
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
}

async function expectStillServing(t: AttachTarget, inspectPort: number): Promise<void> {
  expect(isAlive(t.pid)).toBe(true);
  const res = await fetch(`http://127.0.0.1:${t.port}/`);
  expect(await res.text()).toBe('ok\n');
  // ws-soak opened the inspector (SIGUSR1) and closed it again.
  expect(await listTargets('127.0.0.1', inspectPort)).toBeNull();
}

describe('ws-soak run with server.attach', () => {
  it('fails a leaky running server attached with --attach PID, names the line that keeps the records, and leaves it as found', async () => {
    const { t, inspectPort, dir } = await target(true);
    const before = await t.state();
    // Bounded by cycles with a time cap (as command-targets.test.ts): at load 15–20 on 2 cores a 15 s run judged too few.
    const file = writeScenario(dir, [
      'cycles: 300',
      'duration: 30s',
      'verdict: { minCycles: 150 }',
      'server:',
      `  url: ws://127.0.0.1:${t.port}/`,
      `  attach: { port: ${inspectPort} }`,
      'client:',
      '  count: 4',
    ]);
    const out = join(dir, 'run');
    const result = await runCli(['run', file, '--attach', String(t.pid), '--out', out], { timeoutMs: 90_000 });
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('verdict: FAIL');
    const summary = summaryOf(out);
    expect(summary.verdict).toBe('fail');
    expect(summary.pids.server).toBe(t.pid);
    expect(summary.processes.map((p: { role: string }) => p.role)).toEqual(['server']);
    // 16 KiB kept per connection: the post-GC external trend, measured over the inspector.
    const external = summary.processes[0].growth.find((g: { series: string }) => g.series === 'external');
    expect(external.perCycle).toBeGreaterThan(8 * 1024);
    // The snapshots, taken over the inspector, name what holds the leak: the fixture's `kept` array.
    expect(summary.snapshots.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(summary.processes[0].evidence)).toContain('kept: Array');
    // The sites phase ran in the target over its inspector: the fixture's `kept.push` line, in the headline first.
    expect(summary.sitesPhase?.failures).toEqual([]);
    const failing = summary.processes[0].evidence.filter((e: { failing: boolean }) => e.failing);
    const sites = failing.flatMap((e: { sites?: Array<{ file: string; line: number }> }) => e.sites ?? []);
    expect(sites.length).toBeGreaterThan(0);
    expect(sites.every((site: { file: string; line: number }) => site.file === 'test/fixtures/attach/server.mjs' && site.line === KEPT_LINE)).toBe(true);
    expect(failing.some((e: { headline?: string }) => e.headline?.includes(`test/fixtures/attach/server.mjs:${KEPT_LINE}:`))).toBe(true);
    // On the final screen too, in the headlines above the figures (wrapped to the terminal's width).
    const screen = result.stdout.replace(/\s+/g, ' ');
    expect(screen.indexOf(`added at test/fixtures/attach/server.mjs:${KEPT_LINE}:`)).toBeGreaterThanOrEqual(0);
    expect(screen.indexOf(`added at test/fixtures/attach/server.mjs:${KEPT_LINE}:`)).toBeLessThan(screen.indexOf(' cycles in '));
    // Every hook out again, and nothing of the recorder's left: methods, globals, listeners, handles, heap.
    const after = await t.state();
    expect(after.hooks).toEqual(before.hooks);
    expect(Object.values(after.hooks).every(Boolean)).toBe(true);
    expect(after.globals).toEqual(before.globals);
    expect(after.listeners).toEqual(before.listeners);
    expect(after.resources).toEqual(before.resources);
    expect(readFileSync(after.snapshot, 'utf8')).not.toContain(PROBE_MARKER);
    await expectStillServing(t, inspectPort);
  });

  it('passes a clean running server attached by server.attach.pid, and leaves nothing of its own in it', async () => {
    const { t, inspectPort, dir } = await target(false);
    const before = await t.state();
    // Long enough for 200 judged cycles on a loaded 2-core machine (15 s gave "inconclusive" at load 9).
    const file = writeScenario(dir, [
      'duration: 25s',
      'server:',
      `  url: ws://127.0.0.1:${t.port}/`,
      `  attach: { pid: ${t.pid}, port: ${inspectPort} }`,
      'client:',
      '  count: 8',
    ]);
    const out = join(dir, 'run');
    const result = await runCli(['run', file, '--out', out], { timeoutMs: 90_000 });
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(0);
    expect(summaryOf(out).verdict).toBe('pass');
    // Past the one-shot timer that closed the inspector (INSPECTOR_CLOSE_DELAY_MS), the server as it was found
    // (asked before the HTTP check below, whose keep-alive socket would count as a handle).
    const after = await t.state();
    expect(after.hooks).toEqual(before.hooks);
    expect(after.globals).toEqual(before.globals);
    expect(after.listeners).toEqual(before.listeners);
    expect(after.resources).toEqual(before.resources);
    const snapshot = readFileSync(after.snapshot, 'utf8');
    expect(JSON.parse(snapshot).snapshot.node_count).toBeGreaterThan(1000);
    expect(snapshot).not.toContain(PROBE_MARKER);
    await expectStillServing(t, inspectPort);
  });

  it('ends the run with what was measured when the attached server exits mid-run', async () => {
    const { t, inspectPort, dir } = await target(false);
    const file = writeScenario(dir, [
      'duration: 30s',
      'server:',
      `  url: ws://127.0.0.1:${t.port}/`,
      `  attach: { pid: ${t.pid}, port: ${inspectPort} }`,
    ]);
    const out = join(dir, 'run');
    const running = runCli(['run', file, '--out', out], { timeoutMs: 90_000 });
    // Bounded: ws-soak is attached once the inspector answers on the port (within ~20 s on a loaded machine).
    for (let i = 0; i < 200 && (await listTargets('127.0.0.1', inspectPort)) === null; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 4_000));
    // SIGTERM: the fixture calls process.exit(0), which, with a debugger attached, waits for it to disconnect.
    const exited = new Promise((r) => t.child.once('exit', r));
    t.child.kill('SIGTERM');
    await exited;
    const result = await running;
    expect(result.code).toBe(3);
    const summary = summaryOf(out);
    expect(summary.verdict).toBe('error');
    expect(summary.error.code).toBe('SOAK_TARGET_CRASHED');
    expect(summary.error.message).toMatch(new RegExp(`^the attached server \\(pid ${t.pid}\\) went away mid-run`));
    expect(summary.durationMs).toBeLessThan(30_000);
    const samples = readFileSync(join(out, 'samples.ndjson'), 'utf8').trim().split('\n');
    expect(samples.length).toBeGreaterThanOrEqual(2);
  });
});
