import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startIdleProxy, type IdleProxy } from '../../src/proxy/idle-proxy.js';

const IDLE_MS = 150;
let echo: Server | null = null;
let proxy: IdleProxy | null = null;
const clients: Socket[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await proxy?.stop();
  await new Promise<void>((done) => (echo ? echo.close(() => done()) : done()));
  echo = null;
  proxy = null;
});

/** An echo server, and the idle proxy in front of it; `cuts` counts the proxy's idle cuts. */
async function setUp(): Promise<{ port: number; cuts: () => number; upstream: Socket[] }> {
  const upstream: Socket[] = [];
  echo = createServer((socket) => {
    upstream.push(socket);
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((done) => echo?.listen(0, '127.0.0.1', done));
  let cuts = 0;
  proxy = await startIdleProxy({
    target: { host: '127.0.0.1', port: (echo.address() as AddressInfo).port },
    idleTimeoutMs: IDLE_MS,
    onIdleCut: () => cuts++,
  });
  return { port: proxy.port, cuts: () => cuts, upstream };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => undefined);
    clients.push(socket);
  });
}

const closed = (socket: Socket) => new Promise<number>((resolve) => {
  const t0 = Date.now();
  socket.once('close', () => resolve(Date.now() - t0));
});

describe('startIdleProxy', () => {
  it('forwards bytes both ways', async () => {
    const { port } = await setUp();
    const socket = await open(port);
    const reply = new Promise<string>((resolve) => socket.once('data', (d) => resolve(d.toString())));
    socket.write('hello');
    expect(await reply).toBe('hello');
  });

  it('cuts a silent connection after the idle timeout, on both sides', async () => {
    const { port, cuts, upstream } = await setUp();
    const socket = await open(port);
    const ms = await closed(socket);
    expect(ms).toBeGreaterThanOrEqual(IDLE_MS - 20);
    expect(ms).toBeLessThan(IDLE_MS + 1000);
    expect(cuts()).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(upstream.every((s) => s.destroyed)).toBe(true);
  });

  it('keeps a connection that carries a byte more often than the timeout', async () => {
    const { port, cuts } = await setUp();
    const socket = await open(port);
    let ended = false;
    socket.once('close', () => (ended = true));
    const beat = setInterval(() => socket.write('.'), IDLE_MS / 3);
    await new Promise((r) => setTimeout(r, IDLE_MS * 4));
    clearInterval(beat);
    expect(ended).toBe(false);
    expect(cuts()).toBe(0);
  });

  it('drops the client when the server is not there', async () => {
    const { port, cuts } = await setUp();
    await new Promise<void>((done) => echo?.close(() => done()));
    echo = null;
    const socket = await open(port);
    await closed(socket);
    expect(cuts()).toBe(0);
  });
});
