import { describe, expect, it } from 'vitest';
import { CycleCounter } from '../../src/connection/cycle-counter.js';
import { DEFAULT_STALL_GRACE_MS, StallWatch, stallGraceMs } from '../../src/connection/stall-watch.js';
import type { CycleCounts } from '../../src/model/cycle-counts.js';

function watch(graceMs: number): { stalls: StallWatch; latest: () => CycleCounts } {
  let last: CycleCounts | null = null;
  const counter = new CycleCounter((counts) => (last = counts));
  const stalls = new StallWatch(counter, graceMs);
  return {
    stalls,
    latest: () => {
      // stop() flushes even when nothing changed.
      counter.stop();
      if (!last) throw new Error('nothing reported');
      return last;
    },
  };
}

describe('StallWatch', () => {
  it('counts quiet connections past the grace, not those within it', () => {
    const { stalls, latest } = watch(1000);
    const now = Date.now();
    stalls.add({ quietSince: now - 5000 });
    stalls.add({ quietSince: now - 1500 });
    stalls.add({ quietSince: now - 200 });
    stalls.check(now);
    expect(latest()).toMatchObject({ stalledConnections: 2, longestStallMs: 5000 });
    stalls.stop();
  });

  it('keeps the worst seen after the connections close', () => {
    const { stalls, latest } = watch(1000);
    const a = { quietSince: Date.now() - 3000 };
    stalls.add(a);
    stalls.check();
    stalls.delete(a);
    stalls.check();
    expect(latest().stalledConnections).toBe(1);
    expect(latest().longestStallMs).toBeGreaterThanOrEqual(3000);
    stalls.stop();
  });

  it('reports nothing for connections the peer ended in time', () => {
    const { stalls, latest } = watch(1000);
    const a = { quietSince: Date.now() - 100 };
    stalls.add(a);
    stalls.delete(a);
    stalls.check();
    expect(latest()).toMatchObject({ stalledConnections: 0, longestStallMs: 0 });
    stalls.stop();
  });
});

describe('stallGraceMs', () => {
  it('allows twice the built-in heartbeat, at least the default', () => {
    expect(stallGraceMs(null)).toBe(DEFAULT_STALL_GRACE_MS);
    expect(stallGraceMs({ intervalMs: 100, timeoutMs: 100 })).toBe(DEFAULT_STALL_GRACE_MS);
    expect(stallGraceMs({ intervalMs: 5000, timeoutMs: 2000 })).toBe(14_000);
  });
});
