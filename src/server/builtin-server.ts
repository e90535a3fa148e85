/**
 * The harness's own WebSocket server (ws:// or wss://): accepts or refuses upgrades, sends the
 * scenario's traffic, and ends each connection the way `disconnect.mode` says — including
 * restarting itself (server-restart), which drops every client at once.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { CycleCounter } from '../connection/cycle-counter.js';
import { HarnessConnection } from '../connection/harness-connection.js';
import { endingPicker } from '../connection/mode-picker.js';
import { StallWatch, stallGraceMs } from '../connection/stall-watch.js';
import { deflateOption, trafficPlan } from '../connection/traffic.js';
import type { SoakError } from '../errors.js';
import { isUserSide } from '../scenario/command-fields.js';
import { kindsIn } from '../scenario/disconnect-mode.js';
import type { Scenario } from '../scenario/types.js';
import type { Certificate } from '../tls/self-signed-cert.js';
import { HandshakeRejecter, refuseUpgrade } from './handshake-reject.js';
import { Relistener } from './relistener.js';

export interface BuiltinServer {
  url: string;
  stop(): Promise<void>;
}

export interface BuiltinServerOptions {
  scenario: Scenario;
  /** This side ends connections (always, unless a client module ends them itself). */
  endsConnections: boolean;
  counter: CycleCounter;
  /** Serve wss:// with this certificate; null for ws://. */
  tls: Certificate | null;
  /** Called when the server fails for good while running (a restart that cannot get its port back). */
  onFatal: (error: SoakError) => void;
}

function urlOf(server: HttpServer, secure: boolean): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${secure ? 'wss' : 'ws'}://${host}:${address.port}/`;
}

export async function startBuiltinServer(options: BuiltinServerOptions): Promise<BuiltinServer> {
  const { scenario, endsConnections, counter, tls, onFatal } = options;
  const kinds = kindsIn(scenario.disconnect.mode);
  // ping-timeout stops answering pings, so pongs are sent by hand until then.
  const manualPong = endsConnections && kinds.has('ping-timeout');
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: deflateOption(scenario.traffic),
    autoPong: !manualPong,
  });
  const http = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }) : createHttpServer();
  const rejecter = endsConnections ? HandshakeRejecter.from(scenario.disconnect) : null;
  const picker = endingPicker(scenario.disconnect.mode);
  const plan = trafficPlan(scenario.traffic, 'server');
  const stalls = new StallWatch(counter, stallGraceMs(!isUserSide(scenario, 'client') ? scenario.client.heartbeat : null));
  const connections = new Set<HarnessConnection>();
  const sockets = new Set<Socket>();
  const listener = new Relistener(http, scenario.server.host, scenario.server.port, onFatal);

  if (kinds.has('server-restart')) {
    // A restart must also drop sockets still in the HTTP handshake, so every socket is tracked.
    http.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
  }

  function dropAll(): void {
    for (const connection of connections) connection.terminate();
    for (const socket of sockets) socket.destroy();
  }

  function restart(): boolean {
    if (listener.down) return false;
    counter.restarted(connections.size);
    listener.restart(scenario.disconnect.restartDelayMs);
    dropAll();
    return true;
  }

  http.on('request', (_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
    res.end('ws-soak: this is a WebSocket server\n');
  });

  http.on('upgrade', (req, socket, head) => {
    const refusal = rejecter?.decide();
    if (refusal) {
      counter.handshakeRejected(refusal.status);
      counter.ended(refusal.name);
      refuseUpgrade(socket, refusal.status, scenario.disconnect.retryAfterS);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new HarnessConnection({
        ws,
        socket,
        side: 'server',
        scenario,
        counter,
        plan,
        ending: endsConnections ? picker.next() : null,
        manualPong,
        heartbeat: null,
        stalls,
        restart,
        onClose: (closed) => connections.delete(closed),
      });
      connections.add(connection);
    });
  });

  await listener.listen();
  return {
    url: urlOf(http, tls !== null),
    async stop() {
      // Report stalls before the quiet connections are torn down.
      stalls.stop();
      listener.stop();
      dropAll();
      wss.close();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
}
