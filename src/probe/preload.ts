/**
 * The probe for a program ws-soak did not write: loaded into every Node process of a command
 * side through `NODE_OPTIONS=--import <this file>` (so it reaches the real server behind
 * `npm start`, tsx or a cluster primary's workers), it reports itself to the orchestrator over a
 * loopback TCP connection (WS_SOAK_PROBE) and, once the process accepts or opens a TCP connection
 * (the process under test, not a launcher), samples it and writes heap snapshots on request.
 *
 * It must never change what the program does: no global of its own, every socket and timer
 * unref'd (it never keeps the program alive), every failure swallowed (a probe that cannot reach
 * the orchestrator just stays quiet), and package managers are left alone.
 */
import cluster from 'node:cluster';
import { EventEmitter } from 'node:events';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PROBE_CONFIG_ENV, PROBE_ADDRESS_ENV, PRIVATE_FILE_MODE } from '../constants.js';
import type { ProbeConfig, ProbeHello } from '../ipc/probe-messages.js';
import type { FromChild, ToChild } from '../ipc/messages.js';
import { preloadSites } from './preload-sites.js';
import { Sampler } from './sampler.js';
import { writeSnapshot } from './snapshot-writer.js';

/** Launchers whose own process is never the one under test. */
const LAUNCHERS = /^(npm|npx|pnpm|yarn|corepack)(-cli)?(\.[cm]?js)?$/;

const CHANNELS = ['net.server.socket', 'net.client.socket'] as const;

/**
 * This process's own cycles: TCP connections it accepted or opened that have closed since. A
 * `cluster` worker takes only its share of the side's connections, so its growth is divided by
 * these, not by the whole side's cycles. The probe's own connection is not counted.
 */
function countOwnCycles(own: Socket): () => number {
  let closed = 0;
  const onSocket = (message: unknown): void => {
    const socket = (message as { socket?: unknown } | null)?.socket;
    if (socket === own || !(socket instanceof EventEmitter)) return;
    socket.once('close', () => closed++);
  };
  for (const name of CHANNELS) subscribe(name, onSocket);
  return () => closed;
}

function readConfig(): { config: ProbeConfig; host: string; port: number } | null {
  const address = process.env[PROBE_ADDRESS_ENV];
  const text = process.env[PROBE_CONFIG_ENV];
  if (!address || !text) return null;
  const match = /^(127\.0\.0\.1):(\d+)$/.exec(address);
  if (!match) return null;
  try {
    return { config: JSON.parse(text) as ProbeConfig, host: match[1] ?? '127.0.0.1', port: Number(match[2]) };
  } catch {
    return null;
  }
}

/** `gc` without --expose-gc on the command line: the flag set at run time, the function taken from a fresh context. */
function enableGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

function start(): void {
  const found = readConfig();
  if (!found) return;
  const script = process.argv[1] ? basename(process.argv[1]) : '';
  if (LAUNCHERS.test(script)) return;
  const { config, host, port } = found;
  const worker = cluster.isWorker && cluster.worker ? cluster.worker.id : null;
  const label = `${config.role}${worker === null ? '' : ` worker ${worker}`} (pid ${process.pid})`;
  const socket: Socket = connect({ host, port });
  socket.unref();
  socket.setNoDelay(true);
  let broken = false;
  socket.on('error', () => (broken = true));
  const send = (message: FromChild | ProbeHello | { type: 'active' }): Promise<void> =>
    new Promise((resolve) => {
      if (broken || socket.destroyed) return resolve();
      socket.write(`${JSON.stringify(message)}\n`, () => resolve());
    });
  void send({ type: 'hello', token: config.token, pid: process.pid, ppid: process.ppid, label, argv: process.argv.slice(0, 4) });
  const ownCycles = countOwnCycles(socket);

  let sampler: Sampler | null = null;
  let gc: (() => void) | undefined;
  const onSocket = (message: unknown): void => {
    if ((message as { socket?: unknown } | null)?.socket === socket || sampler) return;
    for (const name of CHANNELS) unsubscribe(name, onSocket);
    gc = config.gc ? enableGc() : undefined;
    void send({ type: 'active' });
    sampler = new Sampler({
      role: config.role,
      intervalMs: config.intervalMs,
      postGc: config.gc && gc !== undefined,
      postGcEveryMs: config.gcEveryMs,
      plannedMs: config.plannedMs,
      startedAt: config.startedAt,
      gc,
      process: { pid: process.pid, label },
      emit: (sample) => void send({ type: 'sample', sample: { ...sample, processCycles: ownCycles() } }),
    });
    sampler.start();
  };
  for (const name of CHANNELS) subscribe(name, onSocket);

  const sites = preloadSites(send, () => sampler !== null);
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    const lines = (buffered + text).split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      let message: ToChild;
      try {
        message = JSON.parse(line) as ToChild;
      } catch {
        continue;
      }
      if (sites(message)) continue;
      if (message.type === 'snapshot') void snapshot(message.seq, message.path);
      else if (message.type === 'stop') sampler?.sampleNow(true);
    }
  });

  async function snapshot(seq: number, path: string): Promise<void> {
    await send({ type: 'snapshot-started', seq, heapUsed: process.memoryUsage().heapUsed });
    const processCycles = ownCycles();
    try {
      // Created owner-only before V8 opens it: V8 truncates the file and keeps its mode, so the
      // heap is never readable by others, whatever the program's umask.
      writeFileSync(path, '', { mode: PRIVATE_FILE_MODE, flag: 'wx' });
      const { bytes, ms } = await writeSnapshot(config.engine, path, gc);
      await send({ type: 'snapshot-done', seq, bytes, ms, processCycles });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      // A cut snapshot is of no use and may hold the disk full.
      if (code !== 'EEXIST') rmSync(path, { force: true });
      await send({ type: 'snapshot-failed', seq, message: error instanceof Error ? error.message : String(error), ...(code ? { code } : {}) });
    }
  }
}

try {
  start();
} catch {
  // The probe must never break the program it watches.
}
