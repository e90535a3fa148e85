/**
 * End to end, with real processes and sockets on 127.0.0.1: the modes in which the built-in
 * server ends or refuses connections, each run from its example in scenarios/modes/ and proven
 * by what the client saw (summary.json, connections.client) and what the server did.
 */
import { describe, expect, it } from 'vitest';
import { scenarioPath, soak, total } from '../helpers/soak.js';

const example = (name: string) => scenarioPath(`scenarios/modes/${name}.yaml`);

describe('server-side modes that end connections', () => {
  it('close-<code>: the client sees each code in turn, every close clean', async () => {
    const { client, server } = await soak(example('close-codes'), ['--cycles', '70', '--duration', '8s']);
    const codes = ['1000', '1001', '1008', '1011', '1012', '1013', '4001'];
    expect(client.cycles).toBeGreaterThanOrEqual(14);
    expect(Object.keys(client.closeCodes).sort()).toEqual(codes);
    expect(client.wasClean).toEqual({ true: client.cycles });
    // Taken in turn: no mode is used more than once more than another.
    expect(Object.keys(server.endings).sort()).toEqual(codes.map((c) => `close-${c}`).sort());
    const uses = Object.values(server.endings);
    expect(Math.max(...uses) - Math.min(...uses)).toBeLessThanOrEqual(1);
  });

  it('terminate: 1006 and wasClean false, every time', async () => {
    const { client, server } = await soak(example('terminate'), ['--cycles', '40', '--duration', '8s']);
    expect(client.cycles).toBeGreaterThanOrEqual(10);
    expect(client.closeCodes).toEqual({ '1006': client.cycles });
    expect(client.wasClean).toEqual({ false: client.cycles });
    expect(Object.keys(server.endings)).toEqual(['terminate']);
  });

  it('mid-message: the client is left with half a frame and sees 1006', async () => {
    const { client, server } = await soak(example('mid-message'), ['--cycles', '40', '--duration', '8s']);
    expect(client.cycles).toBeGreaterThanOrEqual(10);
    expect(client.closeCodes).toEqual({ '1006': client.cycles });
    expect(client.messagesReceived).toBe(0);
    expect(server.endings['mid-message']).toBeGreaterThanOrEqual(client.cycles);
  });

  it('a weighted mix: every mode happens, in proportion to its weight', async () => {
    const { client, server } = await soak(example('mixed-failures'), ['--cycles', '150', '--duration', '8s']);
    const { endings } = server;
    expect(endings['close-1000']).toBeGreaterThan(endings['terminate'] ?? 0);
    expect(endings['terminate']).toBeGreaterThan(0);
    expect(endings['ping-timeout']).toBeGreaterThan(0);
    expect(endings['close-1012']).toBeGreaterThan(0);
    expect(client.closeCodes['1012']).toBeGreaterThan(0);
    expect(client.closeCodes['1006']).toBeGreaterThan(0);
    expect(client.heartbeatTimeouts).toBeGreaterThan(0);
    expect(client.handshakeRejections['503'] ?? 0).toBe(server.handshakeRejections['503'] ?? 0);
  });
});

describe('server-side modes that refuse or restart', () => {
  it('handshake-reject: refusals counted by status on both sides; the client honours Retry-After', async () => {
    const { client, server } = await soak(example('handshake-reject'), ['--cycles', '40', '--duration', '8s']);
    expect(client.handshakeRejections['503']).toBeGreaterThan(0);
    expect(client.handshakeRejections['429']).toBeGreaterThan(0);
    // Refusals still in flight when the run stops are counted by the server only: at most one per client.
    for (const status of ['503', '429']) {
      const gap = (server.handshakeRejections[status] ?? 0) - (client.handshakeRejections[status] ?? 0);
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThanOrEqual(20);
    }
    expect(client.failedConnects).toBeLessThanOrEqual(total(client.handshakeRejections));
    expect(client.failedConnects).toBeGreaterThanOrEqual(total(client.handshakeRejections) - 20);
    expect(client.reconnectDelayMs?.max).toBeGreaterThanOrEqual(1000);
    expect(client.wasClean).toEqual({ true: client.cycles });
  });

  it('server-restart: all clients dropped together, refused while down, back on the same port', async () => {
    const { client, server } = await soak(example('server-restart'), ['--cycles', '40', '--duration', '8s']);
    expect(server.restarts).toBeGreaterThanOrEqual(2);
    expect(server.restartDropped?.max).toBe(20);
    expect(server.restartDropped?.min).toBeGreaterThanOrEqual(10);
    expect(client.closeCodes).toEqual({ '1006': client.cycles });
    expect(client.failedConnects).toBeGreaterThan(0);
    expect(client.peakOpen).toBe(20);
  });
});
