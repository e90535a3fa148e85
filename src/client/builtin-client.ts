/**
 * The harness's own client, written as a well-behaved reference: keeps `client.count`
 * connections, pings on a heartbeat and gives up on a silent connection, reconnects with
 * exponential backoff and jitter, honours Retry-After, and leaves nothing behind on close. When
 * the server is a user module it also ends each connection the way `disconnect.mode` says.
 */
import type { Duplex } from 'node:stream';
import { createSecureContext } from 'node:tls';
import WebSocket from 'ws';
import type { CycleCounter } from '../connection/cycle-counter.js';
import { HarnessConnection } from '../connection/harness-connection.js';
import { type Later, later } from '../connection/later.js';
import { endingPicker } from '../connection/mode-picker.js';
import { DEFAULT_STALL_GRACE_MS, StallWatch } from '../connection/stall-watch.js';
import { deflateOption, trafficPlan } from '../connection/traffic.js';
import { kindsIn } from '../scenario/disconnect-mode.js';
import type { Scenario } from '../scenario/types.js';
import { backoffDelayMs, retryAfterMs } from './backoff.js';

/** A server that accepts TCP but never answers the upgrade is given up on after this long. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

export interface BuiltinClientOptions {
  url: string;
  /** Certificate (PEM) to trust for a wss:// url. */
  ca?: string;
  scenario: Scenario;
  endsConnections: boolean;
  counter: CycleCounter;
}

export interface BuiltinClient {
  stop(): Promise<void>;
}

/** One of the `client.count` connections the client keeps, across its reconnects. */
interface Slot {
  /** Failed attempts in a row; 0 once a connection opens. */
  failures: number;
  timer: Later | null;
}

/** ws keeps the socket under a connection in `_socket`; the half-open and mid-message modes act on it. */
function socketOf(ws: WebSocket): Duplex {
  return (ws as unknown as { _socket: Duplex })._socket;
}

export function startBuiltinClient(options: BuiltinClientOptions): BuiltinClient {
  const { url, ca, scenario, endsConnections, counter } = options;
  // ping-timeout stops answering the server's pings, so pongs are sent by hand until then.
  const manualPong = endsConnections && kindsIn(scenario.disconnect.mode).has('ping-timeout');
  const picker = endingPicker(scenario.disconnect.mode);
  const plan = trafficPlan(scenario.traffic, 'client');
  // The peer is a user server: the harness cannot know its heartbeat.
  const stalls = new StallWatch(counter, DEFAULT_STALL_GRACE_MS);
  // One TLS context for every connection: building one from a PEM per connect costs milliseconds.
  const secureContext = ca === undefined ? undefined : createSecureContext({ ca });
  // The same options for every connection (ws copies them); `noDelay` is passed through to net/tls.connect.
  const wsOptions: WebSocket.ClientOptions & { noDelay: boolean } = {
    perMessageDeflate: deflateOption(scenario.traffic),
    autoPong: !manualPong,
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    // Nagle would hold the upgrade request behind the TLS handshake's last write for a delayed ACK (~40 ms).
    noDelay: true,
    ...(secureContext === undefined ? {} : { secureContext }),
  };
  const sockets = new Set<WebSocket>();
  const slots: Slot[] = [];
  let stopped = false;

  function reconnectLater(slot: Slot, retryAfter: number | null): void {
    const backoff = backoffDelayMs(scenario.client.backoff, slot.failures);
    const delay = retryAfter === null ? backoff : Math.max(backoff, retryAfter);
    counter.reconnectDelay(delay);
    slot.timer = later(delay, () => {
      slot.timer = null;
      connect(slot);
    });
  }

  function connect(slot: Slot): void {
    if (stopped) return;
    const ws = new WebSocket(url, wsOptions);
    let opened = false;
    let retryAfter: number | null = null;
    sockets.add(ws);
    ws.on('unexpected-response', (_request, response) => {
      counter.handshakeRejected(response.statusCode ?? 0);
      const header = response.headers['retry-after'];
      retryAfter = retryAfterMs(Array.isArray(header) ? header[0] : header);
      // Handling this event leaves the handshake to us: abort it ('close' follows).
      ws.terminate();
    });
    ws.on('open', () => {
      opened = true;
      slot.failures = 0;
      new HarnessConnection({
        ws,
        socket: socketOf(ws),
        side: 'client',
        scenario,
        counter,
        plan,
        ending: endsConnections ? picker.next() : null,
        manualPong,
        heartbeat: scenario.client.heartbeat,
        stalls,
        onClose: () => undefined,
      });
    });
    ws.on('error', () => {
      // Refused, reset and rejected attempts end in 'close' too; that is where they are handled.
    });
    ws.on('close', () => {
      sockets.delete(ws);
      if (stopped) return;
      if (!opened) {
        slot.failures++;
        counter.failedConnect();
      }
      reconnectLater(slot, retryAfter);
    });
  }

  for (let i = 0; i < scenario.client.count; i++) {
    const slot: Slot = { failures: 0, timer: null };
    slots.push(slot);
    connect(slot);
  }

  return {
    async stop() {
      stopped = true;
      // Report stalls before the quiet connections are torn down.
      stalls.stop();
      for (const slot of slots) slot.timer?.cancel();
      for (const ws of sockets) ws.terminate();
      sockets.clear();
    },
  };
}
