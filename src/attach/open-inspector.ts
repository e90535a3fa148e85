/**
 * Reaching a running Node process's inspector for `server.attach`: by pid (check it is a Node
 * process we may signal, send SIGUSR1, wait for the port) or at an address already open. Either
 * way the session is checked to belong to the process meant, and every failure says what was
 * tried and what to do.
 */
import { readlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { INSPECTOR_CLOSE_DELAY_MS, INSPECTOR_OPEN_TIMEOUT_MS, INSPECTOR_POLL_MS } from '../constants.js';
import { SoakError } from '../errors.js';
import type { AttachTarget } from '../scenario/types.js';
import { InspectorSession, listTargets, type InspectorTarget } from './inspector-session.js';
import { readFigures } from './remote-probe.js';

export interface OpenedInspector {
  session: InspectorSession;
  pid: number;
  version: string;
  /** ws-soak opened the inspector (SIGUSR1) and so closes it again at the end. */
  openedByUs: boolean;
  address: string;
}

function attachError(message: string): SoakError {
  return new SoakError('SOAK_ATTACH_FAILED', `server.attach: ${message}`);
}

/** What a pid runs: its executable's path, or why that cannot be told. */
export type Executable = { path: string } | { unknown: string };

/** The executable a pid runs (/proc/<pid>/exe on Linux, `ps` elsewhere). */
function executableOf(pid: number): Executable {
  if (process.platform === 'linux') {
    try {
      return { path: readlinkSync(`/proc/${pid}/exe`) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another user's or a privileged process: the kernel hides its executable even from root in a container.
      return { unknown: `/proc/${pid}/exe cannot be read (${code ?? String(error)})` };
    }
  }
  try {
    const path = execFileSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8', timeout: 5_000 }).trim();
    return path ? { path } : { unknown: '`ps` does not name its program' };
  } catch (error) {
    return { unknown: `\`ps -p ${pid}\` failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

/**
 * Why SIGUSR1 must not be sent to `pid`, or null when it runs Node. Fail-safe: SIGUSR1 ends most
 * programs, so a process whose executable cannot be told is refused too.
 */
export function notNodeReason(pid: number, exe: Executable, nodeName = basename(process.execPath)): string | null {
  const hint =
    'Give the pid of the node process itself (a wrapper such as npm or a shell is not it: `pgrep -a node`), ' +
    'or start it with --inspect=127.0.0.1:9229 and give server.attach.inspector.';
  if ('unknown' in exe) return `cannot tell what pid ${pid} runs: ${exe.unknown}; SIGUSR1 ends most programs, so it was not sent. ${hint}`;
  const name = basename(exe.path.replace(/ \(deleted\)$/, ''));
  if (/^node/i.test(name) || name === nodeName) return null;
  return `pid ${pid} runs ${exe.path}, not Node.js; SIGUSR1 would end most programs, so it was not sent. ${hint}`;
}

/** Fails unless `pid` is a process this user may signal and it runs Node. */
function checkSignalable(pid: number): void {
  if (process.platform === 'win32') {
    throw attachError('attaching by pid needs SIGUSR1, which Windows does not have; start the server with --inspect=127.0.0.1:9229 and give server.attach.inspector: "127.0.0.1:9229"');
  }
  try {
    process.kill(pid, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') throw attachError(`no process has pid ${pid}; check the pid (e.g. with \`pgrep -a node\`)`);
    if (code === 'EPERM') {
      throw attachError(`pid ${pid} belongs to another user, and this user may not signal it; run ws-soak as the same user as the server (or start the server with --inspect and give server.attach.inspector)`);
    }
    throw attachError(`cannot signal pid ${pid} (${code ?? String(error)})`);
  }
  const reason = notNodeReason(pid, executableOf(pid));
  if (reason) throw attachError(reason);
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the inspector answers at host:port with a target that has a debugger URL. */
async function waitForTarget(host: string, port: number, timeoutMs: number): Promise<InspectorTarget | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const targets = await listTargets(host, port);
    const target = targets?.find((t) => typeof t.webSocketDebuggerUrl === 'string');
    if (target) return target;
    if (Date.now() >= deadline) return null;
    await sleep(INSPECTOR_POLL_MS);
  }
}

/** Opens a session on the target at host:port and reads the pid it belongs to. */
async function connect(target: InspectorTarget, address: string): Promise<{ session: InspectorSession; pid: number; version: string }> {
  let session: InspectorSession;
  try {
    session = await InspectorSession.connect(target.webSocketDebuggerUrl ?? '', INSPECTOR_OPEN_TIMEOUT_MS);
  } catch (error) {
    throw attachError(
      `the inspector at ${address} did not accept ws-soak's connection (${error instanceof Error ? error.message : String(error)}). ` +
        'Another debugger (Chrome DevTools, an IDE) may be attached: detach it and try again.',
    );
  }
  try {
    const figures = await readFigures(session);
    return { session, pid: figures.pid, version: figures.version };
  } catch (error) {
    await session.close();
    throw attachError(`the inspector at ${address} did not answer Runtime.evaluate (${error instanceof Error ? error.message : String(error)}); is it a Node.js process?`);
  }
}

/**
 * Opens the inspector `attach` names and returns a session on it.
 *
 * @throws SoakError `SOAK_ATTACH_FAILED` naming what was tried and what to do
 */
export async function openInspector(attach: AttachTarget): Promise<OpenedInspector> {
  if (attach.kind === 'inspector') {
    const address = `${attach.host}:${attach.port}`;
    const target = await waitForTarget(attach.host, attach.port, 0);
    if (!target) {
      throw attachError(
        `no Node.js inspector answers at ${address} (asked http://${address}/json/list). ` +
          `Start the server with --inspect=${address}, or give server.attach.pid to have ws-soak open it.`,
      );
    }
    const { session, pid, version } = await connect(target, address);
    return { session, pid, version, openedByUs: false, address };
  }
  const { pid, port } = attach;
  const host = '127.0.0.1';
  const address = `${host}:${port}`;
  checkSignalable(pid);
  // Open already (started with --inspect, or by an earlier SIGUSR1)? Then it is not ours to close.
  const before = await waitForTarget(host, port, 0);
  if (before) {
    const opened = await connect(before, address);
    if (opened.pid === pid) return { ...opened, openedByUs: false, address };
    await opened.session.close();
    throw attachError(
      `the inspector at ${address} belongs to pid ${opened.pid}, not ${pid}. ` +
        `If pid ${pid} was started with --inspect-port, give that port as server.attach.port; otherwise stop the other inspector first.`,
    );
  }
  process.kill(pid, 'SIGUSR1');
  const target = await waitForTarget(host, port, INSPECTOR_OPEN_TIMEOUT_MS);
  if (!target) {
    throw attachError(
      `sent SIGUSR1 to pid ${pid}, but no inspector answered at ${address} within ${INSPECTOR_OPEN_TIMEOUT_MS / 1000} s. ` +
        'If the process was started with --inspect-port=N give server.attach.port: N; a process started with --disable-sigusr1 or without inspector support cannot be attached by pid ' +
        '(start it with --inspect=127.0.0.1:9229 and give server.attach.inspector).',
    );
  }
  const opened = await connect(target, address);
  if (opened.pid !== pid) {
    await opened.session.close();
    throw attachError(`the inspector that answered at ${address} belongs to pid ${opened.pid}, not ${pid}; give the port pid ${pid}'s inspector uses as server.attach.port`);
  }
  return { ...opened, openedByUs: true, address };
}

/**
 * Closes an inspector ws-soak opened, from inside the target. Not during the evaluation itself:
 * `inspector.close()` called while the inspector dispatches our session's message crashed Node
 * 20.20 with SIGSEGV in 4 of 8 tries here; from a timer that fires after our session is gone it
 * closed cleanly in 20 of 20. The one-shot timer is unref'd and gone once it fires. Needs `process.getBuiltinModule` (Node ≥ 20.16, 22.3); on older
 * Node the inspector stays open and the caller is told.
 */
export async function closeInspector(session: InspectorSession): Promise<boolean> {
  const canClose = await readCanClose(session);
  if (canClose) {
    await session.sendWithoutAnswer('Runtime.evaluate', {
      expression: `void setTimeout(() => globalThis.process.getBuiltinModule('node:inspector').close(), ${INSPECTOR_CLOSE_DELAY_MS}).unref()`,
      includeCommandLineAPI: false,
      silent: true,
    });
  }
  await session.close();
  return canClose;
}

async function readCanClose(session: InspectorSession): Promise<boolean> {
  try {
    const reply = await session.call('Runtime.evaluate', { expression: "typeof globalThis.process.getBuiltinModule === 'function'", returnByValue: true, silent: true });
    return (reply['result'] as { value?: unknown } | undefined)?.value === true;
  } catch {
    return false;
  }
}
