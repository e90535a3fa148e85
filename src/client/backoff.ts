/**
 * The built-in client's reconnect delays: exponential backoff with jitter and a cap, and
 * Retry-After honoured when a refused upgrade carries one.
 */
import type { Scenario } from '../scenario/types.js';

/**
 * Delay before the next attempt after `failures` failed attempts in a row (0 after a connection
 * that opened): min(max, initial × factor^failures), less a random share up to `jitter` of it.
 */
export function backoffDelayMs(
  backoff: Scenario['client']['backoff'],
  failures: number,
  random: () => number = Math.random,
): number {
  const grown = backoff.initialMs * backoff.factor ** failures;
  const capped = Math.min(backoff.maxMs, grown);
  return capped * (1 - backoff.jitter * random());
}

/** Longest Retry-After honoured; a longer one is capped, so a bad header cannot stall a run. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * The wait a Retry-After header asks for, in ms: delay-seconds ("120") or an HTTP date
 * (RFC 9110 §10.2.3); null when absent or unreadable.
 */
export function retryAfterMs(header: string | undefined, now: number = Date.now()): number | null {
  if (header === undefined) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now));
}
