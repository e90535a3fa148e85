import { createHash } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WsFaultProxy } from '../../src/proxy/ws-fault-proxy.js';
import { cleanUp, client, startProxy, startUpstream, until } from './proxy-peers.js';

const servers: Server[] = [];
afterEach(async () => {
  await cleanUp();
  for (const s of servers.splice(0)) await new Promise<void>((done) => s.close(() => done()));
});

/** A TCP server on port 0 that does `onSocket` with every connection (after it read the request head). */
async function rawUpstream(onSocket: (socket: Socket, head: string) => void): Promise<number> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', (d: Buffer) => {
      const had = head.includes('\r\n\r\n');
      head += d.toString('latin1');
      if (!had && head.includes('\r\n\r\n')) onSocket(socket, head);
    });
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return port;
}

type UpstreamErr = { kind: string; message: string; status?: number };

/** Connects through `proxy` and returns the HTTP status the client got (0: none) and the proxy's upstream errors. */
async function attempt(proxy: WsFaultProxy): Promise<{ status: number; errors: UpstreamErr[] }> {
  const errors: UpstreamErr[] = [];
  proxy.on('upstream-error', (e) => errors.push(e));
  const ws = new WebSocket(proxy.url);
  const status = await new Promise<number>((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
  await until(() => errors.length > 0);
  return { status, errors };
}

describe('WsFaultProxy with a bad upstream or a bad client: counted, reported, never a crash or a hang', () => {
  it('an upstream that answers the upgrade with plain HTTP 404: the client gets the 404, the proxy names it', async () => {
    const port = await rawUpstream((s) => s.end('HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found'));
    const proxy = await startProxy(`ws://127.0.0.1:${port}/socket.io/`);
    const { status, errors } = await attempt(proxy);
    expect(status).toBe(404);
    expect(errors).toEqual([{ kind: 'http-status', status: 404, path: '/socket.io/', message: 'the server answered the upgrade with 404 Not Found at /socket.io/' }]);
    expect(proxy.counts().server.handshakeRejections).toEqual({ '404': 1 });
    expect(proxy.counts().proxy.upstreamErrors).toEqual({ 'http-status': 1 });
  });

  it('an upstream that never answers: 504 after the handshake timeout', async () => {
    const port = await rawUpstream(() => undefined);
    const { WsFaultProxy } = await import('../../src/proxy/ws-fault-proxy.js');
    const proxy = await WsFaultProxy.start({ upstreamUrl: `ws://127.0.0.1:${port}/`, handshakeTimeoutMs: 200 });
    try {
      const { status, errors } = await attempt(proxy);
      expect(status).toBe(504);
      expect(errors[0]).toMatchObject({ kind: 'timeout', message: `the server did not answer the upgrade at ws://127.0.0.1:${port}/ within 200 ms` });
    } finally {
      await proxy.stop();
    }
  });

  it('an upstream that is not HTTP at all: 502, with the bytes it sent', async () => {
    const port = await rawUpstream((s) => s.write('SSH-2.0-OpenSSH_9.2\r\n'));
    const proxy = await startProxy(`ws://127.0.0.1:${port}/`);
    const { status, errors } = await attempt(proxy);
    expect(status).toBe(502);
    expect(errors[0]).toMatchObject({ kind: 'not-http', message: `the server at ws://127.0.0.1:${port}/ answered the upgrade with bytes that are not HTTP: "SSH-2.0-OpenSSH_9.2\\r\\n"` });
  });

  it('an upstream that refuses TCP: 502 naming ECONNREFUSED', async () => {
    const port = await rawUpstream(() => undefined);
    await new Promise<void>((done) => servers.pop()?.close(() => done()));
    const proxy = await startProxy(`ws://127.0.0.1:${port}/`);
    const { status, errors } = await attempt(proxy);
    expect(status).toBe(502);
    expect(errors[0]).toMatchObject({ kind: 'connect', message: `the proxy could not reach the server at ws://127.0.0.1:${port}/: ECONNREFUSED` });
  });

  it('an upstream that upgrades, then sends bytes that are not frames: the client connection is closed', async () => {
    const port = await rawUpstream((s, head) => {
      const key = /sec-websocket-key: *(\S+)/i.exec(head)?.[1] ?? '';
      const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      s.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      setTimeout(() => s.write(Buffer.from([0x83, 0x00, 0xff, 0xff])), 20);
    });
    const proxy = await startProxy(`ws://127.0.0.1:${port}/`);
    const errors: UpstreamErr[] = [];
    proxy.on('upstream-error', (e) => errors.push(e));
    const c = client(proxy.url);
    await c.opened;
    expect((await c.closed).code).toBe(1006);
    expect(errors).toEqual([{ kind: 'protocol', path: '/', message: 'the server sent a frame with reserved opcode 0x3: not a WebSocket frame stream' }]);
  });

  it('a client that sends bytes that are not HTTP, or plain HTTP: counted as client protocol errors', async () => {
    const upstream = await startUpstream();
    const proxy = await startProxy(upstream.url);
    const messages: string[] = [];
    proxy.on('client-protocol-error', (e) => messages.push(e.message));
    const raw = connect(proxy.port, '127.0.0.1');
    raw.on('error', () => undefined);
    raw.write('\x16\x03\x01 garbage that is no request\r\n\r\n');
    const plain = await fetch(`http://127.0.0.1:${proxy.port}/socket.io/?EIO=4&transport=polling`);
    expect(plain.status).toBe(426);
    await until(() => messages.length === 2);
    expect(messages.sort()).toEqual([
      "the client sent a plain HTTP GET /socket.io/?EIO=4&transport=polling, not a WebSocket upgrade (socket.io: use transports: ['websocket'])",
      expect.stringMatching(/^the client sent bytes that are not an HTTP request \(HPE_/),
    ]);
    raw.destroy();
    // Still serving after both.
    await client(proxy.url).opened;
    expect(proxy.counts().proxy.clientProtocolErrors).toBe(2);
  });

  it('a client that upgrades, then sends an unmasked frame: a client protocol error, both legs closed', async () => {
    const serverCloses: number[] = [];
    const upstream = await startUpstream({}, (ws) => ws.on('close', (code) => serverCloses.push(code)));
    const proxy = await startProxy(upstream.url);
    const messages: string[] = [];
    proxy.on('client-protocol-error', (e) => messages.push(e.message));
    const raw = connect(proxy.port, '127.0.0.1');
    raw.on('error', () => undefined);
    let answer = '';
    raw.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    raw.write(
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await until(() => answer.includes('\r\n\r\n'));
    expect(answer.startsWith('HTTP/1.1 101 ')).toBe(true);
    // A text frame "hi" without the mask bit.
    raw.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
    await until(() => messages.length === 1 && serverCloses.length === 1 && raw.destroyed);
    expect(messages).toEqual(['the client sent an unmasked frame (a client must mask every frame): not a WebSocket frame stream']);
    expect(serverCloses).toEqual([1006]);
  });
});
