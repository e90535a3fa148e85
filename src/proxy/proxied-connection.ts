/**
 * One WebSocket connection through the fault proxy after its upgrade: bytes forwarded both ways
 * as they arrive (with backpressure: a direction pauses its reader while its writer is full),
 * frame headers followed to count and to find frame boundaries, and the connection ended the way
 * its disconnect mode says, from the middle.
 */
import type { Socket } from 'node:net';
import type { DisconnectMode } from '../scenario/types.js';
import { closeFrame } from './close-frame.js';
import { endByMode, type EndingTarget } from './ending-actions.js';
import type { FaultPolicy } from './fault-policy.js';
import { FrameTracker } from './frame-tracker.js';
import { CLOSE_GRACE_MS } from '../constants.js';
import type { Leg, ProxyCounter } from './proxy-counts.js';
import type { ConnectionEnd } from './connection-end.js';
import { endWriting, type Direction } from './direction.js';

export type { ConnectionEnd } from './connection-end.js';

export interface ConnectionHooks {
  /** The proxy stopped forwarding and waits for the client to give up (ping-timeout, half-open). */
  onQuiet(connection: ProxiedConnection): void;
  onEnd(connection: ProxiedConnection, end: ConnectionEnd): void;
  /** The client's socket closed: from here the client may reconnect (the server leg may still be closing). */
  onClientGone(): void;
  /** This connection's mode is server-restart: drop every connection and refuse new ones. */
  onRestart(): void;
  onProtocolError(leg: Leg, message: string): void;
}

export class ProxiedConnection implements EndingTarget {
  /** Epoch ms when the proxy went quiet on it; read by the stall watch. */
  quietSince = 0;
  private readonly openedAt = Date.now();
  readonly up: Direction;
  readonly down: Direction;
  private readonly timers: NodeJS.Timeout[] = [];
  private ending: { how: string; by: ConnectionEnd['endedBy'] } | null = null;
  private quiet = false;
  private idleCounted = false;
  private readonly closed = { client: false, server: false };
  private readonly closeTo: Record<Leg, number | null> = { client: null, server: null };
  private readonly closeFrom: Record<Leg, number | null> = { client: null, server: null };
  private done = false;

  constructor(
    readonly id: number,
    private readonly client: Socket,
    private readonly server: Socket,
    private readonly mode: DisconnectMode,
    private readonly policy: FaultPolicy,
    private readonly counter: ProxyCounter,
    private readonly hooks: ConnectionHooks,
  ) {
    this.up = this.direction(client, server, 'client');
    this.down = this.direction(server, client, 'server');
  }

  private direction(from: Socket, to: Socket, sender: Leg): Direction {
    const d: Direction = { from, to, sender, forwarding: true, waitingDrain: false, pumping: false, atStop: null } as Direction;
    d.tracker = new FrameTracker(sender === 'client', sender, {
      onFrame: (header) => {
        if (!d.forwarding) return;
        this.counter.extras.frames[sender === 'client' ? 'clientToServer' : 'serverToClient']++;
        if (header.opcode <= 2 && header.fin) {
          this.counter.legs[sender].sent(1);
          this.counter.legs[sender === 'client' ? 'server' : 'client'].received();
        }
        const limit = this.policy.afterFrames;
        if (header.opcode <= 2 && limit !== null && this.up.tracker.dataFrames + this.down.tracker.dataFrames >= limit) this.end();
      },
      onClose: (code) => this.closeFrame(d, code),
    });
    return d;
  }

  /** Bytes written by the proxy and not yet taken by either socket's kernel buffer. */
  get bufferedBytes(): number {
    return this.client.writableLength + this.server.writableLength;
  }

  /** Answers the client's upgrade with `responseHead`, forwards the bytes that came with the handshake, then everything else as it arrives. */
  start(responseHead: Buffer, clientEarly: Buffer, serverEarly: Buffer): void {
    for (const d of [this.up, this.down]) {
      d.from.on('data', (chunk: Buffer) => this.pump(d, chunk));
      d.from.on('end', () => this.readEnded(d));
      d.from.on('error', () => d.from.destroy());
      d.from.on('close', () => this.socketClosed(d.sender));
    }
    if (this.policy.idleTimeoutMs !== null) {
      // The client socket's timer restarts on every read and write: it sees the bytes of both directions.
      this.client.setTimeout(this.policy.idleTimeoutMs, () => this.idleCut('idle-cut'));
    }
    const { lifetimeMs, jitterMs } = this.policy;
    const lifetime = lifetimeMs === null ? null : lifetimeMs + this.policy.random() * jitterMs;
    const mode = this.mode;
    if (lifetime === 0 && mode.kind === 'close' && clientEarly.length === 0 && serverEarly.length === 0) {
      // Ended at once by a close frame: the 101 answer and the close go out in one write (one wake-up less).
      this.ending = { how: mode.name, by: 'proxy' };
      this.counter.both((c) => c.ended(mode.name));
      this.down.forwarding = false;
      this.closeTo.client = mode.code;
      this.client.write(Buffer.concat([responseHead, closeFrame(mode.code, this.policy.closeReason, false)]));
      this.inject(this.up, closeFrame(mode.code, this.policy.closeReason, true), mode.code);
      this.later(CLOSE_GRACE_MS, () => this.destroyBoth());
    } else {
      this.client.write(responseHead);
      // A zero lifetime ends the connection right after this turn; setTimeout would wait at least 1 ms.
      if (lifetime === 0) setImmediate(() => this.end());
      else if (lifetime !== null) this.later(lifetime, () => this.end());
    }
    if (clientEarly.length > 0) this.pump(this.up, clientEarly);
    if (serverEarly.length > 0) this.pump(this.down, serverEarly);
    this.client.resume();
    this.server.resume();
  }

  /** Ends the connection as its mode says (once). */
  end(): void {
    if (this.ending !== null || this.done) return;
    const mode = this.mode;
    // A close handshake already under way (either peer started it) ends the connection by itself.
    if (mode.kind === 'close' && (this.closeFrom.client !== null || this.closeFrom.server !== null)) return;
    this.ending = { how: mode.name, by: 'proxy' };
    this.counter.both((c) => c.ended(mode.name));
    endByMode(this, mode, this.policy);
  }

  /** Cut for being idle, counted once (the mode's timer and the socket's idle timer may both fire). */
  /** The proxy went quiet on this connection: the stall watch follows it from now. */
  announceQuiet(): void {
    this.hooks.onQuiet(this);
  }

  /** server-restart: the proxy drops every connection and refuses new ones. */
  restartAll(): void {
    this.hooks.onRestart();
  }

  /** Internal to src/proxy/: the ending actions call these. */
  idleCut(how: string): void {
    if (this.idleCounted) return;
    this.idleCounted = true;
    this.counter.both((c) => c.idleTimeout());
    this.cut(how, 'proxy');
  }

  /** Destroys both sockets now, recording `how` unless the connection was already ending. */
  cut(how: string, by: ConnectionEnd['endedBy']): void {
    this.ending ??= { how, by };
    this.destroyBoth();
  }

  private pump(d: Direction, chunk: Buffer): void {
    d.pumping = true;
    try {
      this.pumpChunk(d, chunk);
    } finally {
      d.pumping = false;
    }
  }

  private pumpChunk(d: Direction, chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0 && !this.done) {
      if (!d.forwarding) {
        d.tracker.consume(rest);
        this.counter.extras.droppedBytes += rest.length;
        break;
      }
      const n = d.tracker.consume(rest);
      if (d.tracker.error !== null) return this.protocolError(d);
      if (n > 0) this.forward(d, rest.subarray(0, n));
      rest = rest.subarray(n);
      this.runStop(d);
    }
  }

  private forward(d: Direction, bytes: Buffer): void {
    this.counter.extras.bytes[d.sender === 'client' ? 'clientToServer' : 'serverToClient'] += bytes.length;
    if (d.to.write(bytes) || d.waitingDrain) return;
    // Backpressure: stop reading this direction until its writer has drained.
    d.waitingDrain = true;
    d.from.pause();
    d.to.once('drain', () => {
      d.waitingDrain = false;
      d.from.resume();
    });
  }

  /** Runs `act` on `d` at its next frame boundary: now if it is at one. */
  atBoundary(d: Direction, act: () => void): void {
    d.tracker.stop = 'boundary';
    d.atStop = act;
    if (!d.pumping) this.runStop(d);
  }

  runStop(d: Direction): void {
    if (d.atStop === null || !d.tracker.stopped) return;
    const act = d.atStop;
    d.atStop = null;
    d.tracker.stop = 'none';
    act();
  }

  /** Writes a close frame of our own toward `d.to` and forwards nothing more that way. */
  inject(d: Direction, frame: Buffer, code: number): void {
    d.forwarding = false;
    const to: Leg = d.sender === 'client' ? 'server' : 'client';
    this.closeTo[to] = code;
    d.to.write(frame);
  }

  /** A close frame passed on `d` (forwarded, or swallowed after our own). */
  private closeFrame(d: Direction, code: number | null): void {
    const sender = d.sender;
    const other: Leg = sender === 'client' ? 'server' : 'client';
    this.counter.closeFrameFrom(sender, code);
    this.closeFrom[sender] ??= code ?? 1005;
    if (d.forwarding) {
      this.closeTo[other] ??= code ?? 1005;
      this.ending ??= { how: `${sender}-closed`, by: sender };
    } else if (this.closeTo[sender] !== null) {
      // The answer to our close: this peer's close handshake is done, so its TCP connection ends.
      endWriting(d.from);
    }
  }

  goQuiet(): void {
    this.quiet = true;
    this.quietSince = Date.now();
    this.up.forwarding = false;
    this.down.forwarding = false;
  }

  private readEnded(d: Direction): void {
    // While quiet, the server's side going away is not passed on: the client must notice by itself.
    if (this.quiet && d.sender === 'server') return;
    // The client gave up on a quiet connection: nothing will ever end the client socket's other half.
    if (this.quiet) return this.destroyBoth();
    this.ending ??= { how: `${d.sender}-gone`, by: d.sender };
    endWriting(d.to);
  }

  private socketClosed(leg: Leg): void {
    this.closed[leg] = true;
    if (leg === 'client') this.hooks.onClientGone();
    if (this.closed.client && this.closed.server) return this.finish();
    if (this.quiet && leg === 'server') return;
    this.ending ??= { how: `${leg}-gone`, by: leg };
    const other = leg === 'client' ? this.server : this.client;
    if (other.destroyed) return;
    endWriting(other);
    this.later(CLOSE_GRACE_MS, () => other.destroy());
  }

  private protocolError(d: Direction): void {
    const message = d.tracker.error ?? '';
    this.hooks.onProtocolError(d.sender, message);
    this.cut(`${d.sender}-protocol-error`, d.sender);
  }

  destroyBoth(): void {
    this.client.destroy();
    this.server.destroy();
  }

  later(ms: number, act: () => void): void {
    this.timers.push(setTimeout(act, ms));
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    for (const timer of this.timers) clearTimeout(timer);
    const wasClean = {
      client: this.closeTo.client !== null && this.closeFrom.client !== null,
      server: this.closeTo.server !== null && this.closeFrom.server !== null,
    };
    const end: ConnectionEnd = {
      id: this.id,
      how: this.ending?.how ?? 'client-gone',
      endedBy: this.ending?.by ?? 'client',
      toClient: this.closeTo.client ?? 1006,
      toServer: this.closeTo.server ?? 1006,
      fromClient: this.closeFrom.client,
      fromServer: this.closeFrom.server,
      wasClean,
      lifetimeMs: Date.now() - this.openedAt,
    };
    this.hooks.onEnd(this, end);
  }
}
