/**
 * A bug in ws-soak itself mid-run (an uncaught error in the orchestrator) says it is one and exits 3:
 * Node's default exit code for it, 1, means "leak found" to a CI gate. The children go with it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, tempDir } from '../helpers/run-cli.js';
import { faultScenario, startCli, waitForEnded } from './fault-helpers.js';

describe('a bug in the orchestrator', () => {
  it('an uncaught error mid-run: "internal error … a bug in ws-soak", exit 3, no child left', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'pid.json');
    const file = faultScenario(dir, 'orchestrator-bug', 'snapshots: false\n');
    const cli = startCli(['run', file, '--out', join(dir, 'run')], {
      NODE_OPTIONS: `--require ${join(FIXTURES, 'faults', 'orchestrator-bug.cjs')}`,
      FAULT_PID_FILE: pidFile,
      FAULT_SPAWN: '1',
    });
    const { code } = await cli.exited;
    expect(cli.stderr()).toContain('ws-soak: internal error: injected orchestrator bug\nThis is a bug in ws-soak; run with --verbose and report the stack trace.');
    expect(code).toBe(3);
    const { pid, grandchild } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number; grandchild: number };
    expect(await waitForEnded([pid, grandchild], 2_000)).toEqual([]);
  });
});
