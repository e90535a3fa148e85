/**
 * The inspector client against a real `node --inspect=127.0.0.1:0` process: calls and their
 * answers, protocol errors, the probe's figures, a streamed heap snapshot written owner-only,
 * and pending calls failing (not hanging) when the process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InspectorCallError, InspectorSession, listTargets } from '../../src/attach/inspector-session.js';
import { evaluate, postGcFigures, PROBE_MARKER, readFigures } from '../../src/attach/remote-probe.js';
import { takeRemoteSnapshot } from '../../src/attach/remote-snapshot.js';
import { freePort } from '../helpers/attach-target.js';
import { tempDir } from '../helpers/run-cli.js';

let target: ChildProcess | null = null;

afterEach(() => {
  target?.kill('SIGKILL');
  target = null;
});

/** A node process with its inspector open on a free port; resolves with that port once it listens. */
function startInspected(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', '-e', 'globalThis.keep = { note: "target-owned" }; setInterval(() => {}, 1000);'], { stdio: ['ignore', 'ignore', 'pipe'] });
    target = child;
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`no inspector within 20 s: ${stderr}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /ws:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]) });
      }
    });
  });
}

async function session(port: number): Promise<InspectorSession> {
  const targets = await listTargets('127.0.0.1', port);
  expect(targets).not.toBeNull();
  return InspectorSession.connect(targets![0]!.webSocketDebuggerUrl!, 5_000);
}

describe('InspectorSession', () => {
  it('reads the probe figures of the inspected process, by value', async () => {
    const { child, port } = await startInspected();
    const s = await session(port);
    const figures = await readFigures(s, true);
    expect(figures.pid).toBe(child.pid);
    expect(figures.version).toBe(process.version);
    expect(figures.mem.heapUsed).toBeGreaterThan(0);
    expect(figures.mem.rss).toBeGreaterThan(figures.mem.heapUsed);
    // The target's setInterval shows as it does to the in-process probe.
    expect(figures.resources['Timeout']).toBeGreaterThanOrEqual(1);
    expect(figures.code).toBeGreaterThan(0);
    const { postGc } = await postGcFigures(s);
    expect(postGc.heapUsed).toBeGreaterThan(0);
    expect(postGc.code).toBeGreaterThan(0);
    await s.close();
  });

  it('turns a thrown expression and an unknown method into errors that name them', async () => {
    const { port } = await startInspected();
    const s = await session(port);
    await expect(evaluate(s, 'nosuchname.x')).rejects.toThrow(/Runtime\.evaluate: ReferenceError: nosuchname is not defined/);
    await expect(s.call('Nosuch.method')).rejects.toBeInstanceOf(InspectorCallError);
    await expect(s.call('Nosuch.method')).rejects.toThrow(/^Nosuch\.method: /);
    await s.close();
  });

  it('streams a heap snapshot into a file with mode 0600, and it holds what the target holds', async () => {
    const { port } = await startInspected();
    const s = await session(port);
    const path = join(tempDir(), 'remote.heapsnapshot');
    const { bytes } = await takeRemoteSnapshot(s, path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(path).size).toBe(bytes);
    const text = readFileSync(path, 'utf8');
    expect(JSON.parse(text).snapshot.node_count).toBeGreaterThan(1000);
    expect(text).toContain('target-owned');
    // The control for the "nothing of ours left" checks: a global ws-soak would leave is seen.
    await evaluate(s, `globalThis.leftover = '${PROBE_MARKER} left behind'`);
    const second = join(tempDir(), 'control.heapsnapshot');
    await takeRemoteSnapshot(s, second);
    expect(readFileSync(second, 'utf8')).toContain(PROBE_MARKER);
    await s.close();
  });

  it('fails pending calls when the process exits, and emits close', async () => {
    const { child, port } = await startInspected();
    const s = await session(port);
    const closed = new Promise<void>((resolve) => s.once('close', resolve));
    const pending = s.call('Runtime.evaluate', { expression: 'new Promise(() => {})', awaitPromise: true });
    child.kill('SIGKILL');
    await expect(pending).rejects.toThrow(/inspector connection closed/);
    await closed;
    expect(s.isClosed).toBe(true);
    await expect(s.call('Runtime.evaluate', { expression: '1' })).rejects.toThrow(/closed/);
  });

  it('lists nothing on a port where no inspector answers', async () => {
    expect(await listTargets('127.0.0.1', await freePort())).toBeNull();
  });
});
