/**
 * Starts this child's side of the connection: the built-in one or the user's module. The server
 * side also makes the TLS certificate (server.tls) and puts the idle proxy (proxy.idleTimeout) in
 * front of the server, reporting the proxy's URL; the client side learns the certificate to trust
 * and starts the extra load processes (load.processes).
 */
import { startBuiltinClient } from '../client/builtin-client.js';
import { startLoadProcesses, type LoadProcesses } from '../client/load-processes.js';
import type { CycleCounter } from '../connection/cycle-counter.js';
import type { ClientHandle, ServerHandle } from '../contracts.js';
import { SoakError } from '../errors.js';
import type { ChildConfig } from '../ipc/messages.js';
import { startIdleProxy } from '../proxy/idle-proxy.js';
import { isUserSide } from '../scenario/command-fields.js';
import type { Scenario } from '../scenario/types.js';
import { startBuiltinServer } from '../server/builtin-server.js';
import { fetchServerCertificate } from '../tls/peer-certificate.js';
import { certificateHosts, createSelfSignedCertificate, type Certificate } from '../tls/self-signed-cert.js';
import { callUserStart, loadUserModule } from './user-module.js';

export interface RunningSide {
  /** Where a server side listens. */
  url?: string;
  stop(): Promise<void>;
}

type ServerSide = RunningSide & { url: string };

/** Ends the child with `error` when its side fails for good after start-up. */
export type FailSide = (error: SoakError) => void;

async function startBuiltin(config: ChildConfig, counter: CycleCounter, tls: Certificate | null, onFatal: FailSide): Promise<ServerSide> {
  const { scenario } = config;
  try {
    return await startBuiltinServer({ scenario, endsConnections: config.endsConnections, counter, tls, onFatal });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SoakError(
      'SOAK_START_FAILED',
      `the built-in server could not listen on ${scenario.server.host}:${scenario.server.port} (${reason}). ` +
        'Pick another server.port, or use 0 to let the system choose a free one.',
    );
  }
}

async function startUserServer(scenario: Scenario, tls: Certificate | null): Promise<ServerSide> {
  const path = scenario.server.module ?? '';
  const controller = new AbortController();
  const start = await loadUserModule(path, 'server.module');
  const ctx = { host: scenario.server.host, port: scenario.server.port, signal: controller.signal, ...(tls ? { tls } : {}) };
  const handle = await callUserStart<ServerHandle | undefined>(start, ctx, 'server.module', path);
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

/** Where the proxy connects for a server URL: a wildcard listen address is reached on loopback. */
function proxyTarget(url: URL): { host: string; port: number } {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? (url.protocol === 'wss:' ? 443 : 80) : Number(url.port);
  if (host === '0.0.0.0') return { host: '127.0.0.1', port };
  if (host === '::') return { host: '::1', port };
  return { host, port };
}

/** Puts the idle proxy in front of `server`; clients get the proxy's URL. */
async function withIdleProxy(server: ServerSide, idleTimeoutMs: number, counter: CycleCounter): Promise<ServerSide> {
  const url = new URL(server.url);
  const proxy = await startIdleProxy({ target: proxyTarget(url), idleTimeoutMs, onIdleCut: () => counter.idleTimeout() });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return {
    url: url.href,
    async stop() {
      await proxy.stop();
      await server.stop();
    },
  };
}

async function startServerSide(config: ChildConfig, counter: CycleCounter, onFatal: FailSide): Promise<RunningSide> {
  const { scenario } = config;
  const tls = scenario.server.tls ? createSelfSignedCertificate(certificateHosts(scenario.server.host)) : null;
  const server = scenario.server.module === null ? await startBuiltin(config, counter, tls, onFatal) : await startUserServer(scenario, tls);
  // Between two user modules the fault proxy (its own process) does the idle cut-off itself.
  const faultProxied = isUserSide(scenario, 'client') && isUserSide(scenario, 'server');
  return scenario.proxy && !faultProxied ? withIdleProxy(server, scenario.proxy.idleTimeoutMs, counter) : server;
}

async function startUserClient(scenario: Scenario, url: string, ca: string | undefined): Promise<RunningSide> {
  const path = scenario.client.module ?? '';
  const controller = new AbortController();
  const start = await loadUserModule(path, 'client.module');
  const ctx = { url, signal: controller.signal, ...(ca === undefined ? {} : { ca }) };
  const handle = await callUserStart<ClientHandle | void>(start, ctx, 'client.module', path);
  return {
    async stop() {
      controller.abort();
      if (handle && typeof handle.stop === 'function') await handle.stop();
    },
  };
}

async function startClientSide(config: ChildConfig, counter: CycleCounter): Promise<RunningSide> {
  const { scenario } = config;
  const url = config.url ?? '';
  // The orchestrator may hand the certificate over; otherwise it is read from the server itself.
  const ca = config.ca ?? (url.startsWith('wss:') ? await fetchServerCertificate(url) : undefined);
  const client =
    scenario.client.module === null || config.loadWorker
      ? startBuiltinClient({ url, ca, scenario, endsConnections: config.endsConnections, counter })
      : await startUserClient(scenario, url, ca);
  let load: LoadProcesses | null = null;
  try {
    if (!config.loadWorker && scenario.load.processes > 0) load = await startLoadProcesses(config, counter, ca);
  } catch (error) {
    await client.stop();
    throw error;
  }
  return {
    async stop() {
      await load?.stop();
      await client.stop();
    },
  };
}

/** Starts this child's side; `onFatal` hears of a failure after start-up (the built-in server's restarts). */
export function startSide(config: ChildConfig, counter: CycleCounter, onFatal: FailSide): Promise<RunningSide> {
  return config.role === 'server' ? startServerSide(config, counter, onFatal) : startClientSide(config, counter);
}
