/**
 * When and how the fault proxy ends connections: a plain record the proxy reads, and the policy
 * a scenario's `disconnect` (and `proxy.idleTimeout`) section stands for.
 */
import { endingPicker } from '../connection/mode-picker.js';
import type { DisconnectMode, Scenario } from '../scenario/types.js';
import { HandshakeRejecter } from '../server/handshake-reject.js';

export interface FaultPolicy {
  /** Connection lifetime before the proxy ends it; null: never by time. */
  lifetimeMs: number | null;
  /** Random extra lifetime, uniform in [0, jitterMs]. */
  jitterMs: number;
  /** End a connection once this many data frames (both ways together) were forwarded on it; null: no limit. */
  afterFrames: number | null;
  /** How to end the next connection; called once per connection, when it opens. */
  pickEnding(): DisconnectMode;
  /** For each upgrade attempt: an HTTP status to refuse it with, or null to forward it. */
  decideRefusal(): number | null;
  /** Reason text of injected close frames. */
  closeReason: string;
  /** `Retry-After` of the proxy's own refusals, whole seconds; null: none. */
  retryAfterS: number | null;
  /** How long `server-restart` refuses new connections. */
  restartDelayMs: number;
  /** How `server-restart` refuses: an HTTP 503 answer, or resetting the TCP connection. */
  restartRefusal: '503' | 'reset';
  /** Cut any connection on which no byte was forwarded for this long; also idle-timeout's quiet time. Null: none. */
  idleTimeoutMs: number | null;
  /** Source of [0, 1) numbers for jitter; tests pass a fixed one. */
  random(): number;
}

/** A policy that ends nothing: the proxy only forwards and counts. */
export function passThroughPolicy(): FaultPolicy {
  return {
    lifetimeMs: null,
    jitterMs: 0,
    afterFrames: null,
    pickEnding: () => ({ name: 'close-1000', kind: 'close', code: 1000 }),
    decideRefusal: () => null,
    closeReason: '',
    retryAfterS: null,
    restartDelayMs: 0,
    restartRefusal: 'reset',
    idleTimeoutMs: null,
    random: Math.random,
  };
}

/** The policy of a scenario whose two sides are user modules: the proxy ends the connections. */
export function policyFromScenario(scenario: Scenario, random: () => number = Math.random): FaultPolicy {
  const { disconnect } = scenario;
  const picker = endingPicker(disconnect.mode, random);
  const rejecter = HandshakeRejecter.from(disconnect, random);
  return {
    lifetimeMs: disconnect.afterMs,
    jitterMs: disconnect.jitterMs,
    afterFrames: disconnect.afterMessages,
    pickEnding: () => picker.next(),
    decideRefusal: () => rejecter?.decide()?.status ?? null,
    closeReason: disconnect.reason,
    retryAfterS: disconnect.retryAfterS,
    restartDelayMs: disconnect.restartDelayMs,
    restartRefusal: 'reset',
    idleTimeoutMs: scenario.proxy?.idleTimeoutMs ?? null,
    random,
  };
}
