import { describe, expect, it } from 'vitest';
import { policyFromScenario } from '../../src/proxy/fault-policy.js';
import { resolveScenario } from '../../src/scenario/load.js';

/** A fixed sequence of [0, 1) numbers, repeated. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
};

describe('policyFromScenario', () => {
  it('carries disconnect.* and proxy.idleTimeout over, and picks endings and refusals as the built-in server does', () => {
    const scenario = resolveScenario(
      {
        cycles: 10,
        disconnect: {
          after: '50ms',
          jitter: '10ms',
          afterMessages: 7,
          reason: 'soak',
          mode: ['close-4001', 'terminate', 'handshake-reject-429'],
          rejectShare: 0.5,
          retryAfter: '2s',
          restartDelay: '300ms',
        },
        proxy: { idleTimeout: '5s' },
      },
      'scenarios/x.yaml',
    );
    // random(): below rejectShare (0.5) refuses, at or above forwards.
    const policy = policyFromScenario(scenario, sequence(0.2, 0.9));
    expect(policy).toMatchObject({ lifetimeMs: 50, jitterMs: 10, afterFrames: 7, closeReason: 'soak', retryAfterS: 2, restartDelayMs: 300, idleTimeoutMs: 5_000 });
    expect([policy.pickEnding().name, policy.pickEnding().name, policy.pickEnding().name]).toEqual(['close-4001', 'terminate', 'close-4001']);
    expect([policy.decideRefusal(), policy.decideRefusal()]).toEqual([429, null]);
  });
});
