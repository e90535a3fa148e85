/** Starts this child's side of the connection: the built-in one or the user's module. */
import { startBuiltinClient } from '../client/builtin-client.js';
import type { ClientHandle, ServerHandle } from '../contracts.js';
import { SoakError } from '../errors.js';
import type { ChildConfig } from '../run/messages.js';
import { startBuiltinServer } from '../server/builtin-server.js';
import type { CycleCounter } from './cycle-counter.js';
import { callUserStart, loadUserModule } from './user-module.js';

export interface RunningSide {
  /** Where a server side listens. */
  url?: string;
  stop(): Promise<void>;
}

async function startServerSide(config: ChildConfig, counter: CycleCounter): Promise<RunningSide> {
  const { scenario } = config;
  if (scenario.server.module === null) {
    try {
      return await startBuiltinServer({ scenario, endsConnections: config.endsConnections, counter });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SoakError(
        'SOAK_START_FAILED',
        `the built-in server could not listen on ${scenario.server.host}:${scenario.server.port} (${reason}). ` +
          'Pick another server.port, or use 0 to let the system choose a free one.',
      );
    }
  }
  const path = scenario.server.module;
  const controller = new AbortController();
  const start = await loadUserModule(path, 'server.module');
  const handle = await callUserStart<ServerHandle | undefined>(
    start,
    { host: scenario.server.host, port: scenario.server.port, signal: controller.signal },
    'server.module',
    path,
  );
  if (!handle || typeof handle.url !== 'string') {
    throw new SoakError(
      'SOAK_MODULE_LOAD',
      `server.module ${path}: start() must resolve to { url: "ws://host:port/…" } once the server listens; it resolved to ${JSON.stringify(handle)}.`,
    );
  }
  return {
    url: handle.url,
    async stop() {
      controller.abort();
      await handle.stop?.();
    },
  };
}

async function startClientSide(config: ChildConfig, counter: CycleCounter): Promise<RunningSide> {
  const { scenario } = config;
  const url = config.url ?? '';
  if (scenario.client.module === null) {
    return startBuiltinClient({ url, scenario, endsConnections: config.endsConnections, counter });
  }
  const path = scenario.client.module;
  const controller = new AbortController();
  const start = await loadUserModule(path, 'client.module');
  const handle = await callUserStart<ClientHandle | void>(start, { url, signal: controller.signal }, 'client.module', path);
  return {
    async stop() {
      controller.abort();
      if (handle && typeof handle.stop === 'function') await handle.stop();
    },
  };
}

export function startSide(config: ChildConfig, counter: CycleCounter): Promise<RunningSide> {
  return config.role === 'server' ? startServerSide(config, counter) : startClientSide(config, counter);
}
