/**
 * Fail fast instead of "raise duration": watches the counts of whoever faces a user client module
 * (ws-soak's server, or the fault proxy between two user modules) and says when the client never
 * connected within server.startTimeout, or stopped reconnecting after a connection ended (no new
 * attempt within max(10 s, 20 × the longest reconnect delay seen)). It reads only the counts the
 * run already receives every 50 ms, so built-in-server and proxied runs are watched the same way.
 */
import { SoakError } from '../errors.js';
import type { CycleCounts } from '../model/cycle-counts.js';
import { ReconnectWatch, type EndSeen } from '../proxy/reconnect-watch.js';

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** Keys whose count grew from `before` to `after`, largest growth first. */
function grown(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after)
    .filter((key) => (after[key] ?? 0) > (before[key] ?? 0))
    .sort((a, b) => (after[b] ?? 0) - (before[b] ?? 0) - ((after[a] ?? 0) - (before[a] ?? 0)));
}

export interface ClientWatchOptions {
  /** Epoch ms the client process was started. */
  startedAt: number;
  startTimeoutMs: number;
  /** "the proxy" or "ws-soak's server". */
  peer: string;
  url: string;
  minWaitMs?: number;
}

/** Close codes in close frames each peer sent (the proxy's `closeFramesFrom`): tells who closed. */
export type CloseFramesFrom = Record<'client' | 'server', Record<string, number>>;

export class ClientWatch {
  private readonly watch: ReconnectWatch;
  private last: CycleCounts | null = null;
  private lastFrom: CloseFramesFrom | null = null;
  private lastRequests = 0;
  /** Endings the harness started whose close has not been counted yet (a close handshake takes a while), and the latest one's name. */
  private endingsInFlight = 0;
  private latestEnding: string | null = null;

  constructor(options: ClientWatchOptions) {
    this.watch = new ReconnectWatch({ startedAt: options.startedAt, startTimeoutMs: options.startTimeoutMs, url: options.url, peer: options.peer, minWaitMs: options.minWaitMs });
  }

  /**
   * The counts of the side facing the client, as they arrive; from the proxy also the close frames
   * by sender and its upgrade requests (an upgrade still waiting for the server is an attempt too).
   */
  update(now: number, counts: CycleCounts, from?: CloseFramesFrom, upgradeRequests?: number): void {
    const requested = (upgradeRequests ?? 0) - this.lastRequests;
    this.lastRequests = upgradeRequests ?? 0;
    const before = this.last;
    const fromBefore = this.lastFrom;
    this.last = counts;
    this.lastFrom = from ?? null;
    const opened = counts.opened - (before?.opened ?? 0);
    const closes = sum(counts.closeCodes) - (before ? sum(before.closeCodes) : 0);
    const failed = counts.failedConnects - (before?.failedConnects ?? 0) + sum(counts.handshakeRejections) - (before ? sum(before.handshakeRejections) : 0);
    if (opened + failed + requested > 0) this.watch.attempt(now, counts.reconnectDelayMs?.max ?? null);
    const started = grown(before?.endings ?? {}, counts.endings).filter((name) => !name.startsWith('handshake-reject'));
    if (started.length > 0) {
      this.latestEnding = started[0] ?? null;
      this.endingsInFlight += started.reduce((n, name) => n + (counts.endings[name] ?? 0) - (before?.endings[name] ?? 0), 0);
    }
    for (let i = 0; i < opened; i++) this.watch.opened();
    if (closes > 0) {
      const end = this.lastEnd(before, counts, closes, fromBefore, from);
      for (let i = 0; i < closes; i++) this.watch.ended(now, end);
    }
  }

  /** How the latest connection ended, as far as the counts tell. */
  private lastEnd(before: CycleCounts | null, after: CycleCounts, closes: number, fromBefore: CloseFramesFrom | null, from?: CloseFramesFrom): EndSeen {
    const code = Number(grown(before?.closeCodes ?? {}, after.closeCodes)[0] ?? 1006);
    if (this.endingsInFlight > 0 && this.latestEnding !== null) {
      this.endingsInFlight = Math.max(0, this.endingsInFlight - closes);
      return { how: this.latestEnding, endedBy: 'proxy', toClient: code, fromClient: null };
    }
    if (from && grown(fromBefore?.server ?? {}, from.server).length > 0 && grown(fromBefore?.client ?? {}, from.client).length === 0) {
      return { how: 'server-closed', endedBy: 'server', toClient: code, fromClient: null };
    }
    if (code === 1006) return { how: 'client-gone', endedBy: 'client', toClient: code, fromClient: null };
    return { how: 'client-closed', endedBy: 'client', toClient: code, fromClient: code };
  }

  /** The client's process is writing a heap snapshot (it cannot reconnect meanwhile). */
  busy(now: number): void {
    this.watch.busy(now);
  }

  /** A SOAK_CLIENT_GONE error once the client has gone quiet for too long; null while it takes part. */
  check(now: number): SoakError | null {
    const gone = this.watch.check(now);
    return gone ? new SoakError('SOAK_CLIENT_GONE', gone.message) : null;
  }
}
