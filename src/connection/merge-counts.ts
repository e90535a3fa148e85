/**
 * Adds the counts of extra client processes (load.processes) to a side's own, so the totals say
 * what all of the harness's clients saw. Counts are summed; extremes are merged; the median of the
 * reconnect delays stays the side's own (medians do not add).
 */
import type { CycleCounts } from '../model/cycle-counts.js';

function addInto(target: Record<string, number>, source: Record<string, number>): void {
  for (const [key, n] of Object.entries(source)) target[key] = (target[key] ?? 0) + n;
}

type Range = { min: number; max: number } | null;

function widen<T extends Range>(mine: T, theirs: Range): T {
  if (theirs === null) return mine;
  if (mine === null) return theirs as T;
  return { ...mine, min: Math.min(mine.min, theirs.min), max: Math.max(mine.max, theirs.max) };
}

/** `own` plus every count in `others`; returns a new object, leaves the inputs alone. */
export function mergeCounts(own: CycleCounts, others: readonly CycleCounts[]): CycleCounts {
  const total: CycleCounts = structuredClone(own);
  for (const other of others) {
    total.cycles += other.cycles;
    total.opened += other.opened;
    total.failedConnects += other.failedConnects;
    total.heartbeatTimeouts += other.heartbeatTimeouts;
    total.messagesSent += other.messagesSent;
    total.messagesReceived += other.messagesReceived;
    total.deflateConnections += other.deflateConnections;
    total.idleTimeouts += other.idleTimeouts;
    total.restarts += other.restarts;
    total.stalledConnections += other.stalledConnections;
    // Peaks of separate processes need not coincide: their sum is an upper bound.
    total.peakOpen += other.peakOpen;
    total.longestStallMs = Math.max(total.longestStallMs, other.longestStallMs);
    addInto(total.closeCodes, other.closeCodes);
    addInto(total.wasClean, other.wasClean);
    addInto(total.handshakeRejections, other.handshakeRejections);
    addInto(total.endings, other.endings);
    total.reconnectDelayMs = widen(total.reconnectDelayMs, other.reconnectDelayMs);
    total.restartDropped = widen(total.restartDropped, other.restartDropped);
  }
  total.loadProcesses = others.length;
  return total;
}
