/**
 * Issue 14 item 3: nothing of a run outlives it. The module under test's own children go with the
 * run's end (with a warning naming them), and after kill -9 of the orchestrator the reaper ends every
 * process group of the run — a busy-looping target that ignores SIGTERM included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive, waitForExit } from '../helpers/processes.js';
import { tempDir } from '../helpers/run-cli.js';
import { faultScenario, readJson, sampleLines, startCli, waitFor, waitForEnded } from './fault-helpers.js';

/** Pids whose parent is `ppid`, from /proc. */
function childrenOf(ppid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('processes left behind', () => {
  it('a process the module under test spawned and never stopped is ended at the end of the run, with a warning', async () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    const pidFile = join(dir, 'pid.json');
    const file = faultScenario(dir, 'spawns-grandchild', 'snapshots: false\n');
    const cli = startCli(['run', file, '--out', out, '--duration', '3s'], { FAULT_SPAWN: '1', FAULT_PID_FILE: pidFile });
    const { code } = await cli.exited;
    const { grandchild } = JSON.parse(readFileSync(pidFile, 'utf8')) as { grandchild: number };
    expect(cli.stderr()).toMatch(new RegExp(`warning: the client side left 1 process behind in its process group: ${grandchild} \\(node\\); ws-soak ended them`));
    expect(await waitForExit([grandchild], 1_000)).toEqual([]);
    const summary = readJson(join(out, 'summary.json'));
    expect(code).toBe(summary.verdict === 'fail' ? 1 : summary.verdict === 'pass' ? 0 : 4);
    expect(await waitForExit(Object.values(summary.pids) as number[])).toEqual([]);
  });

  it('kill -9 of the orchestrator: a spinning target that ignores SIGTERM, its own child, the server and the reaper all go', async () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    const pidFile = join(dir, 'pid.json');
    const file = faultScenario(dir, 'orchestrator-killed', 'snapshots: false\n');
    const cli = startCli(['run', file, '--out', out, '--duration', '60s'], { FAULT_SPAWN: '1', FAULT_PID_FILE: pidFile, FAULT_SPIN_AT_MS: '1500' });
    await waitFor('the run to start', () => cli.stderr().includes('run folder'), 30_000);
    await waitFor('the client to spin', () => {
      try {
        return sampleLines(out).length > 3 && Date.now();
      } catch {
        return false;
      }
    });
    await new Promise((r) => setTimeout(r, 1_500));
    const { pid, grandchild } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number; grandchild: number };
    // The server, the client and the reaper.
    const children = childrenOf(cli.child.pid!);
    expect(children).toContain(pid);
    expect(children.length).toBe(3);
    const everything = [...children, grandchild];
    expect(everything.every(isAlive)).toBe(true);
    const killedAt = Date.now();
    process.kill(cli.child.pid!, 'SIGKILL');
    const left = await waitForEnded(everything, 5_000);
    const endedMs = Date.now() - killedAt;
    // Dead processes stay zombies until init reaps them (here about once a second): also wait for that.
    const unreaped = await waitForExit(everything, 10_000);
    console.log(`fault suite: after kill -9 of the orchestrator, its ${everything.length} processes had ended in ${endedMs} ms, reaped in ${Date.now() - killedAt} ms`);
    expect(left).toEqual([]);
    expect(endedMs).toBeLessThan(1_000);
    expect(unreaped).toEqual([]);
    // What was measured until then stays readable.
    expect(sampleLines(out).length).toBeGreaterThan(3);
  });
});
