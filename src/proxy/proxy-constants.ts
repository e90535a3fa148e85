/**
 * Tunables of the WebSocket fault proxy, units in the names. Kept beside the proxy until the run
 * wires it in; they belong in src/constants.ts then.
 */

/** How long the upstream server gets to answer an upgrade before the proxy gives up (504). */
export const UPSTREAM_HANDSHAKE_TIMEOUT_MS = 5_000;

/** Largest HTTP response head read from the upstream before it counts as not HTTP. */
export const MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

/** After a close frame is injected, how long each peer gets to answer it before both sockets are destroyed. */
export const CLOSE_GRACE_MS = 1_000;

/** mid-message: how long to wait for a forwarded data frame to cut inside before writing a partial frame of our own. */
export const MID_MESSAGE_WAIT_MS = 1_000;

/** idle-timeout without `idleTimeoutMs` in the policy: quiet time before the cut. */
export const DEFAULT_IDLE_CUT_MS = 1_000;

/** Bytes of a body forwarded from an upstream that refused an upgrade (its error page). */
export const MAX_REFUSAL_BODY_BYTES = 64 * 1024;

/** Longest reason text of an injected close frame: a control frame payload is at most 125 bytes (RFC 6455 §5.5). */
export const MAX_CLOSE_REASON_BYTES = 123;
