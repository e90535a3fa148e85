/**
 * A plain Node WebSocket server started by a test as its own process (test/fixtures/attach/
 * server.mjs), for ws-soak to attach to: ws-soak never starts or stops it; the test does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { FIXTURES } from './run-cli.js';

export const ATTACH_SERVER = join(FIXTURES, 'attach', 'server.mjs');

export interface AttachTarget {
  child: ChildProcess;
  pid: number;
  /** The WebSocket server's port. */
  port: number;
  stderr: () => string;
  /** Asks the target (SIGUSR2) for its state and a heap snapshot; resolves with the state. */
  state: () => Promise<TargetState>;
  stop: () => Promise<void>;
}

export interface TargetState {
  globals: string[];
  listeners: Record<string, number>;
  resources: Record<string, number>;
  snapshot: string;
  kept: number;
  /** Per method a sites phase hooks: true when it is the one the process started with. */
  hooks: Record<string, boolean>;
}

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the fixture server (LEAK=1 with `leak`), with `nodeArgs` before the script; resolves once it listens. */
export function startAttachTarget(options: { leak: boolean; statePath: string; nodeArgs?: string[] }): Promise<AttachTarget> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ATTACH_SERVER], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LEAK: options.leak ? '1' : '0', STATE_PATH: options.statePath },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`attach fixture did not listen within 20 s; stderr: ${stderr}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        child,
        pid: child.pid!,
        port,
        stderr: () => stderr,
        state: () => askState(child, options.statePath),
        stop: () => stopTarget(child),
      });
    });
    child.on('exit', (code) => reject(new Error(`attach fixture exited (${code}); stderr: ${stderr}`)));
  });
}

async function askState(child: ChildProcess, statePath: string): Promise<TargetState> {
  const before = existsSync(statePath) ? readFileSync(statePath, 'utf8') : '';
  child.kill('SIGUSR2');
  // Bounded: a heap snapshot of the fixture takes well under a second on an idle machine.
  for (let i = 0; i < 300; i++) {
    await new Promise((r) => setTimeout(r, 100));
    if (!existsSync(statePath)) continue;
    const text = readFileSync(statePath, 'utf8');
    if (text !== '' && text !== before) return JSON.parse(text) as TargetState;
  }
  throw new Error('the attach fixture wrote no state within 30 s of SIGUSR2');
}

async function stopTarget(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
