/**
 * handshake-reject-<status>: the built-in server refuses a share of upgrade attempts with an HTTP
 * status — 401/403 (credentials expired), 429 (rate limited), 503 (overloaded, draining) —
 * optionally with Retry-After, as a gateway or an auth check in front of a WebSocket server does.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { refusalPicker, type ModePicker } from '../connection/mode-picker.js';
import type { DisconnectMode, Scenario } from '../scenario/types.js';

export class HandshakeRejecter {
  private constructor(
    private readonly picker: ModePicker,
    private readonly share: number,
    private readonly random: () => number,
  ) {}

  /** The rejecter for a scenario, or null when `disconnect.mode` refuses nothing. */
  static from(disconnect: Scenario['disconnect'], random: () => number = Math.random): HandshakeRejecter | null {
    const picker = refusalPicker(disconnect.mode, random);
    return picker && disconnect.rejectShare > 0 ? new HandshakeRejecter(picker, disconnect.rejectShare, random) : null;
  }

  /** For one upgrade attempt: the refusal to give it, or null to accept it. */
  decide(): Extract<DisconnectMode, { kind: 'handshake-reject' }> | null {
    if (this.random() >= this.share) return null;
    return this.picker.next() as Extract<DisconnectMode, { kind: 'handshake-reject' }>;
  }
}

/** Answers an upgrade request with `status` (and Retry-After, in seconds) and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, retryAfterS: number | null): void {
  const body = `ws-soak refused this upgrade (${status})\n`;
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  if (retryAfterS !== null) lines.push(`Retry-After: ${retryAfterS}`);
  socket.on('error', () => {
    // The client may hang up first; nothing left to tell it.
  });
  socket.once('finish', () => socket.destroy());
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}
