/**
 * What each built-in side saw of its connections (summary.json `connections`), as short lines
 * for the terminal, Markdown and HTML reports: close codes, clean or not, refusals by status,
 * heartbeat timeouts, reconnect delays, how the harness ended connections, restarts, idle cuts,
 * traffic — and stalled connections, which are a finding about the peer.
 */
import { formatBytes, formatCount, formatMs } from '../format/units.js';
import type { CycleCounts } from '../model/cycle-counts.js';
import type { ProxyExtras } from '../model/proxy-counts.js';
import type { Role } from '../scenario/types.js';

export interface ConnectionLine {
  /** The side the line is about; `proxy` for what only the fault proxy saw. */
  role: Role | 'proxy';
  text: string;
  /** A finding about the peer (connections it never noticed were dead), to be shown as a warning. */
  finding: boolean;
}

/** `{ "1000": 300, "1006": 20 }` → "1000×300, 1006×20", largest first. */
function tally(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key}×${formatCount(n)}`)
    .join(', ');
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const other = (role: Role): Role => (role === 'client' ? 'server' : 'client');

function linesFor(role: Role, c: CycleCounts): ConnectionLine[] {
  const lines: string[] = [];
  if (sum(c.closeCodes) > 0) {
    const clean = c.wasClean['true'] ?? 0;
    const unclean = c.wasClean['false'] ?? 0;
    lines.push(`closes seen: ${tally(c.closeCodes)}${clean + unclean > 0 ? ` (clean ${formatCount(clean)}, unclean ${formatCount(unclean)})` : ''}`);
  }
  const attempts: string[] = [];
  if (sum(c.handshakeRejections) > 0) attempts.push(`upgrades refused: ${tally(c.handshakeRejections)}`);
  if (c.failedConnects > 0) attempts.push(`${formatCount(c.failedConnects)} failed connects`);
  if (c.heartbeatTimeouts > 0) attempts.push(`${formatCount(c.heartbeatTimeouts)} heartbeat timeouts`);
  if (c.reconnectDelayMs) {
    const d = c.reconnectDelayMs;
    attempts.push(`reconnect delay ${formatMs(d.min)} / ${formatMs(d.median)} / ${formatMs(d.max)} (min / median / max)`);
  }
  if (attempts.length > 0) lines.push(attempts.join('; '));
  if (sum(c.endings) > 0) lines.push(`ended by the harness: ${tally(c.endings)}`);
  const events: string[] = [];
  if (c.restarts > 0) {
    const dropped = c.restartDropped ? ` dropping ${c.restartDropped.min === c.restartDropped.max ? formatCount(c.restartDropped.min) : `${formatCount(c.restartDropped.min)}–${formatCount(c.restartDropped.max)}`} at once` : '';
    events.push(`${formatCount(c.restarts)} server restarts${dropped}`);
  }
  if (c.idleTimeouts > 0) events.push(`${formatCount(c.idleTimeouts)} cut by the idle proxy`);
  if (c.messagesSent + c.messagesReceived > 0) events.push(`messages ${formatCount(c.messagesSent)} sent, ${formatCount(c.messagesReceived)} received`);
  if (c.deflateConnections > 0) events.push(`permessage-deflate on ${formatCount(c.deflateConnections)}`);
  if (c.peakOpen > 1) events.push(`up to ${formatCount(c.peakOpen)} open at once`);
  if (c.loadProcesses > 0) events.push(`includes ${formatCount(c.loadProcesses)} load processes`);
  if (events.length > 0) lines.push(events.join('; '));
  const result: ConnectionLine[] = lines.map((text) => ({ role, text: `${role}: ${text}`, finding: false }));
  if (c.stalledConnections > 0) {
    result.push({
      role,
      text:
        `${role}: ${formatCount(c.stalledConnections)} connection${c.stalledConnections === 1 ? '' : 's'} stalled — still open ` +
        `${formatMs(c.longestStallMs)} after the ${role} went quiet; the ${other(role)} never noticed (no heartbeat?)`,
      finding: true,
    });
  }
  return result;
}

/** What only the fault proxy saw: traffic forwarded, its own refusals, and peers that broke the protocol. */
function proxyLines(p: ProxyExtras): ConnectionLine[] {
  const parts = [
    `forwarded ${formatBytes(p.bytes.clientToServer)} / ${formatCount(p.frames.clientToServer)} frames client→server, ` +
      `${formatBytes(p.bytes.serverToClient)} / ${formatCount(p.frames.serverToClient)} frames server→client`,
  ];
  if (sum(p.refusedByProxy) > 0) parts.push(`upgrades refused by the proxy: ${tally(p.refusedByProxy)}`);
  const lines: ConnectionLine[] = [{ role: 'proxy', text: `proxy: ${parts.join('; ')}`, finding: false }];
  const errors: string[] = [];
  if (sum(p.upstreamErrors) > 0) errors.push(`upstream errors: ${tally(p.upstreamErrors)}`);
  if (p.clientProtocolErrors > 0) errors.push(`${formatCount(p.clientProtocolErrors)} client protocol errors`);
  if (errors.length > 0) lines.push({ role: 'proxy', text: `proxy: ${errors.join('; ')}`, finding: true });
  return lines;
}

/** Lines for every side that reported counts, client first, then the fault proxy's own; empty sides give no lines. */
export function connectionLines(connections: Partial<Record<Role, CycleCounts>> & { proxy?: ProxyExtras }): ConnectionLine[] {
  const sides = (['client', 'server'] as const).flatMap((role) => {
    const counts = connections[role];
    return counts ? linesFor(role, counts) : [];
  });
  return connections.proxy ? [...sides, ...proxyLines(connections.proxy)] : sides;
}

/** Where the run connects, for the start line: the server, or the fault proxy in front of it. */
export function endpointText(url: string, serverUrl?: string): string {
  return serverUrl === undefined ? `server ${url}` : `proxy ${url} → server ${serverUrl}`;
}
