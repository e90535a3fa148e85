import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ConnectionEnd } from '../../src/proxy/proxied-connection.js';
import type { DisconnectMode } from '../../src/scenario/types.js';
import { cleanUp, client, ending, sleep, startProxy, startUpstream, until } from './proxy-peers.js';

afterEach(cleanUp);

const mode = (name: string): DisconnectMode => {
  const close = /^close-(\d+)$/.exec(name);
  return close ? { name, kind: 'close', code: Number(close[1]) } : ({ name, kind: name } as DisconnectMode);
};

/** A server that sends a message every `everyMs` and records how each connection closed. */
async function ticking(everyMs: number, size = 16) {
  const serverCloses: number[] = [];
  const upstream = await startUpstream({}, (ws) => {
    const timer = setInterval(() => ws.readyState === ws.OPEN && ws.send(Buffer.alloc(size, 0x62)), everyMs);
    ws.on('close', (code) => {
      clearInterval(timer);
      serverCloses.push(code);
    });
  });
  return { upstream, serverCloses };
}

describe('WsFaultProxy disconnect modes, seen from the client', () => {
  it('close-<code>: both ends get the code and reason, the client as a server frame and the server as a masked client frame', async () => {
    const { upstream } = await ticking(5);
    const serverReasons: string[] = [];
    upstream.wss.on('connection', (ws) => ws.on('close', (code, reason) => serverReasons.push(`${code} ${reason}`)));
    const proxy = await startProxy(upstream.url, ending(mode('close-4001'), 60, { closeReason: 'proxy says bye' }));
    const c = client(proxy.url);
    await c.opened;
    expect(await c.closed).toMatchObject({ code: 4001, reason: 'proxy says bye' });
    // ws checks masking: an unmasked frame from a "client" would have closed it with 1002 instead.
    await until(() => serverReasons.length === 1);
    expect(serverReasons).toEqual(['4001 proxy says bye']);
    expect(c.messages.length).toBeGreaterThan(0);
  });

  it('terminate: both ends see 1006 and no close frame crosses', async () => {
    const { upstream, serverCloses } = await ticking(5);
    const proxy = await startProxy(upstream.url, ending(mode('terminate'), 40));
    const c = client(proxy.url);
    expect((await c.closed).code).toBe(1006);
    await until(() => serverCloses.length === 1 && proxy.openConnections === 0);
    expect(serverCloses).toEqual([1006]);
    expect(proxy.counts().client).toMatchObject({ closeCodes: { '1006': 1 }, wasClean: { false: 1 }, endings: { terminate: 1 } });
  });

  for (const quiet of ['half-open', 'ping-timeout']) {
    it(`${quiet}: nothing more arrives and the connection stays open until the client gives up`, async () => {
      const { upstream } = await ticking(5);
      const proxy = await startProxy(upstream.url, ending(mode(quiet), 50));
      const ends: ConnectionEnd[] = [];
      proxy.on('close', (e) => ends.push(e));
      const c = client(proxy.url);
      await c.opened;
      await sleep(100);
      const seen = c.messages.length;
      expect(seen).toBeGreaterThan(0);
      const last = c.messages.at(-1)?.at ?? 0;
      await sleep(300);
      expect(c.messages.length).toBe(seen);
      expect(last - (c.messages[0]?.at ?? 0)).toBeLessThan(100);
      expect(c.ws.readyState).toBe(WebSocket.OPEN);
      expect(proxy.openConnections).toBe(1);
      // The client's heartbeat gives up: only then does the proxy let go.
      c.ws.terminate();
      await until(() => ends.length === 1);
      expect(ends[0]).toMatchObject({ how: quiet, endedBy: 'proxy', toClient: 1006 });
      expect(proxy.counts().proxy.droppedBytes).toBeGreaterThan(0);
    });
  }

  it('idle-timeout: the proxy goes quiet, then cuts the connection after idleTimeout', async () => {
    const { upstream } = await ticking(5);
    const proxy = await startProxy(upstream.url, ending(mode('idle-timeout'), 40, { idleTimeoutMs: 150 }));
    const c = client(proxy.url);
    await c.opened;
    const openedAt = Date.now();
    const closed = await c.closed;
    expect(closed.code).toBe(1006);
    expect(closed.at - openedAt).toBeGreaterThanOrEqual(150);
    expect(proxy.counts().client.idleTimeouts).toBe(1);
  });

  it('mid-message: the cut comes inside a forwarded data frame', async () => {
    const { upstream, serverCloses } = await ticking(2, 1000);
    const proxy = await startProxy(upstream.url, ending(mode('mid-message'), 40));
    const c = client(proxy.url);
    expect((await c.closed).code).toBe(1006);
    await until(() => serverCloses.length === 1);
    const { bytes, frames } = proxy.counts().proxy;
    // Every whole frame is 4 + 1000 bytes: the bytes forwarded end part-way into one more.
    expect(frames.serverToClient).toBeGreaterThan(0);
    expect(bytes.serverToClient - frames.serverToClient * 1004).toBeGreaterThan(0);
    expect(bytes.serverToClient - frames.serverToClient * 1004).toBeLessThan(1004);
    expect(c.messages.length).toBe(frames.serverToClient);
  });

  it('mid-message on a quiet connection: a partial frame of its own, then the cut', async () => {
    const upstream = await startUpstream({}, () => undefined);
    const proxy = await startProxy(upstream.url, ending(mode('mid-message'), 20));
    const c = client(proxy.url);
    const errors: string[] = [];
    c.ws.on('error', (e) => errors.push(e.message));
    expect((await c.closed).code).toBe(1006);
    expect(c.messages).toEqual([]);
  });

  it('handshake-reject-<status>: the proxy answers the upgrade itself, with Retry-After', async () => {
    const upstream = await startUpstream();
    let attempts = 0;
    const proxy = await startProxy(upstream.url, { decideRefusal: () => (attempts++ % 2 === 0 ? 503 : null), retryAfterS: 7 });
    const refused = new WebSocket(proxy.url);
    const response = await new Promise<{ status: number; retryAfter: string | undefined }>((resolve) =>
      refused.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] })),
    );
    refused.on('error', () => undefined);
    expect(response).toEqual({ status: 503, retryAfter: '7' });
    await client(proxy.url).opened;
    const counts = proxy.counts();
    expect(counts.client.handshakeRejections).toEqual({ '503': 1 });
    expect(counts.proxy.refusedByProxy).toEqual({ '503': 1 });
    expect(counts.client.endings).toEqual({ 'handshake-reject-503': 1 });
  });

  it('server-restart: every connection dropped at once, new ones refused for restartDelay, then accepted', async () => {
    const upstream = await startUpstream();
    let picks = 0;
    const proxy = await startProxy(upstream.url, {
      lifetimeMs: 250,
      // The first connection restarts the "server"; the others would close normally later.
      pickEnding: () => (picks++ === 0 ? mode('server-restart') : mode('close-1000')),
      restartDelayMs: 400,
      restartRefusal: '503',
    });
    const restarts: number[] = [];
    proxy.on('restart', (r) => restarts.push(r.dropped));
    const first = client(proxy.url);
    await first.opened;
    const second = client(proxy.url);
    await second.opened;
    expect((await first.closed).code).toBe(1006);
    expect((await second.closed).code).toBe(1006);
    expect(restarts).toEqual([2]);
    const during = new WebSocket(proxy.url);
    during.on('error', () => undefined);
    const status = await new Promise<number>((resolve) => during.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(503);
    await sleep(450);
    await client(proxy.url).opened;
    expect(proxy.counts().client).toMatchObject({ restarts: 1, restartDropped: { min: 2, max: 2 } });
  });

  it('afterFrames: ends the connection right after the Nth forwarded data frame', async () => {
    const received: string[] = [];
    const upstream = await startUpstream({}, (ws) => ws.on('message', (d) => received.push(d.toString())));
    const proxy = await startProxy(upstream.url, { afterFrames: 5, pickEnding: () => mode('close-1000') });
    const c = client(proxy.url);
    await c.opened;
    for (let i = 0; i < 10; i++) c.ws.send(`m${i}`);
    expect((await c.closed).code).toBe(1000);
    await sleep(50);
    expect(received).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(proxy.counts().proxy.frames.clientToServer).toBe(5);
  });
});
