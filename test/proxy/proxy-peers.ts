/** Real peers for the fault proxy's tests: a ws server on 127.0.0.1 port 0, ws clients, and the proxy between. */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer, type ClientOptions, type ServerOptions } from 'ws';
import { passThroughPolicy, type FaultPolicy } from '../../src/proxy/fault-policy.js';
import { WsFaultProxy, type FaultProxyOptions } from '../../src/proxy/ws-fault-proxy.js';
import type { DisconnectMode } from '../../src/scenario/types.js';

const cleanups: Array<() => unknown> = [];

/** Stops everything the helpers started; call from afterEach. */
export async function cleanUp(): Promise<void> {
  for (const stop of cleanups.splice(0).reverse()) await stop();
}

export interface Upstream {
  wss: WebSocketServer;
  http: Server;
  url: string;
}

/** A ws server that echoes every message (as it came: text or binary) unless `onConnection` is given. */
export async function startUpstream(
  options: Omit<ServerOptions, 'server' | 'port' | 'noServer'> = {},
  onConnection?: (ws: WebSocket) => void,
  tls?: { cert: string; key: string },
  path = '/',
): Promise<Upstream> {
  const http = tls ? createHttpsServer(tls) : createHttpServer();
  const wss = new WebSocketServer({ ...options, server: http });
  wss.on('connection', (ws) => {
    ws.on('error', () => undefined);
    if (onConnection) onConnection(ws);
    else ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => done());
      }),
  );
  const port = (http.address() as AddressInfo).port;
  return { wss, http, url: `${tls ? 'wss' : 'ws'}://127.0.0.1:${port}${path}` };
}

export async function startProxy(upstreamUrl: string, policy: Partial<FaultPolicy> = {}, extra: Partial<FaultProxyOptions> = {}): Promise<WsFaultProxy> {
  const proxy = await WsFaultProxy.start({ upstreamUrl, policy: { ...passThroughPolicy(), ...policy }, ...extra });
  cleanups.push(() => proxy.stop());
  return proxy;
}

/** A policy that ends every connection after `lifetimeMs` by `mode`. */
export function ending(mode: DisconnectMode, lifetimeMs: number, more: Partial<FaultPolicy> = {}): Partial<FaultPolicy> {
  return { lifetimeMs, pickEnding: () => mode, ...more };
}

export interface Client {
  ws: WebSocket;
  messages: Array<{ data: Buffer; isBinary: boolean; at: number }>;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string; at: number }>;
}

/** A ws client; every promise is bounded by the test's own timeout. */
export function client(url: string, protocols: string[] = [], options: ClientOptions = {}): Client {
  const ws = new WebSocket(url, protocols, options);
  const messages: Client['messages'] = [];
  ws.on('message', (data, isBinary) => messages.push({ data: data as Buffer, isBinary, at: Date.now() }));
  ws.on('error', () => undefined);
  cleanups.push(() => ws.terminate());
  return {
    ws,
    messages,
    opened: new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('close', () => reject(new Error('closed before open')));
    }),
    closed: new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() }))),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `condition()` holds, checking every 5 ms, for at most `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}
