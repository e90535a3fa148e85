/**
 * Counts cycles on the harness's own side of the connection and reports the running
 * totals to the orchestrator at most every CYCLE_REPORT_INTERVAL_MS, so that IPC
 * traffic stays flat however fast connections churn.
 */
import { CYCLE_REPORT_INTERVAL_MS } from '../constants.js';
import { emptyCycleCounts, type CycleCounts } from '../model/cycle-counts.js';
import { mergeCounts } from './merge-counts.js';

/** Reconnect delays kept for the median: a reservoir, so memory stays flat in a long soak. */
const MAX_DELAYS_KEPT = 1024;

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export class CycleCounter {
  private readonly counts: CycleCounts = emptyCycleCounts();
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private readonly delays: number[] = [];
  private delayMin = Infinity;
  private delayMax = -Infinity;
  private open = 0;
  /** Latest counts of each extra client process (load.processes), by worker index. */
  private readonly load = new Map<number, CycleCounts>();

  constructor(private readonly send: (counts: CycleCounts) => void) {}

  start(): void {
    this.timer = setInterval(() => this.flush(), CYCLE_REPORT_INTERVAL_MS);
    // The counter must never be what keeps a child alive.
    this.timer.unref();
  }

  opened(): void {
    this.counts.opened++;
    this.open++;
    if (this.open > this.counts.peakOpen) this.counts.peakOpen = this.open;
    this.dirty = true;
  }

  /** A connection that had opened has closed with `code`: one cycle. */
  closed(code: number, wasClean?: boolean): void {
    this.counts.cycles++;
    this.open--;
    bump(this.counts.closeCodes, String(code));
    if (wasClean !== undefined) bump(this.counts.wasClean, String(wasClean));
    this.dirty = true;
  }

  /** An upgrade refused with an HTTP status (seen by either side). */
  handshakeRejected(status: number): void {
    bump(this.counts.handshakeRejections, String(status));
    this.dirty = true;
  }

  failedConnect(): void {
    this.counts.failedConnects++;
    this.dirty = true;
  }

  heartbeatTimeout(): void {
    this.counts.heartbeatTimeouts++;
    this.dirty = true;
  }

  /** This side ended (or refused) a connection the way `modeName` says. */
  ended(modeName: string): void {
    bump(this.counts.endings, modeName);
    this.dirty = true;
  }

  sent(messages: number): void {
    this.counts.messagesSent += messages;
    this.dirty = true;
  }

  received(): void {
    this.counts.messagesReceived++;
    this.dirty = true;
  }

  deflated(): void {
    this.counts.deflateConnections++;
    this.dirty = true;
  }

  idleTimeout(): void {
    this.counts.idleTimeouts++;
    this.dirty = true;
  }

  /** The built-in server restarted, dropping `dropped` connections at once. */
  restarted(dropped: number): void {
    this.counts.restarts++;
    const range = this.counts.restartDropped;
    this.counts.restartDropped = range
      ? { min: Math.min(range.min, dropped), max: Math.max(range.max, dropped) }
      : { min: dropped, max: dropped };
    this.dirty = true;
  }

  /** Quiet connections the peer still holds open past its grace; see `CycleCounts.stalledConnections`. */
  stalls(connections: number, longestMs: number): void {
    if (connections === this.counts.stalledConnections && longestMs === this.counts.longestStallMs) return;
    this.counts.stalledConnections = connections;
    this.counts.longestStallMs = longestMs;
    this.dirty = true;
  }

  /** The latest counts of extra client process `worker`; they are added to this side's totals. */
  loadCounts(worker: number, counts: CycleCounts): void {
    this.load.set(worker, counts);
    this.dirty = true;
  }

  /** Record the delay before a reconnect attempt; keeps a bounded reservoir for the median. */
  reconnectDelay(ms: number): void {
    if (this.delays.length < MAX_DELAYS_KEPT) this.delays.push(ms);
    else this.delays[Math.floor(Math.random() * MAX_DELAYS_KEPT)] = ms;
    this.delayMin = Math.min(this.delayMin, ms);
    this.delayMax = Math.max(this.delayMax, ms);
    this.dirty = true;
  }

  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    if (this.delays.length > 0) {
      // The median is computed here, at most every CYCLE_REPORT_INTERVAL_MS, not per reconnect.
      const sorted = [...this.delays].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      this.counts.reconnectDelayMs = { min: this.delayMin, median, max: this.delayMax };
    }
    this.send(this.load.size > 0 ? mergeCounts(this.counts, [...this.load.values()]) : structuredClone(this.counts));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.dirty = true;
    this.flush();
  }
}
