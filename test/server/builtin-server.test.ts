/**
 * The built-in server on real sockets, in this process: each disconnect mode as a plain `ws`
 * client sees it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CycleCounter } from '../../src/connection/cycle-counter.js';
import type { CycleCounts } from '../../src/model/cycle-counts.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { startBuiltinServer, type BuiltinServer } from '../../src/server/builtin-server.js';

const servers: BuiltinServer[] = [];
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function serve(disconnect: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  let last: CycleCounts | null = null;
  const counter = new CycleCounter((counts) => (last = counts));
  const scenario = resolveScenario({ duration: '10s', disconnect, ...extra }, '');
  // A restart that loses its port would fail the test loudly rather than hang it.
  const server = await startBuiltinServer({ scenario, endsConnections: true, counter, tls: null, onFatal: (error) => { throw error; } });
  servers.push(server);
  const counts = (): CycleCounts => {
    counter.stop();
    if (!last) throw new Error('nothing counted');
    return last;
  };
  return { url: server.url, counts };
}

function connect(url: string): WebSocket {
  const ws = new WebSocket(url);
  ws.on('error', () => undefined);
  clients.push(ws);
  return ws;
}

const opened = (ws: WebSocket) => new Promise<void>((resolve) => ws.once('open', () => resolve()));
const closed = (ws: WebSocket) => new Promise<{ code: number; at: number }>((resolve) => ws.once('close', (code) => resolve({ code, at: Date.now() })));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Whether `ws` gets a pong within `ms` of a ping. */
function pongWithin(ws: WebSocket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    ws.once('pong', () => {
      clearTimeout(timer);
      resolve(true);
    });
    ws.ping();
  });
}

describe('built-in server modes', () => {
  it('close-<code> sends the code and the reason', async () => {
    const { url, counts } = await serve({ after: '20ms', mode: 'close-4001', reason: 'session replaced' });
    const ws = connect(url);
    const reason = new Promise<string>((resolve) => ws.once('close', (_code, r) => resolve(r.toString())));
    expect((await closed(ws)).code).toBe(4001);
    expect(await reason).toBe('session replaced');
    await sleep(50);
    expect(counts()).toMatchObject({ cycles: 1, closeCodes: { '4001': 1 }, wasClean: { true: 1 }, endings: { 'close-4001': 1 } });
  });

  it('terminate and mid-message end without a close frame (1006); mid-message delivers no message', async () => {
    const { url, counts } = await serve({ after: '20ms', mode: ['terminate', 'mid-message'] }, { traffic: { size: '4KiB' } });
    const first = connect(url);
    expect((await closed(first)).code).toBe(1006);
    const second = connect(url);
    let messages = 0;
    second.on('message', () => messages++);
    expect((await closed(second)).code).toBe(1006);
    expect(messages).toBe(0);
    await sleep(50);
    expect(counts()).toMatchObject({ closeCodes: { '1006': 2 }, wasClean: { false: 2 }, endings: { terminate: 1, 'mid-message': 1 } });
  });

  it('ping-timeout stops answering pings but still completes a close handshake', async () => {
    const { url } = await serve({ after: '30ms', mode: 'ping-timeout' });
    const ws = connect(url);
    await opened(ws);
    expect(await pongWithin(ws, 300)).toBe(true);
    await sleep(100);
    expect(await pongWithin(ws, 300)).toBe(false);
    const done = closed(ws);
    ws.close(1000);
    expect((await done).code).toBe(1000);
  });

  it('half-open answers nothing, not even a close frame, yet sees the client leave', async () => {
    const { url, counts } = await serve({ after: '30ms', mode: 'half-open' });
    const ws = connect(url);
    await opened(ws);
    await sleep(100);
    expect(await pongWithin(ws, 300)).toBe(false);
    let closedYet = false;
    ws.once('close', () => (closedYet = true));
    ws.close(1000);
    await sleep(500);
    expect(closedYet).toBe(false);
    expect(ws.readyState).toBe(WebSocket.CLOSING);
    ws.terminate();
    await sleep(100);
    expect(counts()).toMatchObject({ cycles: 1, closeCodes: { '1006': 1 }, endings: { 'half-open': 1 } });
  });

  it('idle-timeout goes quiet but keeps answering pings', async () => {
    const { url } = await serve({ after: '20ms', mode: 'idle-timeout' }, { proxy: { idleTimeout: '1s' } });
    const ws = connect(url);
    await opened(ws);
    await sleep(80);
    expect(await pongWithin(ws, 300)).toBe(true);
  });

  it('handshake-reject-<status> refuses the upgrade with Retry-After', async () => {
    const { url, counts } = await serve({ mode: 'handshake-reject-429', rejectShare: 1, retryAfter: '7s' });
    const ws = connect(url);
    const response = await new Promise<{ status?: number; retryAfter?: string | string[] }>((resolve) =>
      ws.once('unexpected-response', (_req, res) => {
        resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'] });
        ws.terminate();
      }),
    );
    expect(response).toEqual({ status: 429, retryAfter: '7' });
    expect(counts()).toMatchObject({ opened: 0, handshakeRejections: { '429': 1 }, endings: { 'handshake-reject-429': 1 } });
  });

  it('server-restart drops every client at once, refuses while down, and comes back on the same port', async () => {
    const { url, counts } = await serve({ after: '200ms', mode: 'server-restart', restartDelay: '400ms' });
    const all = [connect(url), connect(url), connect(url)];
    await Promise.all(all.map(opened));
    const ends = await Promise.all(all.map(closed));
    expect(ends.map((e) => e.code)).toEqual([1006, 1006, 1006]);
    expect(Math.max(...ends.map((e) => e.at)) - Math.min(...ends.map((e) => e.at))).toBeLessThan(50);
    const whileDown = connect(url);
    const refused = await new Promise<string>((resolve) => whileDown.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')));
    expect(refused).toBe('ECONNREFUSED');
    await sleep(500);
    const back = connect(url);
    await opened(back);
    expect(counts()).toMatchObject({ restarts: 1, restartDropped: { min: 3, max: 3 }, endings: { 'server-restart': 1 } });
  });

  it('afterMessages ends a connection once that many messages were exchanged, before `after`', async () => {
    const { url, counts } = await serve({ after: '10s', afterMessages: 3 }, { traffic: { messages: 10 } });
    const ws = connect(url);
    let messages = 0;
    ws.on('message', () => messages++);
    const t0 = Date.now();
    expect((await closed(ws)).code).toBe(1000);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(messages).toBe(3);
    expect(counts()).toMatchObject({ messagesSent: 3, endings: { 'close-1000': 1 } });
  });

  it('sends its traffic and counts what it receives', async () => {
    const { url, counts } = await serve({ after: '300ms' }, { traffic: { messages: 6, burst: 2, rate: 100, size: 10, binary: false } });
    const ws = connect(url);
    const got: string[] = [];
    ws.on('message', (data, binary) => got.push(`${binary ? 'b' : 't'}${data.toString().length}`));
    await opened(ws);
    ws.send('x');
    await closed(ws);
    expect(got).toEqual(Array(6).fill('t10'));
    expect(counts()).toMatchObject({ messagesSent: 6, messagesReceived: 1 });
  });
});
