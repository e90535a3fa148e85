/**
 * Issue 14 item 1: a signal to the whole process group (Ctrl-C in a terminal, a cancelled CI job,
 * a closed terminal) while a heap snapshot is being written. The children do not die with the
 * group; the orchestrator stops the run, abandons the snapshot after a bound, deletes the partial
 * file, writes the partial report and exits 1 or 4 — never 0.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForExit } from '../helpers/processes.js';
import { CLI, tempDir } from '../helpers/run-cli.js';
import { faultScenario, readJson, sampleLines, snapshotFiles, startCli, waitFor } from './fault-helpers.js';

/** Enough objects that the first snapshot takes well over the 5 s the run gives it after a signal. */
const OBJECTS = '1500000';

async function signalMidSnapshot(signal: NodeJS.Signals) {
  const dir = tempDir();
  const out = join(dir, 'run');
  const file = faultScenario(dir, `group-${signal.toLowerCase()}`, 'snapshots:\n  every: 2s\n');
  const cli = startCli(['run', file, '--out', out], { FAULT_OBJECTS: OBJECTS });
  // V8 creates the file as it starts; it stays empty while the heap graph is built.
  await waitFor('a snapshot being written', () => snapshotFiles(out).length > 0, 60_000);
  const sentAt = Date.now();
  process.kill(-cli.child.pid!, signal);
  const { code, at } = await cli.exited;
  return { out, code, ms: at - sentAt, stderr: cli.stderr() };
}

describe('a signal to the process group during a heap snapshot', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal}: partial report marked interrupted, no partial snapshot, exit 1 or 4, no child left`, async () => {
      const { out, code, ms, stderr } = await signalMidSnapshot(signal);
      console.log(`fault suite: group ${signal} mid-snapshot → exit ${code} after ${ms} ms`);
      expect(stderr).toContain(`${signal} — stopping the run and writing the partial report`);
      expect([1, 4]).toContain(code);
      const summary = readJson(join(out, 'summary.json'));
      expect(summary.interrupted).toBe(true);
      expect(summary.endedBy).toBe('interrupted');
      expect(code).toBe(summary.verdict === 'fail' ? 1 : 4);
      // The abandoned snapshot is recorded and its file gone; only complete snapshots stay.
      expect(summary.snapshotFailures.map((f: { message: string }) => f.message)).toContain(
        'abandoned: the run was interrupted while it was being written; the partial file was deleted',
      );
      expect(snapshotFiles(out).sort()).toEqual([...summary.snapshots].sort());
      expect(sampleLines(out).length).toBeGreaterThan(0);
      expect(readJson(join(out, 'summary.json')).tool).toBe('ws-soak');
      // The 5 s the snapshot gets, plus stopping the server and writing the reports.
      expect(ms).toBeLessThan(15_000);
      expect(await waitForExit(Object.values(summary.pids) as number[])).toEqual([]);
    });
  }
});

describe('a second signal', () => {
  it('kills the children at once, without waiting for the snapshot, and still writes the summary', async () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    const file = faultScenario(dir, 'second-signal', 'snapshots:\n  every: 2s\n');
    const cli = startCli(['run', file, '--out', out], { FAULT_OBJECTS: OBJECTS });
    await waitFor('a snapshot being written', () => snapshotFiles(out).length > 0, 60_000);
    const sentAt = Date.now();
    process.kill(-cli.child.pid!, 'SIGINT');
    await waitFor('the first signal to be heard', () => cli.stderr().includes('SIGINT — stopping the run'), 5_000);
    process.kill(cli.child.pid!, 'SIGINT');
    const { code, at } = await cli.exited;
    expect(cli.stderr()).toContain('SIGINT again — killing the child processes now; the partial report is still written');
    // Well before the 5 s a pending snapshot gets after one signal.
    expect(at - sentAt).toBeLessThan(4_000);
    expect([1, 4]).toContain(code);
    const summary = readJson(join(out, 'summary.json'));
    expect(summary.interrupted).toBe(true);
    expect(snapshotFiles(out).sort()).toEqual([...summary.snapshots].sort());
    expect(await waitForExit(Object.values(summary.pids) as number[])).toEqual([]);
  });
});

/** `script` (util-linux) runs a command on a new pseudo-terminal; killing it closes the terminal. */
const SCRIPT_MISSING = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    console.warn('fault suite: skipping the closed-terminal test, `script` (util-linux) is not installed');
    return true;
  }
})();

describe.skipIf(SCRIPT_MISSING)('a terminal that is closed', () => {
  it('the hang-up reaches ws-soak on a real pseudo-terminal (live view on): the partial report is written, no child left', async () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    const file = faultScenario(dir, 'terminal-closed', 'snapshots: false\n');
    const command = [process.execPath, CLI, 'run', file, '--out', out].map((a) => `'${a}'`).join(' ');
    const terminal = spawn('script', ['-qefc', command, '/dev/null'], { stdio: 'ignore', detached: true });
    await waitFor('a few samples', () => {
      try {
        return sampleLines(out).length >= 4;
      } catch {
        return false;
      }
    });
    // SIGKILL to `script` closes the terminal's master side: the kernel sends SIGHUP to its session.
    process.kill(terminal.pid!, 'SIGKILL');
    const summary = await waitFor('summary.json', () => existsSync(join(out, 'summary.json')) && readJson(join(out, 'summary.json')), 20_000);
    expect(summary.interrupted).toBe(true);
    expect(summary.endedBy).toBe('interrupted');
    expect(['inconclusive', 'fail']).toContain(summary.verdict);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(await waitForExit(Object.values(summary.pids) as number[])).toEqual([]);
  });
});
