/**
 * Watches the connections the harness went quiet on (ping-timeout, half-open). A peer with a
 * heartbeat ends them within its interval and timeout; one without never does. Those still open
 * past a grace period are stalled: a finding about the peer, while the run goes on. The report is
 * sticky — the most stalled at once and the longest stall — so that connections torn down at the
 * end of the run still show.
 */
import type { CycleCounter } from './cycle-counter.js';
import type { Scenario } from '../scenario/types.js';

/** How often the quiet connections are checked. */
const STALL_CHECK_MS = 500;
/** Grace before a quiet connection counts as stalled, when nothing better is known about the peer. */
export const DEFAULT_STALL_GRACE_MS = 2_000;

export interface QuietConnection {
  /** Epoch ms when the harness went quiet on it. */
  quietSince: number;
}

export class StallWatch {
  private readonly quiet = new Set<QuietConnection>();
  private timer: NodeJS.Timeout | null = null;
  private peak = 0;
  private longest = 0;

  constructor(
    private readonly counter: CycleCounter,
    private readonly graceMs: number,
  ) {}

  add(connection: QuietConnection): void {
    this.quiet.add(connection);
    if (this.timer === null) {
      this.timer = setInterval(() => this.check(), STALL_CHECK_MS);
      // Watching must never keep the process alive.
      this.timer.unref();
    }
  }

  /** The connection closed; a stall it went through is kept in the report. */
  delete(connection: QuietConnection): void {
    if (!this.quiet.delete(connection)) return;
    const ms = Date.now() - connection.quietSince;
    if (ms >= this.graceMs && ms > this.longest) {
      this.longest = ms;
      this.counter.stalls(this.peak, this.longest);
    }
  }

  /** Counts the connections stalled now and reports the most at once and the longest so far. */
  check(now: number = Date.now()): void {
    let stalled = 0;
    for (const { quietSince } of this.quiet) {
      const ms = now - quietSince;
      if (ms < this.graceMs) continue;
      stalled++;
      this.longest = Math.max(this.longest, ms);
    }
    this.peak = Math.max(this.peak, stalled);
    this.counter.stalls(this.peak, this.longest);
  }

  /** A last report (call before the connections are torn down), then no more checks. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.quiet.size > 0) this.check();
  }
}

/**
 * The grace for quiet connections: twice what the built-in client's heartbeat needs to notice,
 * at least DEFAULT_STALL_GRACE_MS; just that for a peer the harness knows nothing about.
 */
export function stallGraceMs(peerHeartbeat: Scenario['client']['heartbeat']): number {
  if (peerHeartbeat === null) return DEFAULT_STALL_GRACE_MS;
  return Math.max(DEFAULT_STALL_GRACE_MS, 2 * (peerHeartbeat.intervalMs + peerHeartbeat.timeoutMs));
}
