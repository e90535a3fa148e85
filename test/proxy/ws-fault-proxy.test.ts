import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createSelfSignedCertificate } from '../../src/tls/self-signed-cert.js';
import type { ConnectionEnd } from '../../src/proxy/proxied-connection.js';
import { cleanUp, client, ending, sleep, startProxy, startUpstream, until } from './proxy-peers.js';

afterEach(cleanUp);

describe('WsFaultProxy forwarding', () => {
  it('passes text and binary messages both ways byte for byte, and counts them', async () => {
    const upstream = await startUpstream();
    const proxy = await startProxy(upstream.url);
    const c = client(proxy.url);
    await c.opened;
    const binary = randomBytes(100_000);
    c.ws.send('hello through the proxy');
    c.ws.send(binary);
    await until(() => c.messages.length === 2);
    expect(c.messages[0]?.isBinary).toBe(false);
    expect(c.messages[0]?.data.toString()).toBe('hello through the proxy');
    expect(c.messages[1]?.isBinary).toBe(true);
    expect(Buffer.compare(c.messages[1]?.data ?? Buffer.alloc(0), binary)).toBe(0);
    const counts = proxy.counts();
    expect(counts.proxy.frames).toEqual({ clientToServer: 2, serverToClient: 2 });
    // Client frames carry a 4-byte mask; 100 000 bytes need a 64-bit length (10-byte header).
    expect(counts.proxy.bytes.clientToServer).toBe(2 + 4 + 23 + 10 + 4 + 100_000);
    expect(counts.proxy.bytes.serverToClient).toBe(2 + 23 + 10 + 100_000);
    expect(counts.client).toMatchObject({ opened: 1, messagesSent: 2, messagesReceived: 2, cycles: 0 });
    expect(counts.server).toMatchObject({ opened: 1, messagesSent: 2, messagesReceived: 2 });
  });

  it('lets the two ends negotiate a sub-protocol and permessage-deflate end to end', async () => {
    let serverSide: WebSocket | null = null;
    const upstream = await startUpstream({ perMessageDeflate: { threshold: 0 }, handleProtocols: (offered) => (offered.has('chat.v2') ? 'chat.v2' : false) }, (ws) => {
      serverSide = ws;
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    });
    const proxy = await startProxy(upstream.url);
    const opens: string[] = [];
    proxy.on('open', (o) => opens.push(`${o.protocol} | ${o.extensions}`));
    const c = client(proxy.url, ['chat.v1', 'chat.v2'], { perMessageDeflate: { threshold: 0 } });
    await c.opened;
    expect(c.ws.protocol).toBe('chat.v2');
    expect(c.ws.extensions).toMatch(/^permessage-deflate/);
    expect((serverSide as WebSocket | null)?.extensions).toMatch(/^permessage-deflate/);
    const text = 'compressible '.repeat(1000);
    c.ws.send(text);
    await until(() => c.messages.length === 1);
    expect(c.messages[0]?.data.toString()).toBe(text);
    // Compressed on the wire: far fewer bytes crossed than the text holds.
    expect(proxy.counts().proxy.bytes.clientToServer).toBeLessThan(text.length / 10);
    expect(proxy.counts().client.deflateConnections).toBe(1);
    expect(opens).toEqual([expect.stringMatching(/^chat\.v2 \| permessage-deflate/)]);
  });

  it('keeps the upstream path and query in its URL and passes them on', async () => {
    const paths: string[] = [];
    const upstream = await startUpstream({}, () => undefined, undefined, '/socket.io/?EIO=4&transport=websocket');
    upstream.wss.on('connection', (_ws, req) => paths.push(req.url ?? ''));
    const proxy = await startProxy(upstream.url);
    expect(proxy.url).toBe(`ws://127.0.0.1:${proxy.port}/socket.io/?EIO=4&transport=websocket`);
    await client(proxy.url).opened;
    expect(paths).toEqual(['/socket.io/?EIO=4&transport=websocket']);
  });

  it('serves wss:// to the client and speaks wss:// to a TLS upstream', async () => {
    const cert = createSelfSignedCertificate(['127.0.0.1', 'localhost']);
    const upstream = await startUpstream({}, undefined, cert);
    const proxy = await startProxy(upstream.url, {}, { tls: cert, upstreamCa: cert.cert });
    expect(proxy.url.startsWith('wss://127.0.0.1:')).toBe(true);
    const c = client(proxy.url, [], { ca: cert.cert });
    await c.opened;
    c.ws.send('over tls both ways');
    await until(() => c.messages.length === 1);
    expect(c.messages[0]?.data.toString()).toBe('over tls both ways');
  });

  it('holds a bounded amount for a client that does not read, and delivers everything once it does', async () => {
    const chunk = randomBytes(1024 * 1024);
    const total = 32;
    let serverSide: WebSocket | null = null;
    const upstream = await startUpstream({}, (ws) => (serverSide = ws));
    const proxy = await startProxy(upstream.url);
    const c = client(proxy.url);
    await c.opened;
    // A client that stops reading: its kernel buffers fill, then the proxy's, then the server's.
    (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    await until(() => serverSide !== null);
    const server = serverSide as unknown as WebSocket;
    for (let i = 0; i < total; i++) server.send(chunk);
    let peak = 0;
    for (let i = 0; i < 40; i++) {
      await sleep(25);
      peak = Math.max(peak, proxy.bufferedBytes());
    }
    // The proxy holds at most about one read's worth more than a socket's high-water mark.
    expect(peak).toBeLessThan(2 * 1024 * 1024);
    expect(server.bufferedAmount).toBeGreaterThan(16 * 1024 * 1024);
    (c.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await until(() => c.messages.length === total, 20_000);
    expect(c.messages.every((m) => m.data.length === chunk.length)).toBe(true);
  });

  it('adds no delay: 20 request/response rounds finish inside a 20 ms connection life', async () => {
    const upstream = await startUpstream();
    const proxy = await startProxy(upstream.url, ending({ name: 'close-1000', kind: 'close', code: 1000 }, 20));
    const rounds: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const c = client(proxy.url);
      await c.opened;
      let n = 0;
      c.ws.on('message', () => {
        if (++n < 20 && c.ws.readyState === c.ws.OPEN) c.ws.send(String(n));
      });
      c.ws.send('0');
      const closed = await c.closed;
      expect(closed.code).toBe(1000);
      rounds.push(n);
    }
    // On a loaded machine one of three lives may be slow; a proxy with Nagle on would fail all three.
    expect(Math.max(...rounds)).toBe(20);
  });

  it('counts cycles, close codes, clean closes and reconnect delays of a reconnecting client', async () => {
    const upstream = await startUpstream();
    const proxy = await startProxy(upstream.url, ending({ name: 'close-4001', kind: 'close', code: 4001 }, 30, { closeReason: 'bye' }));
    const ends: ConnectionEnd[] = [];
    const cycles: number[] = [];
    proxy.on('close', (e) => ends.push(e));
    proxy.on('cycle', (e) => cycles.push(e.cycles));
    for (let i = 0; i < 4; i++) {
      const c = client(proxy.url);
      const closed = await c.closed;
      expect(closed).toMatchObject({ code: 4001, reason: 'bye' });
      await sleep(10);
    }
    await until(() => ends.length === 4);
    expect(cycles).toEqual([1, 2, 3]);
    const counts = proxy.counts();
    expect(counts.client).toMatchObject({ opened: 4, cycles: 3, closeCodes: { '4001': 4 }, wasClean: { true: 4 }, endings: { 'close-4001': 4 } });
    expect(counts.server).toMatchObject({ closeCodes: { '4001': 4 }, wasClean: { true: 4 } });
    expect(counts.proxy.closeFramesFrom).toEqual({ client: { '4001': 4 }, server: { '4001': 4 } });
    expect(counts.client.reconnectDelayMs?.min).toBeGreaterThanOrEqual(5);
    expect(ends.every((e) => e.how === 'close-4001' && e.endedBy === 'proxy' && e.wasClean.client && e.wasClean.server)).toBe(true);
  });
});
