/**
 * The harness's own WebSocket server: accepts connections, sends the scenario's traffic,
 * and (when it is the side that ends connections) closes each one after `disconnect.after`.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CycleCounter } from '../child/cycle-counter.js';
import type { Scenario } from '../scenario/types.js';

export interface BuiltinServer {
  url: string;
  stop(): Promise<void>;
}

export interface BuiltinServerOptions {
  scenario: Scenario;
  endsConnections: boolean;
  counter: CycleCounter;
}

/** The close frame the harness sends to end a cycle normally. */
export const CYCLE_CLOSE_CODE = 1000;
export const CYCLE_CLOSE_REASON = 'ws-soak cycle';

export function lifetimeMs(disconnect: Scenario['disconnect']): number {
  return disconnect.afterMs + (disconnect.jitterMs > 0 ? Math.random() * disconnect.jitterMs : 0);
}

function sendTraffic(ws: WebSocket, traffic: Scenario['traffic']): void {
  if (traffic.messages === 0) return;
  const payload = Buffer.alloc(traffic.sizeBytes, 0x61);
  for (let i = 0; i < traffic.messages; i++) ws.send(payload);
}

export function startBuiltinServer(options: BuiltinServerOptions): Promise<BuiltinServer> {
  const { scenario, endsConnections, counter } = options;
  const wss = new WebSocketServer({ host: scenario.server.host, port: scenario.server.port, perMessageDeflate: false });

  wss.on('connection', (ws) => {
    counter.opened();
    let timer: NodeJS.Timeout | null = null;
    if (endsConnections) {
      timer = setTimeout(() => ws.close(CYCLE_CLOSE_CODE, CYCLE_CLOSE_REASON), lifetimeMs(scenario.disconnect));
    }
    ws.on('error', () => {
      // A peer that vanishes mid-frame is part of the soak, not a server failure; 'close' follows.
    });
    ws.on('close', (code) => {
      if (timer) clearTimeout(timer);
      counter.closed(code, code !== 1006);
    });
    sendTraffic(ws, scenario.traffic);
  });

  return new Promise((resolve, reject) => {
    wss.once('error', reject);
    wss.once('listening', () => {
      wss.off('error', reject);
      const address = wss.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `ws://${host}:${address.port}/`,
        stop: () =>
          new Promise<void>((done) => {
            for (const client of wss.clients) client.terminate();
            wss.close(() => done());
          }),
      });
    });
  });
}
