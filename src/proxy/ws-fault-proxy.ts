/**
 * The WebSocket fault proxy: listens on 127.0.0.1 (ws://, or wss:// with a given certificate),
 * forwards each upgrade and every frame to an upstream ws:// or wss:// server untouched, and ends
 * connections the way a `FaultPolicy` says — what ends connections when neither the client nor
 * the server is ws-soak's own. It never prints and never throws at run time: it emits events and
 * counts (see `ProxyCounts`).
 *
 * Events: 'open', 'close' (a `ConnectionEnd`), 'cycle', 'attempt', 'refused', 'restart',
 * 'upstream-error', 'client-protocol-error'.
 */
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { DEFAULT_STALL_GRACE_MS, StallWatch } from '../connection/stall-watch.js';
import { refuseUpgrade } from '../server/handshake-reject.js';
import { passThroughPolicy, type FaultPolicy } from './fault-policy.js';
import { ProxiedConnection, type ConnectionEnd } from './proxied-connection.js';
import { MAX_REFUSAL_BODY_BYTES, UPSTREAM_HANDSHAKE_TIMEOUT_MS } from '../constants.js';
import { ProxyCounter, type Leg, type ProxyCounts } from './proxy-counts.js';
import { connectUpstream, refusalMessage, requestHead, targetOf, upstreamHandshake, type UpstreamFailureKind } from './upstream-handshake.js';

export interface FaultProxyOptions {
  /** The upstream server, ws:// or wss://; clients connect to `proxy.url`, which keeps its path and query. */
  upstreamUrl: string;
  /** When and how connections end; default: never (forward and count only). */
  policy?: FaultPolicy;
  /** Serve the client leg as wss:// with this certificate. */
  tls?: { cert: string; key: string };
  /** PEM the upstream's certificate must chain to, for a wss:// upstream. */
  upstreamCa?: string;
  /** How long the upstream gets to answer an upgrade. */
  handshakeTimeoutMs?: number;
}

export interface ConnectionOpen {
  id: number;
  path: string;
  /** Sub-protocol and extensions the two ends agreed on (from the server's 101 answer). */
  protocol: string;
  extensions: string;
}

export type UpstreamErrorKind = UpstreamFailureKind | 'protocol';

export interface FaultProxyEvents {
  open: [ConnectionOpen];
  close: [ConnectionEnd];
  /** A connection ended and a later one opened: `cycles` so far. */
  cycle: [{ cycles: number }];
  /** An upgrade request arrived; `reconnectDelayMs` since the close it follows, when there was one. */
  attempt: [{ path: string; reconnectDelayMs: number | null }];
  /** The proxy refused an upgrade itself (`status` 'reset' when it reset the socket). */
  refused: [{ status: number | 'reset'; why: 'handshake-reject' | 'server-restart' }];
  restart: [{ dropped: number; downMs: number }];
  'upstream-error': [{ kind: UpstreamErrorKind; message: string; path: string; status?: number }];
  'client-protocol-error': [{ message: string }];
}

/** The proxy's own answer to a client whose upgrade it could not pass on. */
function gatewayError(socket: Duplex, status: number, message: string): void {
  const body = `ws-soak proxy: ${message}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export class WsFaultProxy extends EventEmitter<FaultProxyEvents> {
  private readonly counter = new ProxyCounter();
  private readonly connections = new Set<ProxiedConnection>();
  /** Client sockets between their upgrade request and the upstream's answer. */
  private readonly pending = new Set<Socket>();
  /** Upstream sockets started when a client connected, before its request came. */
  private readonly early = new WeakMap<Socket, Socket>();
  private readonly stalls = new StallWatch(this.counter.legs.client, DEFAULT_STALL_GRACE_MS);
  private readonly target;
  private readonly policy: FaultPolicy;
  private nextId = 0;
  private downUntil = 0;
  private stopped = false;

  private constructor(
    private readonly options: FaultProxyOptions,
    private readonly server: Server,
  ) {
    super();
    this.target = targetOf(options.upstreamUrl, options.upstreamCa);
    this.policy = options.policy ?? passThroughPolicy();
  }

  /** Starts the proxy on 127.0.0.1, port 0; resolves once it listens. */
  static async start(options: FaultProxyOptions): Promise<WsFaultProxy> {
    const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }) : createHttpServer();
    const proxy = new WsFaultProxy(options, server);
    server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => proxy.preconnect(socket));
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => void proxy.upgrade(req, socket, head));
    server.on('request', (req, res) => {
      proxy.clientError(`the client sent a plain HTTP ${req.method} ${req.url}, not a WebSocket upgrade (socket.io: use transports: ['websocket'])`);
      res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket', Connection: 'close' });
      res.end('ws-soak proxy: this is a WebSocket endpoint\n');
    });
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
      // A client hanging up mid-request is not a protocol error.
      if (error.code !== 'ECONNRESET') proxy.clientError(`the client sent bytes that are not an HTTP request (${error.code ?? error.message})`);
      socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return proxy;
  }

  /** The port the proxy listens on. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The URL clients connect to: the proxy's origin with the upstream URL's path and query. */
  get url(): string {
    const upstream = new URL(this.options.upstreamUrl);
    return `${this.options.tls ? 'wss' : 'ws'}://127.0.0.1:${this.port}${upstream.pathname}${upstream.search}`;
  }

  /** Everything counted so far, per leg and proxy-only; fresh objects. */
  counts(): ProxyCounts {
    this.stalls.check();
    return this.counter.snapshot();
  }

  /** Connections open through the proxy now. */
  get openConnections(): number {
    return this.connections.size;
  }

  /** Bytes the proxy holds in its sockets' write buffers now: bounded by backpressure, whatever the peers do. */
  bufferedBytes(): number {
    let bytes = 0;
    for (const connection of this.connections) bytes += connection.bufferedBytes;
    return bytes;
  }

  /** Closes the listener and drops every connection; resolves once the listener is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stalls.stop();
    for (const connection of this.connections) connection.cut('proxy-stopped', 'proxy');
    for (const socket of this.pending) socket.destroy();
    this.server.closeAllConnections?.();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  /** Starts the upstream leg as the client connects; dropped if the client never sends an upgrade. */
  private preconnect(client: Socket): void {
    if (this.stopped || Date.now() < this.downUntil) return;
    const upstream = connectUpstream(this.target);
    this.early.set(client, upstream);
    client.once('close', () => {
      if (this.early.get(client) === upstream) upstream.destroy();
    });
  }

  /** The upstream socket started for `client`, taken (null when none was). */
  private takeEarly(client: Socket): Socket | null {
    const upstream = this.early.get(client) ?? null;
    this.early.delete(client);
    return upstream;
  }

  private clientError(message: string): void {
    this.counter.extras.clientProtocolErrors++;
    this.emit('client-protocol-error', { message });
  }

  private upstreamError(kind: UpstreamErrorKind, message: string, path: string, status?: number): void {
    this.counter.upstreamError(kind, status);
    this.emit('upstream-error', { kind, message, path, ...(status === undefined ? {} : { status }) });
  }

  private async upgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    const path = req.url ?? '/';
    const early = this.takeEarly(socket);
    if (this.stopped || Date.now() < this.downUntil) {
      early?.destroy();
      return this.refuseRestarting(socket);
    }
    this.emit('attempt', { path, reconnectDelayMs: this.counter.attempt(Date.now()) });
    const status = this.policy.decideRefusal();
    if (status !== null) {
      early?.destroy();
      this.counter.refusedByProxy(status);
      this.counter.both((c) => c.ended(`handshake-reject-${status}`));
      this.emit('refused', { status, why: 'handshake-reject' });
      return refuseUpgrade(socket, status, this.policy.retryAfterS);
    }
    // Early frames wait in the socket until the upstream has answered.
    socket.pause();
    this.pending.add(socket);
    const timeoutMs = this.options.handshakeTimeoutMs ?? UPSTREAM_HANDSHAKE_TIMEOUT_MS;
    const answer = await upstreamHandshake(this.target, requestHead(req), path, timeoutMs, early ?? undefined);
    this.pending.delete(socket);
    if ('kind' in answer) {
      this.upstreamError(answer.kind, answer.message, path);
      return gatewayError(socket, answer.kind === 'timeout' ? 504 : 502, answer.message);
    }
    if (socket.destroyed || this.stopped) {
      answer.socket.destroy();
      this.counter.legs.client.failedConnect();
      return;
    }
    if (answer.status !== 101) return this.passRefusal(socket, answer.socket, answer, path);
    this.connect(socket, answer.socket, answer.head, head, answer.rest, path, answer.headers);
  }

  private connect(client: Socket, upstream: Socket, responseHead: Buffer, clientEarly: Buffer, serverEarly: Buffer, path: string, headers: Record<string, string>): void {
    const extensions = headers['sec-websocket-extensions'] ?? '';
    if (/permessage-deflate/i.test(extensions)) this.counter.both((c) => c.deflated());
    const id = ++this.nextId;
    const connection = new ProxiedConnection(id, client, upstream, this.policy.pickEnding(), this.policy, this.counter, {
      onQuiet: (c) => this.stalls.add(c),
      onEnd: (c, end) => this.ended(c, end),
      onClientGone: () => this.counter.clientGone(Date.now()),
      onRestart: () => this.restart(),
      onProtocolError: (leg: Leg, message: string) =>
        leg === 'server' ? this.upstreamError('protocol', message, path) : this.clientError(message),
    });
    this.connections.add(connection);
    const cycles = this.counter.opened();
    this.emit('open', { id, path, protocol: headers['sec-websocket-protocol'] ?? '', extensions });
    if (cycles !== null) this.emit('cycle', { cycles });
    connection.start(responseHead, clientEarly, serverEarly);
  }

  private ended(connection: ProxiedConnection, end: ConnectionEnd): void {
    this.connections.delete(connection);
    this.stalls.delete(connection);
    this.counter.ended(end.toClient, end.toServer, end.wasClean);
    this.emit('close', end);
  }

  /** The upstream refused the upgrade: the client gets its answer as it came (head and a bounded body). */
  private passRefusal(client: Socket, upstream: Socket, answer: { status: number; statusText: string; head: Buffer; rest: Buffer }, path: string): void {
    this.upstreamError('http-status', refusalMessage(answer.status, answer.statusText, path), path, answer.status);
    let budget = MAX_REFUSAL_BODY_BYTES;
    const pass = (bytes: Buffer): void => {
      const part = bytes.subarray(0, budget);
      budget -= part.length;
      client.write(part);
      if (budget <= 0) upstream.destroy();
    };
    client.write(answer.head);
    pass(answer.rest);
    upstream.on('data', pass);
    upstream.on('error', () => upstream.destroy());
    upstream.once('close', () => client.end());
    client.once('close', () => upstream.destroy());
    upstream.setTimeout(UPSTREAM_HANDSHAKE_TIMEOUT_MS, () => upstream.destroy());
    upstream.resume();
  }

  /** server-restart: every connection dropped, and new ones refused for `restartDelayMs`. */
  private restart(): void {
    if (Date.now() < this.downUntil) return;
    const downMs = this.policy.restartDelayMs;
    this.downUntil = Date.now() + downMs;
    const dropped = this.connections.size;
    this.counter.both((c) => c.restarted(dropped));
    for (const connection of this.connections) connection.cut('server-restart', 'proxy');
    for (const socket of this.pending) socket.destroy();
    this.emit('restart', { dropped, downMs });
  }

  private refuseRestarting(socket: Socket): void {
    const status = this.policy.restartRefusal === '503' ? 503 : 'reset';
    this.counter.refusedByProxy(status);
    this.emit('refused', { status, why: 'server-restart' });
    if (status === 503) return refuseUpgrade(socket, 503, Math.max(1, Math.ceil((this.downUntil - Date.now()) / 1000)));
    socket.resetAndDestroy();
  }
}
