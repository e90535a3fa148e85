import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryAfterMs } from '../../src/client/backoff.js';

const backoff = { initialMs: 10, maxMs: 1000, factor: 2, jitter: 0.5 };

describe('backoffDelayMs', () => {
  it('grows by factor per failure up to the cap', () => {
    const none = () => 0;
    expect([0, 1, 2, 3, 6, 7, 20].map((n) => backoffDelayMs(backoff, n, none))).toEqual([10, 20, 40, 80, 640, 1000, 1000]);
  });

  it('takes up to `jitter` of the delay off at random', () => {
    expect(backoffDelayMs(backoff, 2, () => 0.999999)).toBeCloseTo(20, 3);
    expect(backoffDelayMs({ ...backoff, jitter: 1 }, 2, () => 0.5)).toBe(20);
    expect(backoffDelayMs({ ...backoff, jitter: 0 }, 2, () => 0.9)).toBe(40);
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read and caps what is too long', () => {
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs('86400')).toBe(600_000);
  });
});
