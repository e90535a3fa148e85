/**
 * Scenario keys for how connections live and die: disconnect modes, the built-in client's
 * heartbeat and backoff, traffic shape, the idle proxy, TLS and load processes. schema.ts spreads
 * these into its sections; `checkConnectionRules` holds the cross-checks between them.
 */
import { z } from 'zod';
import { SERVER_ONLY_KINDS, QUIET_KINDS, modeSelectionField } from './disconnect-mode.js';
import { STANDALONE_MESSAGE, booleanField, durationField, integerField, numberField, sectionField, textField } from './field-types.js';
import type { ModeSelection } from './types.js';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** A close frame's payload is at most 125 bytes, two of them the code. */
const MAX_CLOSE_REASON_BYTES = 123;

/** Extra keys of `server`. */
export const serverConnectionFields = {
  tls: booleanField()
    .prefault(false)
    .describe('Serve wss:// with a self-signed certificate made at run time; the built-in client trusts it, a client module gets it as ctx.ca.'),
};

const heartbeatObject = sectionField({
  enabled: booleanField().prefault(true).describe('Ping the server and give up on connections that stop answering.'),
  interval: durationField({ minMs: 10, maxMs: HOUR_MS, example: '1s' })
    .prefault('1s')
    .describe('Time between pings on each connection, 10ms to 1h.'),
  timeout: durationField({ minMs: 10, maxMs: HOUR_MS, example: '1s' })
    .prefault('1s')
    .describe('How long a ping may go unanswered before the client terminates the connection and reconnects.'),
});

const backoffObject = sectionField({
  initial: durationField({ minMs: 0, maxMs: HOUR_MS, example: '1ms' })
    .prefault('1ms')
    .describe('Delay before reconnecting after a connection that opened; each failed attempt multiplies it by factor.'),
  max: durationField({ minMs: 0, maxMs: DAY_MS, example: '5s' })
    .prefault('5s')
    .describe('Cap on the reconnect delay.'),
  factor: numberField(1, 10).prefault(2).describe('Growth of the delay per failed attempt, 1 to 10.'),
  jitter: numberField(0, 1)
    .prefault(0.5)
    .describe('Random share taken off each delay, 0 (none) to 1 ("full jitter"), so clients do not reconnect in step.'),
}).superRefine((value, ctx) => {
  if (value.max < value.initial) {
    ctx.addIssue({ code: 'custom', path: ['max'], message: 'must not be shorter than backoff.initial', params: STANDALONE_MESSAGE });
  }
});

/** Extra keys of `client`. */
export const clientConnectionFields = {
  heartbeat: z
    .union([booleanField(), heartbeatObject], {
      error: 'expected true, false or a mapping with the keys "enabled", "interval", "timeout"',
    })
    // `heartbeat: false` is shorthand for `heartbeat: { enabled: false }`.
    .transform((value) => (typeof value === 'boolean' ? heartbeatObject.parse({ enabled: value }) : value))
    .prefault({})
    .describe('Heartbeat of the built-in client (ping every interval, give up after timeout); `heartbeat: false` turns it off.'),
  backoff: backoffObject
    .prefault({})
    .describe('Reconnect delays of the built-in client: exponential from initial up to max, with jitter.'),
};

/** Extra keys of `disconnect`. */
export const disconnectConnectionFields = {
  mode: modeSelectionField()
    .prefault('close-1000')
    .describe(
      'How the harness ends each connection: a mode name (close-<code>, terminate, ping-timeout, idle-timeout, half-open, ' +
        'mid-message, handshake-reject-<status>, server-restart), a list taken in turn, or a mapping of names to weights.',
    ),
  afterMessages: integerField(1, 1_000_000_000)
    .optional()
    .describe('Also end a connection once this many messages were sent or received on it (whichever of this and "after" comes first).'),
  reason: textField(0, MAX_CLOSE_REASON_BYTES)
    .refine((text) => Buffer.byteLength(text) <= MAX_CLOSE_REASON_BYTES, {
      error: `expected a reason of at most ${MAX_CLOSE_REASON_BYTES} bytes in UTF-8`,
    })
    .prefault('ws-soak cycle')
    .describe('Reason text sent with close-<code> modes, up to 123 bytes.'),
  rejectShare: numberField(0, 1)
    .prefault(0.5)
    .describe('Share of upgrade attempts refused when mode has handshake-reject-<status> entries, 0 to 1.'),
  retryAfter: durationField({ minMs: SECOND_MS, maxMs: DAY_MS, example: '1s' })
    .transform((ms) => Math.ceil(ms / SECOND_MS))
    .optional()
    .describe('Retry-After header sent with a refused upgrade (whole seconds, rounded up); absent: none.'),
  restartDelay: durationField({ minMs: 0, maxMs: 10 * MINUTE_MS, example: '500ms' })
    .prefault('500ms')
    .describe('How long the built-in server stays down in server-restart mode, up to 10m.'),
};

/** Extra keys of `traffic`. */
export const trafficConnectionFields = {
  clientMessages: integerField(0, 100_000)
    .prefault(0)
    .describe('Messages the built-in client sends on each connection, 0 to 100000.'),
  binary: booleanField().prefault(true).describe('Send binary frames (true) or text frames (false).'),
  burst: integerField(1, 100_000).prefault(1).describe('Messages sent back to back each time, 1 to 100000.'),
  rate: numberField(0, 100_000)
    .prefault(0)
    .describe('Messages per second on each connection and direction; 0 sends them all as soon as the connection opens.'),
  perMessageDeflate: booleanField()
    .prefault(false)
    .describe('Negotiate permessage-deflate on the built-in sides (compression contexts are a classic leak).'),
};

/** `proxy:` — a TCP proxy on 127.0.0.1 between client and server. */
export const proxySection = sectionField({
  idleTimeout: durationField({ minMs: 10, maxMs: DAY_MS, example: '60s' })
    .optional()
    .describe("Cut a connection with no bytes either way for this long, like nginx's proxy_read_timeout; absent: no proxy."),
});

/** `load:` — extra client processes. */
export const loadSection = sectionField({
  processes: integerField(0, 16)
    .prefault(0)
    .describe('Extra built-in client processes (0 to 16) that add churn against the server and are never judged.'),
});

type Ctx = z.RefinementCtx;

/** The value at `path` in a (possibly partly invalid) parsed scenario; undefined where a step is not a mapping. */
export function field(value: unknown, ...path: string[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The selection, when `disconnect.mode` parsed (cross-checks also run on partly invalid files). */
function selectionOf(value: unknown): ModeSelection | null {
  const mode = field(value, 'disconnect', 'mode');
  return typeof mode === 'object' && mode !== null && Array.isArray((mode as ModeSelection).choices) ? (mode as ModeSelection) : null;
}

const CLIENT_SIDE_MODES = 'close-<code>, terminate, ping-timeout, idle-timeout, half-open or mid-message';

/** Cross-checks between disconnect.mode and the keys it depends on. */
export function checkConnectionRules(value: unknown, ctx: Ctx): void {
  const selection = selectionOf(value);
  if (selection === null) return;
  const path = ['disconnect', 'mode'];
  // With both sides user modules the fault proxy can refuse upgrades and restart: only a lone user server limits the modes.
  const userSide = (role: string) => field(value, role, 'module') != null || field(value, role, 'command') != null || field(value, role, 'attach') != null;
  const userServer = userSide('server') && !userSide('client');
  for (const { mode } of selection.choices) {
    if (userServer && SERVER_ONLY_KINDS.has(mode.kind)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message:
          `${mode.name} needs the built-in server; with server.module or server.attach set, the harness's client ends connections ` +
          `and can use ${CLIENT_SIDE_MODES}`,
        params: STANDALONE_MESSAGE,
      });
      break;
    }
  }
  const idle = selection.choices.find((c) => c.mode.kind === 'idle-timeout');
  if (idle && field(value, 'proxy', 'idleTimeout') === undefined) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'idle-timeout needs proxy.idleTimeout, the idle cut-off of the proxy the harness puts between client and server (e.g. proxy: { idleTimeout: 1s })',
      params: STANDALONE_MESSAGE,
    });
  }
  const quiet = selection.choices.find((c) => QUIET_KINDS.has(c.mode.kind));
  if (quiet && field(value, 'duration') === undefined) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `${quiet.mode.name} can leave connections open for ever (a peer without a heartbeat never notices); set "duration" so the run ends`,
      params: STANDALONE_MESSAGE,
    });
  }
}
