/**
 * Both sides user modules, through the real CLI: the fault proxy goes between them (ctx.url keeps
 * the server URL's path and query; wss:// with server.tls), summary.json counts per leg and the
 * proxy's own figures, and every way the peers can stop taking part ends the run with exit 3 and
 * a sentence that says what to check — never an inconclusive "raise duration".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../helpers/run-cli.js';

const scenario = (name: string) => join(FIXTURES, 'scenarios', `${name}.yaml`);
const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

async function run(name: string, extra: string[] = []) {
  const out = join(tempDir(), 'run');
  const result = await runCli(['run', scenario(name), '--out', out, ...extra], { timeoutMs: 60_000 });
  return { ...result, summary: summaryOf(out) };
}

describe('both sides user modules: the fault proxy between them', () => {
  it('ends connections per disconnect.mode and counts each leg and the proxy in summary.json', async () => {
    const { code, stdout, stderr, summary } = await run('proxy-pair');
    expect(stderr).not.toContain('error:');
    expect([0, 4]).toContain(code);
    expect(summary.cycles).toBeGreaterThanOrEqual(20);
    const { client, server, proxy } = summary.connections;
    expect(client.endings['close-1000']).toBeGreaterThan(5);
    expect(client.endings['terminate']).toBeGreaterThan(5);
    expect(client.closeCodes['1000']).toBeGreaterThan(5);
    expect(client.closeCodes['1006']).toBeGreaterThan(5);
    expect(server.opened).toBe(client.opened);
    expect(proxy.frames.serverToClient).toBeGreaterThanOrEqual(client.opened - 1);
    expect(proxy.bytes.clientToServer).toBeGreaterThan(0);
    expect(proxy.upstreamErrors).toEqual({});
    expect(summary.processes.map((p: { role: string }) => p.role).sort()).toEqual(['client', 'server']);
    // The terminal report (stdout without --json) has the proxy's own line.
    const line = stdout.split('\n').find((l) => l.includes('proxy: forwarded'));
    expect(line).toMatch(/proxy: forwarded [\d.,]+ (B|KiB) \/ [\d,]+ frames client→server, [\d.,]+ (B|KiB) \/ [\d,]+ frames server→client/);
  });

  it('serves the client leg as wss:// with server.tls, the server leg as the module serves it', async () => {
    const { code, stderr, summary } = await run('proxy-pair-tls');
    expect(stderr).not.toContain('error:');
    expect([0, 4]).toContain(code);
    expect(summary.connections.client.opened).toBeGreaterThan(5);
    expect(summary.connections.proxy.upstreamErrors).toEqual({});
    // The start line names both ends: the proxy the client connects to, and the server behind it.
    expect(stderr).toMatch(/proxy wss:\/\/127\.0\.0\.1:\d+\/live\?room=7 → server wss?:\/\/127\.0\.0\.1:\d+\/live\?room=7/);
  });
});

describe('fail fast: exit 3 with what to check', () => {
  it('a client module that connects once through the proxy and never reconnects', async () => {
    const started = Date.now();
    const { code, summary } = await run('proxy-connect-once');
    expect(code).toBe(3);
    expect(summary.error.code).toBe('SOAK_CLIENT_GONE');
    expect(summary.error.message).toBe(
      'the client connected once and did not reconnect within 10 s after the proxy closed it with 1000: does its reconnect logic handle close code 1000?',
    );
    // Reported ~10 s after its one connection ended (200 ms in), not at the 40 s duration.
    expect(Date.now() - started).toBeLessThan(25_000);
  });

  it("a client module that never reconnects to ws-soak's own server", async () => {
    const { code, summary } = await run('builtin-connect-once');
    expect(code).toBe(3);
    expect(summary.error.code).toBe('SOAK_CLIENT_GONE');
    expect(summary.error.message).toBe(
      "the client connected once and did not reconnect within 10 s after ws-soak's server closed it with 1000: does its reconnect logic handle close code 1000?",
    );
  });

  it('a server module that answers the upgrade with 404', async () => {
    const { code, summary } = await run('proxy-http-404');
    expect(code).toBe(3);
    expect(summary.error.code).toBe('SOAK_UPSTREAM_INVALID');
    expect(summary.error.message).toMatch(
      /^server\.module at ws:\/\/127\.0\.0\.1:\d+\/socket\.io\/: the server answered the upgrade with 404 Not Found at \/socket\.io\/\. Check that the server module's start\(\) resolves the URL its WebSocket endpoint answers on\.$/,
    );
    expect(summary.connections.proxy.upstreamErrors['http-status']).toBeGreaterThanOrEqual(1);
  });

  it('a client module that sends bytes that are not a WebSocket upgrade', async () => {
    const { code, summary } = await run('proxy-garbage-client');
    expect(code).toBe(3);
    expect(summary.error.code).toBe('SOAK_CLIENT_INVALID');
    expect(summary.error.message).toMatch(/^client\.module: the client sent bytes that are not an HTTP request \(HPE_[A-Z_]+\)\. The client must connect to ctx\.url with a WebSocket/);
    expect(summary.connections.proxy.clientProtocolErrors).toBe(1);
  });
});
