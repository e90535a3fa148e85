/**
 * Reaching a running process's inspector for server.attach, with real processes: by pid (SIGUSR1
 * opens it, ws-soak closes it again and the process lives on), at an address, and each way it
 * can go wrong, with the message that says what to do.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listTargets } from '../../src/attach/inspector-session.js';
import { closeInspector, notNodeReason, openInspector } from '../../src/attach/open-inspector.js';
import { SoakError } from '../../src/errors.js';
import { freePort, startAttachTarget, type AttachTarget } from '../helpers/attach-target.js';
import { isAlive } from '../helpers/processes.js';
import { tempDir } from '../helpers/run-cli.js';

const started: AttachTarget[] = [];
const others: Array<{ kill: (s: NodeJS.Signals) => boolean }> = [];

afterEach(async () => {
  for (const t of started.splice(0)) await t.stop();
  for (const o of others.splice(0)) o.kill('SIGKILL');
});

async function target(nodeArgs: string[] = []): Promise<AttachTarget> {
  const t = await startAttachTarget({ leak: false, statePath: join(tempDir(), 'state.json'), nodeArgs });
  started.push(t);
  return t;
}

async function attachFailure(promise: Promise<unknown>): Promise<SoakError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SoakError);
  expect((error as SoakError).code).toBe('SOAK_ATTACH_FAILED');
  return error as SoakError;
}

describe('openInspector by pid', () => {
  it('opens the inspector with SIGUSR1 on the given port, checks the pid, and closes it again; the process runs on', async () => {
    const port = await freePort();
    // --inspect-port only says where SIGUSR1 opens it: nothing listens there before.
    const t = await target([`--inspect-port=127.0.0.1:${port}`]);
    expect(await listTargets('127.0.0.1', port)).toBeNull();
    const opened = await openInspector({ kind: 'pid', pid: t.pid, port });
    expect(opened.pid).toBe(t.pid);
    expect(opened.openedByUs).toBe(true);
    expect(await listTargets('127.0.0.1', port)).not.toBeNull();
    expect(await closeInspector(opened.session)).toBe(true);
    // Bounded wait for the port to stop answering.
    let answer: unknown = 'open';
    for (let i = 0; i < 50 && answer !== null; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await listTargets('127.0.0.1', port);
    }
    expect(answer).toBeNull();
    expect(isAlive(t.pid)).toBe(true);
    const res = await fetch(`http://127.0.0.1:${t.port}/`);
    expect(await res.text()).toBe('ok\n');
  });

  it('leaves an inspector that was open before it came open', async () => {
    const port = await freePort();
    const t = await target([`--inspect=127.0.0.1:${port}`]);
    const opened = await openInspector({ kind: 'pid', pid: t.pid, port });
    expect(opened.openedByUs).toBe(false);
    await opened.session.close();
    expect(await listTargets('127.0.0.1', port)).not.toBeNull();
  });

  it('refuses an inspector on the port that belongs to another process', async () => {
    const port = await freePort();
    const other = await target([`--inspect=127.0.0.1:${port}`]);
    const meant = await target();
    const error = await attachFailure(openInspector({ kind: 'pid', pid: meant.pid, port }));
    expect(error.message).toBe(
      `server.attach: the inspector at 127.0.0.1:${port} belongs to pid ${other.pid}, not ${meant.pid}. ` +
        `If pid ${meant.pid} was started with --inspect-port, give that port as server.attach.port; otherwise stop the other inspector first.`,
    );
  });

  it('says so when no process has the pid', async () => {
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    const error = await attachFailure(openInspector({ kind: 'pid', pid: gone.pid!, port: 9229 }));
    expect(error.message).toBe(`server.attach: no process has pid ${gone.pid}; check the pid (e.g. with \`pgrep -a node\`)`);
  });

  it.runIf(process.platform === 'linux')('does not send SIGUSR1 to a process that is not Node (it would end it)', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    others.push(sleeper);
    await new Promise((r) => sleeper.once('spawn', r));
    const error = await attachFailure(openInspector({ kind: 'pid', pid: sleeper.pid!, port: 9229 }));
    expect(error.message).toMatch(new RegExp(`^server\\.attach: pid ${sleeper.pid} runs /\\S*sleep, not Node\\.js; SIGUSR1 would end most programs, so it was not sent\\.`));
    await new Promise((r) => setTimeout(r, 200));
    expect(isAlive(sleeper.pid!)).toBe(true);
  });
});

describe('notNodeReason', () => {
  it('lets Node through, by its name or this Node\'s', () => {
    expect(notNodeReason(5, { path: '/usr/local/bin/node' })).toBeNull();
    expect(notNodeReason(5, { path: '/opt/nodejs/bin/nodejs (deleted)' })).toBeNull();
    expect(notNodeReason(5, { path: '/opt/app/my-node-build' }, 'my-node-build')).toBeNull();
  });

  it('refuses another program, and one whose executable cannot be told (fail-safe)', () => {
    expect(notNodeReason(5, { path: '/usr/bin/python3' })).toMatch(/^pid 5 runs \/usr\/bin\/python3, not Node\.js; SIGUSR1 would end most programs, so it was not sent\./);
    expect(notNodeReason(1, { unknown: '/proc/1/exe cannot be read (EACCES)' })).toBe(
      'cannot tell what pid 1 runs: /proc/1/exe cannot be read (EACCES); SIGUSR1 ends most programs, so it was not sent. ' +
        'Give the pid of the node process itself (a wrapper such as npm or a shell is not it: `pgrep -a node`), ' +
        'or start it with --inspect=127.0.0.1:9229 and give server.attach.inspector.',
    );
  });
});

describe('openInspector at an address', () => {
  it('says what to do when nothing answers there', async () => {
    const port = await freePort();
    const error = await attachFailure(openInspector({ kind: 'inspector', host: '127.0.0.1', port }));
    expect(error.message).toBe(
      `server.attach: no Node.js inspector answers at 127.0.0.1:${port} (asked http://127.0.0.1:${port}/json/list). ` +
        `Start the server with --inspect=127.0.0.1:${port}, or give server.attach.pid to have ws-soak open it.`,
    );
  });

  it('says another debugger holds it when the inspector refuses a second one', async () => {
    const port = await freePort();
    const t = await target([`--inspect=127.0.0.1:${port}`]);
    const first = await openInspector({ kind: 'inspector', host: '127.0.0.1', port });
    expect(first.pid).toBe(t.pid);
    const second = await openInspector({ kind: 'inspector', host: '127.0.0.1', port }).then(
      (o) => o,
      (e: unknown) => e,
    );
    await first.session.close();
    // Node 20 accepts one debugger at a time; if this Node takes two, the second must still be a working session.
    if (second instanceof SoakError) {
      expect(second.message).toMatch(/did not accept ws-soak's connection .*Another debugger \(Chrome DevTools, an IDE\) may be attached: detach it and try again\.$/);
    } else {
      expect((second as { pid: number }).pid).toBe(t.pid);
      await (second as { session: { close(): Promise<void> } }).session.close();
    }
  });
});

/**
 * Another user's process: the kernel refuses the signal (EPERM). Only root can set up both users
 * on one machine, so this runs only as root: the target runs as root, ws-soak's check as `nobody`.
 */
describe('openInspector by pid of another user', () => {
  const NOBODY = 65534;
  it.runIf(process.platform === 'linux' && process.getuid?.() === 0)('says the pid belongs to another user and what to do, without signalling it', async (ctx) => {
    const inspectPort = await freePort();
    const t = await target([`--inspect-port=127.0.0.1:${inspectPort}`]);
    const moduleUrl = new URL('../../dist/attach/open-inspector.js', import.meta.url).href;
    const script = `
      let m;
      try { m = await import(${JSON.stringify(moduleUrl)}); } catch (e) { console.log('IMPORT_FAILED ' + e.message); process.exit(0); }
      m.openInspector({ kind: 'pid', pid: ${t.pid}, port: ${inspectPort} }).then(
        () => console.log('OPENED'),
        (e) => console.log('ERROR ' + e.message));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { uid: NOBODY, gid: NOBODY, cwd: '/' });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => child.once('exit', r));
    // A checkout `nobody` cannot read (e.g. under /root) cannot run this check at all.
    if (out.startsWith('IMPORT_FAILED')) ctx.skip();
    expect(out.trim()).toBe(
      `ERROR server.attach: pid ${t.pid} belongs to another user, and this user may not signal it; run ws-soak as the same user as the server (or start the server with --inspect and give server.attach.inspector)`,
    );
    expect(isAlive(t.pid)).toBe(true);
    // No SIGUSR1 reached it: its inspector stayed closed.
    expect(await listTargets('127.0.0.1', inspectPort)).toBeNull();
  });
});
