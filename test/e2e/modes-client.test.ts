/**
 * End to end, with real processes and sockets on 127.0.0.1: the harness's clients against a
 * server module (client-side modes, load processes), traffic, and TLS.
 */
import { describe, expect, it } from 'vitest';
import { waitForExit } from '../helpers/processes.js';
import { scenarioPath, soak } from '../helpers/soak.js';

const example = (name: string) => scenarioPath(`scenarios/modes/${name}.yaml`);
const fixture = (name: string) => scenarioPath(`test/fixtures/scenarios/modes/${name}.yaml`);

/** What scenarios/examples/heartbeat-server.mjs printed at the end of the run. */
function serverSaw(log: string): { connections: number; closeCodes: Record<string, number>; heartbeatTerminations: number; messages: number } {
  const line = /heartbeat-server saw (\{.*\})/.exec(log);
  if (!line?.[1]) throw new Error(`no report in server.log:\n${log}`);
  return JSON.parse(line[1]);
}

describe('client-side modes against a server module', () => {
  it('close codes, terminate, ping-timeout, half-open and mid-message, as the server saw them', async () => {
    const run = await soak(example('client-side'), ['--cycles', '60', '--duration', '8s']);
    expect(Object.keys(run.client.endings).sort()).toEqual(
      ['close-1001', 'close-4002', 'half-open', 'mid-message', 'ping-timeout', 'terminate'].sort(),
    );
    expect(run.client.closeCodes['4002']).toBeGreaterThan(0);
    expect(run.client.closeCodes['1001']).toBeGreaterThan(0);
    const saw = serverSaw(run.log('server'));
    expect(saw.closeCodes['4002']).toBeGreaterThan(0);
    expect(saw.closeCodes['1001']).toBeGreaterThan(0);
    expect(saw.closeCodes['1006']).toBeGreaterThan(0);
    // The silent clients (ping-timeout, half-open) were caught by the server's heartbeat.
    expect(saw.heartbeatTerminations).toBeGreaterThan(0);
    expect(saw.messages).toBeGreaterThan(0);
  });
});

describe('traffic', () => {
  it('flows both ways, compressed, and is counted on each side', async () => {
    const { client, server } = await soak(example('traffic'), ['--cycles', '20', '--duration', '8s']);
    expect(client.cycles).toBeGreaterThan(0);
    expect(server.deflateConnections).toBe(server.opened);
    expect(client.deflateConnections).toBe(client.opened);
    expect(client.messagesSent).toBeGreaterThanOrEqual(client.cycles);
    expect(server.messagesSent).toBeGreaterThanOrEqual(client.cycles);
    expect(server.messagesReceived).toBeLessThanOrEqual(client.messagesSent);
    expect(client.messagesReceived).toBeLessThanOrEqual(server.messagesSent);
    expect(client.messagesReceived).toBeGreaterThan(0);
  });
});

describe('TLS', () => {
  it('serves wss:// with a run-time certificate that the built-in client trusts', async () => {
    const { result, client } = await soak(example('tls'), ['--cycles', '30', '--duration', '8s']);
    expect(result.stderr).toMatch(/server wss:\/\/127\.0\.0\.1:\d+\//);
    expect(client.cycles).toBeGreaterThanOrEqual(10);
    expect(client.failedConnects).toBe(0);
    expect(client.wasClean).toEqual({ true: client.cycles });
  });

  it('hands the certificate to a client module as ctx.ca', async () => {
    const run = await soak(fixture('tls-client-module'), ['--cycles', '20']);
    expect(run.server.cycles).toBeGreaterThanOrEqual(5);
    expect(run.log('client')).not.toContain('tls-client:');
  });
});

describe('load processes', () => {
  it('add churn from extra client processes, counted with the client, and leave nothing behind', async () => {
    const run = await soak(example('load'), ['--cycles', '200', '--duration', '8s']);
    expect(run.client.loadProcesses).toBe(2);
    expect(run.client.peakOpen).toBeGreaterThanOrEqual(8);
    const pids = [...run.log('client').matchAll(/load process \d of 2 started, pid (\d+)/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(2);
    expect(await waitForExit(pids)).toEqual([]);
  });
});
