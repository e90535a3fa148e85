/**
 * End to end, with real processes and sockets on 127.0.0.1: the modes where the connection goes
 * quiet instead of closing — ping-timeout, half-open, idle-timeout — proven both ways: a client
 * that checks the connection gets out; one that does not is caught (and the run still ends).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioPath, soak } from '../helpers/soak.js';

const example = (name: string) => scenarioPath(`scenarios/modes/${name}.yaml`);
const fixture = (name: string) => scenarioPath(`test/fixtures/scenarios/modes/${name}.yaml`);

describe('ping-timeout', () => {
  it("is noticed by the client's heartbeat, which terminates and reconnects", async () => {
    const { client, server } = await soak(example('ping-timeout'), ['--cycles', '40', '--duration', '8s']);
    expect(client.heartbeatTimeouts).toBeGreaterThanOrEqual(5);
    expect(client.heartbeatTimeouts).toBe(client.cycles);
    expect(client.closeCodes).toEqual({ '1006': client.cycles });
    expect(server.endings['ping-timeout']).toBeGreaterThanOrEqual(client.cycles);
    expect(server.stalledConnections).toBe(0);
  });

  it('leaves a client without a heartbeat hanging: reported as stalled, and the run still ends', async () => {
    const { result, summary, server } = await soak(fixture('ping-timeout-no-heartbeat'), []);
    expect(result.code).toBe(4);
    expect(summary.verdict).toBe('inconclusive');
    expect(summary.durationMs).toBeLessThan(12_000);
    expect(server.opened).toBe(1);
    expect(server.endings).toEqual({ 'ping-timeout': 1 });
    expect(server.stalledConnections).toBe(1);
    expect(server.longestStallMs).toBeGreaterThanOrEqual(2000);
  });
});

describe('half-open', () => {
  it('answers nothing; only the heartbeat gets the client out', async () => {
    const { client, server } = await soak(example('half-open'), ['--cycles', '40', '--duration', '8s']);
    expect(client.heartbeatTimeouts).toBeGreaterThanOrEqual(5);
    expect(client.closeCodes).toEqual({ '1006': client.cycles });
    expect(client.wasClean).toEqual({ false: client.cycles });
    expect(server.endings['half-open']).toBeGreaterThanOrEqual(client.cycles);
    expect(server.stalledConnections).toBe(0);
  });
});

describe('idle-timeout', () => {
  it('the proxy cuts a silent client (1006)', async () => {
    const { client, server } = await soak(example('idle-timeout'), ['--cycles', '30', '--duration', '8s']);
    expect(server.idleTimeouts).toBeGreaterThanOrEqual(5);
    expect(client.cycles).toBeGreaterThanOrEqual(5);
    expect(client.closeCodes).toEqual({ '1006': client.cycles });
    expect(client.heartbeatTimeouts).toBe(0);
  });

  it('but not a client whose heartbeat is faster than the timeout', async () => {
    const { client, server, summary, out } = await soak(fixture('idle-heartbeat'), []);
    // Meaningful only if the connections lived well past the proxy's 1 s timeout.
    const firstSample = JSON.parse(readFileSync(join(out, 'samples.ndjson'), 'utf8').split('\n')[0] ?? '{}') as { t: number };
    expect(summary.durationMs - firstSample.t).toBeGreaterThan(2000);
    expect(server.endings).toEqual({ 'idle-timeout': 4 });
    expect(server.idleTimeouts).toBe(0);
    expect(server.opened).toBe(4);
    expect(client.cycles).toBe(0);
    expect(client.heartbeatTimeouts).toBe(0);
  });
});
