/**
 * Issue 14 item 2: the watchdog watches a pending snapshot too. A process that blocks for good
 * while asked for a snapshot is hung (exit 3) after the bound, not an "inconclusive" run ten minutes
 * later; one that dies mid-snapshot is a crash at once; a busy loop that ignores SIGTERM at stop
 * gets SIGKILL after the grace period.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_START_MIN_MS } from '../../src/constants.js';
import { waitForExit } from '../helpers/processes.js';
import { tempDir } from '../helpers/run-cli.js';
import { faultScenario, readJson, sampleLines, snapshotFiles, startCli, waitFor } from './fault-helpers.js';

describe('the watchdog during a heap snapshot', () => {
  for (const blockForMs of [null, 10_000]) {
    const how = blockForMs === null ? 'for good' : `for ${blockForMs / 1000} s`;
    it(`a client that blocks ${how} while a snapshot is due: hung (SOAK_TARGET_HUNG), killed, exit 3`, async () => {
      const dir = tempDir();
      const out = join(dir, 'run');
      const file = faultScenario(dir, 'block-mid-snapshot', 'snapshots:\n  every: 2s\n');
      const pidFile = join(dir, 'pid.json');
      const env: Record<string, string> = { FAULT_BLOCK_AT_MS: '3000', FAULT_PID_FILE: pidFile };
      if (blockForMs !== null) env.FAULT_BLOCK_FOR_MS = String(blockForMs);
      const cli = startCli(['run', file, '--out', out, '--duration', '60s'], env);
      const { code, at } = await cli.exited;
      expect(code).toBe(3);
      const summary = readJson(join(out, 'summary.json'));
      expect(summary.verdict).toBe('error');
      expect(summary.error.code).toBe('SOAK_TARGET_HUNG');
      // Blocked before the request (never began) or, if the two met, right after it began.
      expect(summary.error.message).toMatch(
        /^the client process under test stopped answering while asked for heap snapshot client-\d+-c\d+\.heapsnapshot: it (never began writing it: no file [\d.]+ s after the request \(a snapshot of its heap begins within 5 s\)|wrote nothing more)/,
      );
      expect(cli.stderr()).toContain('stopped answering while asked for heap snapshot');
      // The next request comes within 2 s of the block, then the 5 s bound: long before the 60 s.
      const endedAfterMs = at - Number(readFileSync(`${pidFile}.blocked`, 'utf8'));
      console.log(`fault suite: snapshot hang (blocked ${how}): the run ended ${endedAfterMs} ms after the block (bound ${SNAPSHOT_START_MIN_MS} ms after the request)`);
      expect(endedAfterMs).toBeGreaterThan(SNAPSHOT_START_MIN_MS);
      expect(endedAfterMs).toBeLessThan(SNAPSHOT_START_MIN_MS + 8_000);
      expect(snapshotFiles(out).sort()).toEqual([...summary.snapshots].sort());
      expect(sampleLines(out).length).toBeGreaterThan(0);
      expect(await waitForExit(Object.values(summary.pids) as number[])).toEqual([]);
    });
  }

  it('a client killed by SIGKILL mid-snapshot: a crash at once, the partial snapshot deleted, exit 3', async () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    const pidFile = join(dir, 'pid.json');
    const file = faultScenario(dir, 'killed-mid-snapshot', 'snapshots:\n  every: 2s\n');
    const cli = startCli(['run', file, '--out', out], { FAULT_OBJECTS: '1000000', FAULT_PID_FILE: pidFile });
    await waitFor('a snapshot being written', () => snapshotFiles(out).length > 0, 60_000);
    const { pid } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number };
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    const { code, at } = await cli.exited;
    console.log(`fault suite: client SIGKILLed mid-snapshot → exit ${code} after ${at - killedAt} ms`);
    expect(code).toBe(3);
    expect(at - killedAt).toBeLessThan(8_000);
    const summary = readJson(join(out, 'summary.json'));
    expect(summary.error.code).toBe('SOAK_TARGET_CRASHED');
    expect(summary.error.message).toContain('killed by SIGKILL');
    expect(summary.snapshotFailures[0].message).toMatch(/^abandoned: the client process exited while writing it \(killed by SIGKILL\)/);
    expect(snapshotFiles(out)).toEqual([]);
    expect(await waitForExit(Object.values(summary.pids) as number[])).toEqual([]);
  });

  it('a client that spins and ignores SIGTERM when asked to stop: SIGTERM, then SIGKILL after the grace period; hung, exit 3', async () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    const file = faultScenario(dir, 'spin-on-stop', 'snapshots: false\n');
    const started = Date.now();
    const cli = startCli(['run', file, '--out', out, '--duration', '3s'], { FAULT_SPIN_ON_STOP: '1' });
    const { code, at } = await cli.exited;
    const message =
      'the client process under test did not stop within 5 s of being asked (its stop() never returned, or its event loop is blocked); ' +
      'it was sent SIGTERM, ignored it, and was killed with SIGKILL 1 s later. The samples until then are kept.';
    expect(cli.stderr()).toContain(message);
    // 3 s of run, 5 s to stop, 1 s of grace after SIGTERM, then the reports.
    expect(at - started).toBeLessThan(20_000);
    const summary = readJson(join(out, 'summary.json'));
    expect(code).toBe(3);
    expect(summary.verdict).toBe('error');
    expect(summary.error).toEqual({ code: 'SOAK_TARGET_HUNG', role: 'client', message });
    expect(sampleLines(out).length).toBeGreaterThan(0);
    expect(await waitForExit(Object.values(summary.pids) as number[])).toEqual([]);
  });
});
