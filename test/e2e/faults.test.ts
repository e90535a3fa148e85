/**
 * Faults, provoked for real: the process under test crashes, is killed, runs out of
 * memory, hangs; the CLI is interrupted; a server never starts. Each keeps what was
 * measured, says what happened, exits with the documented code and leaves no process.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForExit } from '../helpers/processes.js';
import { CLI, FIXTURES, ROOT, runCli, tempDir } from '../helpers/run-cli.js';

const scenario = (name: string) => join(FIXTURES, 'scenarios', name);
const readSummary = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
const readSamples = (dir: string) =>
  readFileSync(join(dir, 'samples.ndjson'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

async function expectNoChildren(summary: { pids: Record<string, number> }): Promise<void> {
  const pids = Object.values(summary.pids);
  expect(pids.length).toBe(2);
  expect(await waitForExit(pids)).toEqual([]);
}

describe('faults in the process under test', () => {
  it('a client that throws mid-run: verdict error, exit 3, samples kept, stderr tail reported', async () => {
    const out = join(tempDir(), 'run');
    const result = await runCli(['run', scenario('crash-after.yaml'), '--out', out, '--no-snapshots']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the client process under test exited during the run (exit code 1)');
    expect(result.stderr).toContain('session store went away');
    const summary = readSummary(out);
    expect(summary.verdict).toBe('error');
    expect(summary.error.code).toBe('SOAK_TARGET_CRASHED');
    expect(summary.error.exit.code).toBe(1);
    expect(summary.error.stderrTail.join('\n')).toContain('reconnect handler: about to fail');
    expect(readSamples(out).length).toBeGreaterThanOrEqual(4);
    await expectNoChildren(summary);
  });

  it('a client killed by SIGKILL: the signal is reported', async () => {
    const out = join(tempDir(), 'run');
    const result = await runCli(['run', scenario('kill-self.yaml'), '--out', out, '--no-snapshots']);
    expect(result.code).toBe(3);
    const summary = readSummary(out);
    expect(summary.error.exit.signal).toBe('SIGKILL');
    expect(summary.error.message).toContain('killed by SIGKILL');
    await expectNoChildren(summary);
  });

  it('a client that runs out of memory: reported as a leak finding (fail, exit 1)', async () => {
    const out = join(tempDir(), 'run');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'run', scenario('oom.yaml'), '--out', out, '--no-snapshots', '--quiet'], {
        cwd: ROOT,
        // The heap limit reaches the child processes through the environment.
        env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=64' },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
    expect(result.code).toBe(1);
    const summary = readSummary(out);
    expect(summary.verdict).toBe('fail');
    expect(summary.error.outOfMemory).toBe(true);
    expect(summary.reason).toContain('ran out of memory');
    await expectNoChildren(summary);
  });

  it('a client whose event loop blocks: named as hung, stopped, exit 3', async () => {
    const out = join(tempDir(), 'run');
    const started = Date.now();
    const result = await runCli(['run', scenario('hang-after.yaml'), '--out', out, '--no-snapshots']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the client process under test stopped answering');
    const summary = readSummary(out);
    expect(summary.error.code).toBe('SOAK_TARGET_HUNG');
    // It ended on the hang, well before the scenario's 20 s.
    expect(Date.now() - started).toBeLessThan(18_000);
    expect(readSamples(out).length).toBeGreaterThanOrEqual(4);
    await expectNoChildren(summary);
  });
});

describe('start-up failures', () => {
  it('a port already in use: names host and port and the fix, exit 3', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const dir = tempDir();
      const file = join(dir, 'busy-port.yaml');
      writeFileSync(file, `name: busy-port\nduration: 3s\nserver:\n  port: ${port}\n`);
      const result = await runCli(['run', file, '--out', join(dir, 'run')]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`the built-in server could not listen on 127.0.0.1:${port}`);
      expect(result.stderr).toContain('EADDRINUSE');
      expect(result.stderr).toContain('use 0 to let the system choose a free one');
    } finally {
      blocker.close();
    }
  });

  it('a server module that never listens: a timeout naming the fix, exit 3', async () => {
    const out = join(tempDir(), 'run');
    const result = await runCli(['run', scenario('slow-server.yaml'), '--out', out]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the server process was not ready after 1 s');
    expect(result.stderr).toContain('raise server.startTimeout');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('signals', () => {
  it('SIGINT stops the run, writes the partial report marked interrupted, and leaves no child alive', async () => {
    const out = join(tempDir(), 'run');
    const child = spawn(process.execPath, [CLI, 'run', scenario('long-clean.yaml'), '--out', out], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Wait until the run is going, then let it sample for a few seconds.
    const deadline = Date.now() + 15_000;
    while (!stderr.includes('run folder') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 3_000));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(timer);
    expect(stderr).toContain('SIGINT — stopping the run');
    const summary = readSummary(out);
    expect(summary.interrupted).toBe(true);
    expect(summary.endedBy).toBe('interrupted');
    expect(summary.durationMs).toBeLessThan(30_000);
    expect(readSamples(out).length).toBeGreaterThanOrEqual(3);
    expect(code).toBe(summary.verdict === 'fail' ? 1 : 4);
    await expectNoChildren(summary);
  });
});
