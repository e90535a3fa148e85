/**
 * A harness callback after a delay, unref'd like every harness timer (see HarnessConnection).
 *
 * A delay under 1 ms runs as soon as the current callback returns (process.nextTick): Node's
 * setTimeout waits at least 1 ms, which alone held a zero-lifetime, zero-backoff soak to a fifth
 * of what the same loop does on bare `ws` (bench/churn.mjs). Not setImmediate: an unref'd
 * immediate does not wake a loop that is waiting for I/O, so it ran only at the next timer
 * (17 cycles/s), and a ref'd one shows among the active handles the verdict watches.
 * Every zero-delay caller here runs from an I/O event, so the tick cannot starve the loop.
 */
export interface Later {
  cancel(): void;
}

export function later(delayMs: number, run: () => void): Later {
  if (delayMs < 1) {
    let cancelled = false;
    process.nextTick(() => cancelled || run());
    return { cancel: () => (cancelled = true) };
  }
  const timeout = setTimeout(run, delayMs).unref();
  return { cancel: () => clearTimeout(timeout) };
}
