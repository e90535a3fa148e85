/**
 * The fault proxy's child process (role "proxy"), started between a user server module and a
 * user client module: forwards to the server's URL, ends connections per `disconnect.*`, reports
 * its counts every CYCLE_REPORT_INTERVAL_MS, and says when a peer sends something that is not
 * WebSocket (the run then ends with exit 3). Its own process, so its CPU and memory are neither
 * the orchestrator's (whose event loop handles samples and snapshots) nor a measured side's.
 */
import { CYCLE_REPORT_INTERVAL_MS, UPSTREAM_FAILURES_IN_A_ROW } from '../constants.js';
import type { SoakErrorCode } from '../errors.js';
import type { ChildConfig, FromChild } from '../ipc/messages.js';
import { policyFromScenario } from '../proxy/fault-policy.js';
import { WsFaultProxy, type UpstreamErrorKind } from '../proxy/ws-fault-proxy.js';
import { fetchServerCertificate } from '../tls/peer-certificate.js';
import { certificateHosts, createSelfSignedCertificate } from '../tls/self-signed-cert.js';
import type { RunningSide } from './start-side.js';

/** Upstream failures that say the server is not a WebSocket server at that URL: one is enough. */
const FATAL_AT_ONCE: ReadonlySet<UpstreamErrorKind> = new Set(['not-http', 'http-status', 'protocol']);

export type SendToParent = (message: FromChild) => void;

/** Starts the proxy in front of `config.url`; resolves with its URL once it listens. */
export async function startProxySide(config: ChildConfig, send: SendToParent): Promise<RunningSide & { url: string }> {
  const { scenario } = config;
  const upstreamUrl = config.url ?? '';
  const upstreamCa = config.ca ?? (upstreamUrl.startsWith('wss:') ? await fetchServerCertificate(upstreamUrl) : undefined);
  // server.tls: the client leg is wss:// too, with a certificate made for this run (the client gets it as ctx.ca).
  const tls = scenario.server.tls ? createSelfSignedCertificate(certificateHosts('127.0.0.1')) : undefined;
  const proxy = await WsFaultProxy.start({ upstreamUrl, policy: policyFromScenario(scenario), tls, upstreamCa });

  let reported = false;
  const fatal = (code: SoakErrorCode, message: string): void => {
    // The first bad answer says it all; the orchestrator ends the run and stops this process.
    if (reported) return;
    reported = true;
    send({ type: 'proxy-counts', counts: proxy.counts() });
    send({ type: 'fatal', code, message });
  };
  let failuresInARow = 0;
  proxy.on('open', () => (failuresInARow = 0));
  proxy.on('upstream-error', ({ kind, message }) => {
    failuresInARow++;
    if (FATAL_AT_ONCE.has(kind) || failuresInARow >= UPSTREAM_FAILURES_IN_A_ROW) {
      fatal('SOAK_UPSTREAM_INVALID', `server.module at ${upstreamUrl}: ${message}. Check that the server module's start() resolves the URL its WebSocket endpoint answers on.`);
    }
  });
  proxy.on('client-protocol-error', ({ message }) => {
    fatal('SOAK_CLIENT_INVALID', `client.module: ${message}. The client must connect to ctx.url with a WebSocket (for socket.io, transports: ['websocket']).`);
  });

  const timer = setInterval(() => send({ type: 'proxy-counts', counts: proxy.counts() }), CYCLE_REPORT_INTERVAL_MS);
  timer.unref();
  return {
    url: proxy.url,
    async stop() {
      clearInterval(timer);
      send({ type: 'proxy-counts', counts: proxy.counts() });
      await proxy.stop();
    },
  };
}
