/**
 * What the fault proxy counts, shaped as the run already counts a built-in side: one
 * `CycleCounts` per leg (the client-facing leg as the client's peer saw it, the server-facing leg
 * as the server's peer saw it) plus what only a proxy sees (bytes and frames each way, who sent
 * which close code, upstream and client protocol errors).
 *
 * A cycle is a connection through the proxy that ended and the next one that opened; the
 * reconnect delay runs from a close to the next upgrade attempt.
 */
import { CycleCounter } from '../connection/cycle-counter.js';
import { emptyCycleCounts, type CycleCounts } from '../model/cycle-counts.js';
import type { Leg, ProxyCounts, ProxyExtras } from '../model/proxy-counts.js';

export type { Leg, ProxyCounts, ProxyExtras } from '../model/proxy-counts.js';

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export class ProxyCounter {
  readonly extras: ProxyExtras = {
    upgradeRequests: 0,
    bytes: { clientToServer: 0, serverToClient: 0 },
    frames: { clientToServer: 0, serverToClient: 0 },
    droppedBytes: 0,
    closeFramesFrom: { client: {}, server: {} },
    refusedByProxy: {},
    upstreamErrors: {},
    clientProtocolErrors: 0,
    open: 0,
  };
  private readonly latest: Record<Leg, CycleCounts> = { client: emptyCycleCounts(), server: emptyCycleCounts() };
  /** One counter per leg; the proxy reads them on demand, so they run no timer. */
  readonly legs: Record<Leg, CycleCounter> = {
    client: new CycleCounter((c) => (this.latest.client = c)),
    server: new CycleCounter((c) => (this.latest.server = c)),
  };
  private cycles = 0;
  /** When each ended connection closed, oldest first, until an attempt (delay) and an open (cycle) take it. */
  private readonly awaitingAttempt: number[] = [];
  private awaitingOpen = 0;

  both(act: (counter: CycleCounter) => void): void {
    act(this.legs.client);
    act(this.legs.server);
  }

  /** An upgrade request arrived; returns the reconnect delay it closes, if a connection had ended before it. */
  attempt(now: number): number | null {
    this.extras.upgradeRequests++;
    const closedAt = this.awaitingAttempt.shift();
    if (closedAt === undefined) return null;
    const delay = now - closedAt;
    this.both((c) => c.reconnectDelay(delay));
    return delay;
  }

  /** A connection opened end to end; returns the cycle count when it completes a cycle, else null. */
  opened(): number | null {
    this.extras.open++;
    this.both((c) => c.opened());
    if (this.awaitingOpen === 0) return null;
    this.awaitingOpen--;
    return ++this.cycles;
  }

  /** The client's socket of an opened connection closed: the reconnect delay starts now. */
  clientGone(now: number): void {
    this.awaitingAttempt.push(now);
    this.awaitingOpen++;
  }

  /** An opened connection ended (both sockets closed); `toClient`/`toServer` are the codes each peer's 'close' event reports. */
  ended(toClient: number, toServer: number, clean: Record<Leg, boolean>): void {
    this.extras.open--;
    this.legs.client.closed(toClient, clean.client);
    this.legs.server.closed(toServer, clean.server);
  }

  closeFrameFrom(leg: Leg, code: number | null): void {
    bump(this.extras.closeFramesFrom[leg], code === null ? 'none' : String(code));
  }

  refusedByProxy(status: number | 'reset'): void {
    bump(this.extras.refusedByProxy, String(status));
    if (status !== 'reset') this.legs.client.handshakeRejected(status);
    this.legs.client.failedConnect();
  }

  upstreamError(kind: string, status?: number): void {
    bump(this.extras.upstreamErrors, kind);
    if (status !== undefined) this.both((c) => c.handshakeRejected(status));
    this.both((c) => c.failedConnect());
  }

  /** The counts so far; fresh objects the caller may keep. */
  snapshot(): ProxyCounts {
    for (const leg of ['client', 'server'] as const) {
      this.legs[leg].flush();
      this.latest[leg] = { ...this.latest[leg], cycles: this.cycles };
    }
    return { client: structuredClone(this.latest.client), server: structuredClone(this.latest.server), proxy: structuredClone(this.extras) };
  }
}
