import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { Heartbeat } from '../../src/connection/heartbeat.js';

let wss: WebSocketServer | null = null;
afterEach(async () => {
  for (const ws of wss?.clients ?? []) ws.terminate();
  await new Promise<void>((done) => (wss ? wss.close(() => done()) : done()));
  wss = null;
});

/** A server that answers pings (or not), and an open client connected to it. */
async function pair(autoPong: boolean): Promise<WebSocket> {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong });
  await new Promise<void>((done) => wss?.once('listening', done));
  const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`);
  await new Promise<void>((done) => ws.once('open', done));
  return ws;
}

describe('Heartbeat', () => {
  it('gives up on a server that stops answering pings, within interval + timeout', async () => {
    const ws = await pair(false);
    const t0 = Date.now();
    const fired = await new Promise<number>((resolve) => new Heartbeat(ws, { intervalMs: 50, timeoutMs: 80 }, () => resolve(Date.now() - t0)));
    expect(fired).toBeGreaterThanOrEqual(120);
    expect(fired).toBeLessThan(1000);
    ws.terminate();
  });

  it('keeps a connection whose pings are answered, and stops cleanly', async () => {
    const ws = await pair(true);
    let fired = false;
    const heartbeat = new Heartbeat(ws, { intervalMs: 30, timeoutMs: 60 }, () => (fired = true));
    let pongs = 0;
    ws.on('pong', () => pongs++);
    await new Promise((r) => setTimeout(r, 400));
    heartbeat.stop();
    expect(fired).toBe(false);
    expect(pongs).toBeGreaterThan(3);
    // stop() removed its own pong listener and left ours.
    expect(ws.listenerCount('pong')).toBe(1);
    ws.terminate();
  });
});
