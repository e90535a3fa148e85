/**
 * How the run starts a side: a forked ws-soak child (module or built-in side), the user's program
 * (`command`, probed through NODE_OPTIONS and reporting to one ProbeListener per run), or, for
 * `server.attach`, a running process soaked over its inspector. The run keeps the clock and the
 * verdict's records; this file only builds and wires the side.
 */
import { join } from 'node:path';
import { AttachedSide } from '../attach/attached-side.js';
import { SoakChild } from '../ipc/child-process.js';
import type { ChildConfig, FromChild } from '../ipc/messages.js';
import type { Reaper } from '../ipc/reaper.js';
import type { ChildExit } from '../model/child-exit.js';
import type { RunRecord } from '../model/run-record.js';
import { diskFullError, isDiskFull } from '../run-folder/disk-full.js';
import { logFileName } from '../run-folder/layout.js';
import type { AttachTarget, Role, Scenario } from '../scenario/types.js';
import { CommandSide } from './command-side.js';
import { ProbeListener } from './probe-listener.js';
import type { SideProcess } from './side-process.js';

/** What starting a side needs from the run. */
export interface SideStartContext {
  scenario: Scenario;
  dir: string;
  record: RunRecord;
  reaper: Reaper | null;
  /** The run's sides: a started one is added before it can fail, so it is stopped with the rest. */
  children: SideProcess[];
  /** The run's probe listener, opened by the first command side. */
  probes: { listener: ProbeListener | null };
  underTest(role: Role): boolean;
  childConfig(role: Role, url?: string): ChildConfig & { role: Role };
  onMessage(role: Role, message: FromChild): void;
  onExit(child: SideProcess, exit: ChildExit): void;
  /** A process of a command side went away: it is no longer watched for silence. */
  onProcessGone(role: Role, pid: number): void;
  warning(text: string): void;
  failWith(error: ReturnType<typeof diskFullError>): void;
}

/** Starts the `role` side: the user's program when `role.command` is set, else a forked ws-soak child. */
export async function startSide(ctx: SideStartContext, role: Role, url?: string): Promise<SideProcess> {
  const logPath = join(ctx.dir, logFileName(role));
  const onLogError = (error: NodeJS.ErrnoException) => {
    if (isDiskFull(error)) ctx.failWith(diskFullError(logPath, error));
    else ctx.warning(`${logFileName(role)} could not be written: ${error.message}; the run goes on without it`);
  };
  let child: SideProcess;
  if (ctx.scenario[role].command) {
    ctx.probes.listener ??= await ProbeListener.open();
    const command = new CommandSide(role, ctx.scenario, ctx.probes.listener, {
      logPath,
      onLogError,
      underTest: ctx.underTest(role),
      startedAt: ctx.record.startedAt.getTime(),
      ...(url === undefined ? {} : { url }),
    });
    ctx.children.push(command);
    command.on('exit', (exit) => ctx.onExit(command, exit));
    command.on('gone', (pid) => ctx.onProcessGone(role, pid));
    await command.start();
    child = command;
  } else {
    child = new SoakChild(ctx.childConfig(role, url), { logPath, onLogError });
    ctx.children.push(child);
    child.on('exit', (exit) => ctx.onExit(child, exit));
  }
  if (child.pid !== undefined) ctx.reaper?.watch(child.pid);
  child.on('message', (message) => ctx.onMessage(role, message));
  if (child.pid !== undefined) ctx.record.pids[role] = child.pid;
  return child;
}

/** Attaches to the running server (`server.attach`); `onGone` hears when it goes away. */
export async function attachServer(ctx: SideStartContext, target: AttachTarget, onGone: (side: AttachedSide) => void): Promise<AttachedSide> {
  const side = await AttachedSide.open(target, ctx.scenario, ctx.record.startedAt.getTime());
  ctx.record.pids.server = side.pid;
  side.on('message', (message) => ctx.onMessage('server', message));
  side.on('warning', (text) => ctx.warning(text));
  side.on('exit', () => onGone(side));
  return side;
}
