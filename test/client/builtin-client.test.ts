/**
 * The built-in client on real sockets against a plain `ws` server: reconnects, backoff with
 * Retry-After, and the client-side disconnect modes as the server sees them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { CycleCounter } from '../../src/connection/cycle-counter.js';
import { startBuiltinClient, type BuiltinClient } from '../../src/client/builtin-client.js';
import type { CycleCounts } from '../../src/model/cycle-counts.js';
import { resolveScenario } from '../../src/scenario/load.js';

let http: Server | null = null;
let client: BuiltinClient | null = null;
afterEach(async () => {
  await client?.stop();
  client = null;
  await new Promise<void>((done) => (http ? http.close(() => done()) : done()));
  http = null;
});

/** A ws server on 127.0.0.1 whose upgrades `refuse` may answer with a status (and Retry-After). */
async function server(refuse: (attempt: number) => [number, string] | null = () => null) {
  const closes: Array<{ code: number; reason: string }> = [];
  http = createServer();
  const wss = new WebSocketServer({ noServer: true });
  let attempt = 0;
  http.on('upgrade', (req, socket, head) => {
    const refusal = refuse(attempt++);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal[0]} Refused\r\nRetry-After: ${refusal[1]}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      ws.on('error', () => undefined);
      ws.on('close', (code, reason) => closes.push({ code, reason: reason.toString() }));
    });
  });
  await new Promise<void>((done) => http?.listen(0, '127.0.0.1', done));
  return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/`, closes, wss };
}

function run(url: string, raw: Record<string, unknown>, endsConnections: boolean) {
  let last: CycleCounts | null = null;
  const counter = new CycleCounter((counts) => (last = counts));
  client = startBuiltinClient({ url, scenario: resolveScenario({ duration: '10s', ...raw }, ''), endsConnections, counter });
  return () => {
    counter.stop();
    if (!last) throw new Error('nothing counted');
    return last;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startBuiltinClient', () => {
  it('honours Retry-After on a refused upgrade, then connects', async () => {
    const { url, wss } = await server((attempt) => (attempt === 0 ? [503, '1'] : null));
    const counts = run(url, { client: { backoff: { initial: '1ms' } } }, false);
    await sleep(600);
    expect(wss.clients.size).toBe(0);
    await sleep(900);
    expect(wss.clients.size).toBe(1);
    expect(counts()).toMatchObject({ opened: 1, failedConnects: 1, handshakeRejections: { '503': 1 } });
    expect(counts().reconnectDelayMs?.max).toBe(1000);
  });

  it('ends connections itself with the client-side modes, as the server sees them', async () => {
    const { url, closes } = await server();
    const counts = run(url, { client: { count: 1 }, disconnect: { after: '20ms', mode: ['close-4002', 'terminate', 'mid-message'], reason: 'bye' } }, true);
    await sleep(1000);
    expect(closes.slice(0, 3)).toEqual([
      { code: 4002, reason: 'bye' },
      { code: 1006, reason: '' },
      { code: 1006, reason: '' },
    ]);
    expect(counts().endings['close-4002']).toBeGreaterThanOrEqual(1);
    expect(counts().endings['mid-message']).toBeGreaterThanOrEqual(1);
  });

  it('stops answering pings in ping-timeout mode, so a server heartbeat catches it', async () => {
    const { url, wss } = await server();
    run(url, { client: { count: 1, heartbeat: false }, disconnect: { after: '50ms', mode: 'ping-timeout' } }, true);
    await sleep(200);
    const [ws] = [...wss.clients];
    if (!ws) throw new Error('the client did not connect');
    const pong = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      ws.once('pong', () => {
        clearTimeout(timer);
        resolve(true);
      });
      ws.ping();
    });
    expect(pong).toBe(false);
  });

  it('leaves no connection behind when stopped', async () => {
    const { url, wss } = await server();
    run(url, { client: { count: 3 } }, false);
    await sleep(200);
    expect(wss.clients.size).toBe(3);
    await client?.stop();
    await sleep(100);
    expect(wss.clients.size).toBe(0);
  });
});
