import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/load.js';
import { HandshakeRejecter } from '../../src/server/handshake-reject.js';

const disconnect = (d: Record<string, unknown>) => resolveScenario({ duration: '5s', disconnect: d }, '').disconnect;
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
};

describe('HandshakeRejecter', () => {
  it('refuses the share of attempts below rejectShare, taking the statuses in turn', () => {
    // Each decision draws once for the share; a rotation draws nothing more.
    const rejecter = HandshakeRejecter.from(
      disconnect({ mode: ['handshake-reject-503', 'handshake-reject-401', 'close-1000'], rejectShare: 0.5 }),
      sequence(0.1, 0.9, 0.49, 0.5, 0.2),
    );
    const decisions = Array.from({ length: 5 }, () => rejecter?.decide()?.status ?? 'accept');
    expect(decisions).toEqual([503, 'accept', 401, 'accept', 503]);
  });

  it('refuses about rejectShare of many attempts', () => {
    const rejecter = HandshakeRejecter.from(disconnect({ mode: 'handshake-reject-429', rejectShare: 0.25 }));
    let refused = 0;
    for (let i = 0; i < 4000; i++) if (rejecter?.decide()) refused++;
    expect(refused).toBeGreaterThan(850);
    expect(refused).toBeLessThan(1150);
  });

  it('is absent when nothing is refused', () => {
    expect(HandshakeRejecter.from(disconnect({ mode: 'terminate' }))).toBeNull();
    expect(HandshakeRejecter.from(disconnect({ mode: 'handshake-reject-503', rejectShare: 0 }))).toBeNull();
  });
});
