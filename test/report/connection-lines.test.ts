import { describe, expect, it } from 'vitest';
import { connectionLines } from '../../src/report/connection-lines.js';
import { emptyCycleCounts, type CycleCounts } from '../../src/model/cycle-counts.js';

const counts = (extra: Partial<CycleCounts>): CycleCounts => ({ ...emptyCycleCounts(), ...extra });

describe('connectionLines', () => {
  it('says what each side saw, largest counts first', () => {
    const lines = connectionLines({
      client: counts({
        closeCodes: { '1000': 300, '1006': 20 },
        wasClean: { true: 300, false: 20 },
        handshakeRejections: { '503': 8, '429': 12 },
        failedConnects: 20,
        heartbeatTimeouts: 5,
        reconnectDelayMs: { min: 0.5, median: 0.75, max: 1000 },
      }),
      server: counts({ endings: { terminate: 20, 'close-1000': 300 }, restarts: 3, restartDropped: { min: 18, max: 20 }, idleTimeouts: 4, peakOpen: 20 }),
    });
    expect(lines.map((l) => l.text)).toEqual([
      'client: closes seen: 1000×300, 1006×20 (clean 300, unclean 20)',
      'client: upgrades refused: 429×12, 503×8; 20 failed connects; 5 heartbeat timeouts; reconnect delay 0.5 ms / 0.8 ms / 1.0 s (min / median / max)',
      'server: ended by the harness: close-1000×300, terminate×20',
      'server: 3 server restarts dropping 18–20 at once; 4 cut by the idle proxy; up to 20 open at once',
    ]);
    expect(lines.every((l) => !l.finding)).toBe(true);
  });

  it('reports stalled connections as a finding about the peer', () => {
    const lines = connectionLines({ server: counts({ stalledConnections: 2, longestStallMs: 4100 }) });
    expect(lines).toEqual([
      {
        role: 'server',
        text: 'server: 2 connections stalled — still open 4.1 s after the server went quiet; the client never noticed (no heartbeat?)',
        finding: true,
      },
    ]);
  });

  it('says nothing for a side that saw nothing', () => {
    expect(connectionLines({ client: counts({}), server: undefined })).toEqual([]);
  });

  it("adds the fault proxy's own figures, and its peers' protocol errors as a finding", () => {
    const proxy = {
      upgradeRequests: 500,
      bytes: { clientToServer: 27_600, serverToClient: 2_048 },
      frames: { clientToServer: 1461, serverToClient: 20 },
      droppedBytes: 0,
      closeFramesFrom: { client: { '1000': 480 }, server: { '1000': 480 } },
      refusedByProxy: { '503': 7 },
      upstreamErrors: { timeout: 2 },
      clientProtocolErrors: 1,
      open: 0,
    };
    const lines = connectionLines({ client: counts({ closeCodes: { '1000': 480 } }), proxy });
    expect(lines.map((l) => [l.role, l.text, l.finding])).toEqual([
      ['client', 'client: closes seen: 1000×480', false],
      ['proxy', 'proxy: forwarded 27 KiB / 1,461 frames client→server, 2 KiB / 20 frames server→client; upgrades refused by the proxy: 503×7', false],
      ['proxy', 'proxy: upstream errors: timeout×2; 1 client protocol errors', true],
    ]);
  });
});
