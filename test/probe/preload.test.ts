/**
 * The preloaded probe in a real Node process it was not written for: it says hello, turns active
 * on the first TCP connection, samples post-GC without --expose-gc, and never keeps the program
 * alive; a package manager's own process is left alone.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PROBE_ADDRESS_ENV, PROBE_CONFIG_ENV } from '../../src/constants.js';
import type { FromChild } from '../../src/ipc/messages.js';
import { ProbeListener, type ProbeConnection } from '../../src/run/probe-listener.js';

const PRELOAD = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'probe', 'preload.js')).href;

/** A program that accepts one connection from itself, then closes everything: it must exit on its own. */
const PROGRAM = `
const net = require('node:net');
const server = net.createServer((socket) => { setTimeout(() => { socket.destroy(); server.close(); }, 1500); });
server.listen(0, '127.0.0.1', () => { const c = net.connect(server.address().port, '127.0.0.1'); c.on('error', () => {}); c.on('close', () => {}); });
`;

let listener: ProbeListener | null = null;
afterEach(() => listener?.close());

function run(file: string, token: string, address: string): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const config = { role: 'server', token, intervalMs: 200, gc: true, gcEveryMs: null, plannedMs: null, startedAt: started, engine: 'v8' };
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, NODE_OPTIONS: `--import ${PRELOAD}`, [PROBE_ADDRESS_ENV]: address, [PROBE_CONFIG_ENV]: JSON.stringify(config) },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, ms: Date.now() - started })));
}

describe('preloaded probe', () => {
  it('reports, samples post-GC once the process takes a connection, and lets the program exit by itself', async () => {
    listener = await ProbeListener.open();
    const probes: ProbeConnection[] = [];
    const messages: FromChild[] = [];
    listener.expect('t1', (probe) => {
      probes.push(probe);
      probe.on('message', (m) => messages.push(m));
    });
    const dir = mkdtempSync(join(tmpdir(), 'ws-soak-preload-'));
    writeFileSync(join(dir, 'program.cjs'), PROGRAM);
    const { code, ms } = await run(join(dir, 'program.cjs'), 't1', listener.address);
    expect(code).toBe(0);
    // It ended when its own work did (~1.5 s), not held open by the probe's socket or timer.
    expect(ms).toBeLessThan(10_000);
    expect(probes).toHaveLength(1);
    expect(probes[0]?.active).toBe(true);
    expect(probes[0]?.label).toMatch(/^server \(pid \d+\)$/);
    const samples = messages.filter((m) => m.type === 'sample');
    expect(samples.length).toBeGreaterThanOrEqual(2);
    // Forced GC without --expose-gc: post-GC figures are there.
    expect(samples.some((m) => m.type === 'sample' && m.sample.postGc !== null)).toBe(true);
  });

  it("stays silent in npm's own process (argv[1] npm-cli.js) and with a wrong token", async () => {
    listener = await ProbeListener.open();
    let reported = 0;
    listener.expect('right', () => reported++);
    const dir = mkdtempSync(join(tmpdir(), 'ws-soak-preload-'));
    writeFileSync(join(dir, 'npm-cli.js'), PROGRAM);
    writeFileSync(join(dir, 'program.cjs'), PROGRAM);
    expect((await run(join(dir, 'npm-cli.js'), 'right', listener.address)).code).toBe(0);
    expect((await run(join(dir, 'program.cjs'), 'wrong', listener.address)).code).toBe(0);
    expect(reported).toBe(0);
  });
});
