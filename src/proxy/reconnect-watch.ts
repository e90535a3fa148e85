/**
 * Tells when a client has stopped taking part: it never connected within the start timeout, or
 * the last connection ended and no new one opened (nor was attempted) within
 * max(10 s, 20 × the longest reconnect delay seen). Pure logic on times the caller passes, so a
 * run ends with a sentence that says what to check instead of an inconclusive verdict.
 */

export interface ReconnectWatchOptions {
  /** Epoch ms the watch starts at (the client's start). */
  startedAt: number;
  /** How long the first connection may take (server.startTimeout). */
  startTimeoutMs: number;
  /** Least wait for a reconnect, ms. */
  minWaitMs?: number;
  /** The wait is at least this many times the longest reconnect delay seen. */
  delayFactor?: number;
  /** Where the client should connect, for the message. */
  url?: string;
  /** Who ends the connections and hears the upgrades, for the message: "the proxy" (default) or "ws-soak's server". */
  peer?: string;
}

/** How a connection ended, as the proxy saw it (a subset of `ConnectionEnd`). */
export interface EndSeen {
  how: string;
  endedBy: 'proxy' | 'client' | 'server';
  /** The code the client's 'close' event reports. */
  toClient: number;
  /** The code of the client's own close frame, if it sent one. */
  fromClient: number | null;
}

export interface ClientGone {
  kind: 'never-connected' | 'stopped-reconnecting';
  message: string;
  /** Connections opened before the client went quiet. */
  connections: number;
  /** How long nothing has happened, ms. */
  quietMs: number;
}

export const DEFAULT_MIN_WAIT_MS = 10_000;
export const DEFAULT_DELAY_FACTOR = 20;

function duration(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${Number((ms / 1_000).toFixed(1))} s`;
}

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/** "after the proxy closed it with 1000: does its reconnect logic handle close code 1000?" */
export function endPhrase(end: EndSeen, peer = 'the proxy'): { after: string; check: string } {
  const close = /^close-(\d+)$/.exec(end.how);
  if (end.endedBy === 'proxy' && close) return { after: `${peer} closed it with ${close[1]}`, check: `does its reconnect logic handle close code ${close[1]}?` };
  switch (end.how) {
    case 'terminate':
      return { after: `${peer} terminated it (no close frame, code 1006)`, check: 'does its reconnect logic handle a connection that drops without a close frame (1006)?' };
    case 'mid-message':
      return { after: `${peer} cut it in the middle of a message`, check: 'does it reconnect after a truncated frame (1006)?' };
    case 'idle-timeout':
    case 'idle-cut':
      return { after: `${peer} cut it for being idle`, check: 'does it reconnect after an idle timeout (1006)?' };
    case 'ping-timeout':
    case 'half-open':
      return { after: `${peer} went silent on it (${end.how}) and the client dropped it`, check: 'does it reconnect after its own heartbeat gives up on a connection?' };
    case 'server-restart':
      return { after: `${peer} dropped it in a server restart and refused new connections for a while`, check: 'does it keep retrying after refused connection attempts?' };
    case 'server-closed':
      return { after: `the server closed it with ${end.toClient}`, check: `does its reconnect logic handle close code ${end.toClient} from the server?` };
    case 'client-closed':
      return {
        after: `the client closed it itself with ${end.fromClient ?? 1005}`,
        check: 'did it give up on purpose (an unrecoverable close code, a retry limit, or an error in its own code)?',
      };
    default:
      return { after: `the connection ended without a close frame (${end.how}, code 1006)`, check: 'does its reconnect logic handle an abrupt disconnect (1006)?' };
  }
}

export class ReconnectWatch {
  private readonly minWaitMs: number;
  private readonly delayFactor: number;
  private opens = 0;
  private open = 0;
  private attempts = 0;
  private longestDelayMs = 0;
  private lastEnd: { at: number; end: EndSeen } | null = null;
  private lastAttemptAt = -Infinity;
  /** The client's process was busy on the harness's behalf (a heap snapshot) until then. */
  private busyAt = -Infinity;

  private get peer(): string {
    return this.options.peer ?? 'the proxy';
  }

  constructor(private readonly options: ReconnectWatchOptions) {
    this.minWaitMs = options.minWaitMs ?? DEFAULT_MIN_WAIT_MS;
    this.delayFactor = options.delayFactor ?? DEFAULT_DELAY_FACTOR;
  }

  /** An upgrade request arrived (refused or not): the client is still trying. */
  attempt(now: number, reconnectDelayMs: number | null = null): void {
    this.attempts++;
    this.lastAttemptAt = now;
    if (reconnectDelayMs !== null) this.longestDelayMs = Math.max(this.longestDelayMs, reconnectDelayMs);
  }

  /** The client's process is busy for the harness now (writing a heap snapshot): quiet time starts again after. */
  busy(now: number): void {
    this.busyAt = now;
  }

  opened(): void {
    this.opens++;
    this.open++;
  }

  ended(now: number, end: EndSeen): void {
    this.open = Math.max(0, this.open - 1);
    this.lastEnd = { at: now, end };
  }

  /** How long a reconnect may take now: max(minWait, factor × longest reconnect delay). */
  get waitMs(): number {
    return Math.max(this.minWaitMs, this.delayFactor * this.longestDelayMs);
  }

  /** Null while the client takes part; otherwise what happened and what to check. */
  check(now: number): ClientGone | null {
    if (this.opens === 0) {
      const quietMs = now - Math.max(this.options.startedAt, this.busyAt);
      if (quietMs < this.options.startTimeoutMs) return null;
      const at = this.options.url ? ` at ${this.options.url}` : '';
      const message =
        this.attempts === 0
          ? `the client never connected within ${duration(this.options.startTimeoutMs)}: no upgrade request reached ${this.peer}${at} (does the client module connect to ctx.url?)`
          : `the client never connected within ${duration(this.options.startTimeoutMs)}: ${this.attempts} upgrade attempt${this.attempts === 1 ? '' : 's'} reached ${this.peer}${at} and none opened (see the upstream errors)`;
      return { kind: 'never-connected', message, connections: 0, quietMs };
    }
    if (this.open > 0 || this.lastEnd === null) return null;
    const since = Math.max(this.lastEnd.at, this.lastAttemptAt, this.busyAt);
    const quietMs = now - since;
    const wait = this.waitMs;
    if (quietMs < wait) return null;
    const { after, check } = endPhrase(this.lastEnd.end, this.peer);
    return {
      kind: 'stopped-reconnecting',
      message: `the client connected ${times(this.opens)} and did not reconnect within ${duration(wait)} after ${after}: ${check}`,
      connections: this.opens,
      quietMs,
    };
  }
}
