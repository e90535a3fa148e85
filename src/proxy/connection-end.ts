/** The record of how one connection through the fault proxy ended: the payload of its 'close' event. */
import type { Leg } from './proxy-counts.js';

/** How a connection through the proxy ended; the payload of the proxy's 'close' event. */
export interface ConnectionEnd {
  id: number;
  /** The proxy's mode name (`close-1000`, `terminate`, …), or client-closed, server-closed, client-gone, server-gone, idle-cut, client-protocol-error, server-protocol-error, proxy-stopped. */
  how: string;
  endedBy: 'proxy' | 'client' | 'server';
  /** The code each peer's 'close' event reports: the code of the close frame it got, 1005 for one without a code, 1006 for none. */
  toClient: number;
  toServer: number;
  /** Codes of the close frames each peer sent (null: it sent none; 1005: one without a code). */
  fromClient: number | null;
  fromServer: number | null;
  /** Close frames went both ways on that leg before its TCP connection ended. */
  wasClean: Record<Leg, boolean>;
  lifetimeMs: number;
}
