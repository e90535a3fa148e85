/**
 * The harness's own client: keeps `client.count` connections to `url`, reconnecting as soon
 * as one closes. When the server is a user module it also ends each connection itself
 * after `disconnect.after`, so the user's server sees the churn.
 */
import WebSocket from 'ws';
import type { CycleCounter } from '../child/cycle-counter.js';
import type { Scenario } from '../scenario/types.js';
import { CYCLE_CLOSE_CODE, CYCLE_CLOSE_REASON, lifetimeMs } from '../server/builtin-server.js';

/** Wait before retrying a connection that never opened, so a dead server is not hammered. */
const FAILED_CONNECT_RETRY_MS = 100;

export interface BuiltinClientOptions {
  url: string;
  scenario: Scenario;
  endsConnections: boolean;
  counter: CycleCounter;
}

export interface BuiltinClient {
  /** Connection attempts that failed before opening. */
  failedConnects(): number;
  stop(): Promise<void>;
}

export function startBuiltinClient(options: BuiltinClientOptions): BuiltinClient {
  const { url, scenario, endsConnections, counter } = options;
  const open = new Set<WebSocket>();
  let stopped = false;
  let failed = 0;
  const retryTimers = new Set<NodeJS.Timeout>();

  function connect(): void {
    if (stopped) return;
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let opened = false;
    let lifetime: NodeJS.Timeout | null = null;
    open.add(ws);
    ws.on('open', () => {
      opened = true;
      counter.opened();
      if (endsConnections) {
        lifetime = setTimeout(() => ws.close(CYCLE_CLOSE_CODE, CYCLE_CLOSE_REASON), lifetimeMs(scenario.disconnect));
      }
    });
    ws.on('error', () => {
      // Refused or reset connections end in 'close' too; that is where they are counted.
    });
    ws.on('close', (code) => {
      open.delete(ws);
      if (lifetime) clearTimeout(lifetime);
      if (stopped) return;
      if (opened) {
        counter.closed(code, code !== 1006);
        setImmediate(connect);
      } else {
        failed++;
        counter.failedConnect();
        const retry = setTimeout(() => {
          retryTimers.delete(retry);
          connect();
        }, FAILED_CONNECT_RETRY_MS);
        retryTimers.add(retry);
      }
    });
  }

  for (let i = 0; i < scenario.client.count; i++) connect();

  return {
    failedConnects: () => failed,
    async stop() {
      stopped = true;
      for (const timer of retryTimers) clearTimeout(timer);
      for (const ws of open) ws.terminate();
      open.clear();
    },
  };
}
