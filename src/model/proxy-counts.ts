/** What the fault proxy counted (both sides user modules): sent by the proxy process, kept in the run record and summary.json. */
import type { CycleCounts } from './cycle-counts.js';

/** A leg of a proxied connection, named for the peer on it. */
export type Leg = 'client' | 'server';

/** Counts only the proxy has. */
export interface ProxyExtras {
  /** Upgrade requests that reached the proxy (opened, refused or failed). */
  upgradeRequests: number;
  /** Bytes forwarded each way (injected close frames not included). */
  bytes: { clientToServer: number; serverToClient: number };
  /** Whole frames forwarded each way (data and control). */
  frames: { clientToServer: number; serverToClient: number };
  /** Bytes read and not forwarded (after the proxy went quiet or injected a close). */
  droppedBytes: number;
  /** Close codes in close frames sent by each peer ("none" for an empty close payload). */
  closeFramesFrom: Record<Leg, Record<string, number>>;
  /** Upgrades the proxy refused itself (handshake-reject, server-restart), by status ("reset" when the socket was reset). */
  refusedByProxy: Record<string, number>;
  /** Upstream failures by kind (connect, timeout, not-http, http-status, closed, protocol). */
  upstreamErrors: Record<string, number>;
  /** Clients that sent something other than a WebSocket upgrade or frames. */
  clientProtocolErrors: number;
  /** Connections open through the proxy now. */
  open: number;
}

/** Per leg as a built-in side would count it, plus what only the proxy sees. */
export interface ProxyCounts {
  client: CycleCounts;
  server: CycleCounts;
  proxy: ProxyExtras;
}
