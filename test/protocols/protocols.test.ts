/**
 * Proof on real published libraries (issue 13): client and server both user modules built on
 * socket.io, graphql-ws and mqtt.js (pinned in test/fixtures/protocols/package.json, installed by
 * .ci/run), soaked through the real CLI with ws-soak's fault proxy between them. Each leak fails
 * with main evidence that names the growing structure; each fixed release passes. About 30 s a
 * run, two at a time: `npm run test:protocols` (not part of `npm test`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../helpers/run-cli.js';

const FOLDER = join(FIXTURES, 'protocols');

interface Evidence {
  kind: string;
  name: string;
  perCycle: number;
  detail: string;
  retainerPath?: string[];
}

/** A soak of ~30 s; the mqtt pairing's 75 s (see mqtt-modes.yaml) gets its own timeout. */
async function soak(name: string, timeoutMs = 75_000) {
  const out = join(tempDir(), 'run');
  const result = await runCli(['run', join(FOLDER, `${name}.yaml`), '--out', out, '--quiet'], { timeoutMs });
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  return { code: result.code, stderr: result.stderr, summary };
}

/** What the verdict said and on what evidence, so that a flip in CI shows its cause in the log. */
const verdictWhy = (summary: { reason: string; processes: Array<{ role: string; reason: string; evidence: Evidence[] }> }) =>
  [summary.reason, ...summary.processes.flatMap((p) => [`${p.role}: ${p.reason}`, ...p.evidence.map((e) => `  ${e.kind} ${e.name}: ${e.detail}`)])].join('\n');

/** The evidence of the judged process that failed, strongest first, as the verdict lists it. */
const failing = (summary: { processes: Array<{ evidence: Evidence[] }> }) => summary.processes.flatMap((p) => p.evidence).filter((e) => e.perCycle > 0 && e.kind !== 'note');

describe('published protocol stacks through the fault proxy', () => {
  it('has its fixtures installed (bash .ci/run installs them: npm ci --prefix test/fixtures/protocols)', () => {
    for (const name of ['socket.io', 'socket.io-client-4.7.4', 'socket.io-client-4.7.5', 'graphql-ws-5.14.3', 'graphql-ws-5.15.0', 'mqtt', 'aedes']) {
      expect(existsSync(join(FOLDER, 'node_modules', name, 'package.json')), name).toBe(true);
    }
  });

  it('socket.io 4.7.5 server and client, a clean pairing: passes', async () => {
    const { code, summary } = await soak('socketio-clean');
    expect(summary.error).toBeNull();
    expect(summary.verdict, verdictWhy(summary)).toBe('pass');
    expect(code).toBe(0);
    expect(summary.connections.client.endings['close-1000']).toBeGreaterThan(100);
    expect(summary.connections.proxy.upstreamErrors).toEqual({});
  });

  it('socket.io-client 4.7.4 against a server that never acknowledges: fails, naming the acks map', async () => {
    const { code, summary } = await soak('socketio-4.7.4-no-ack');
    expect(summary.verdict, verdictWhy(summary)).toBe('fail');
    expect(code).toBe(1);
    const paths = failing(summary).map((e) => (e.retainerPath ?? []).join(' → '));
    expect(paths.some((path) => /acks: Object/.test(path) && /Socket/.test(path))).toBe(true);
  });

  it('socket.io-client 4.7.5 against the same server: passes (acknowledgements discarded on disconnect)', async () => {
    const { code, summary } = await soak('socketio-4.7.5-no-ack');
    expect(summary.error).toBeNull();
    expect(summary.verdict, verdictWhy(summary)).toBe('pass');
    expect(code).toBe(0);
  });

  it('graphql-ws 5.14.3 server, a subscription that resolves after the client left: fails, naming the listeners it keeps', async () => {
    const { code, summary } = await soak('graphql-ws-5.14.3');
    expect(summary.verdict, verdictWhy(summary)).toBe('fail');
    expect(code).toBe(1);
    const paths = failing(summary).map((e) => (e.retainerPath ?? []).join(' → '));
    // The feed emitter's listener arrays grow (which event's array a sampled path goes through varies: item, error…).
    expect(paths.some((path) => /news: EventEmitter → _events: Object → \w+: Array/.test(path)), paths.join('\n')).toBe(true);
  });

  it('graphql-ws 5.15.0 server, the same subscription: passes (#532 fixed)', async () => {
    const { code, summary } = await soak('graphql-ws-5.15.0');
    expect(summary.error).toBeNull();
    expect(summary.verdict, verdictWhy(summary)).toBe('pass');
    expect(code).toBe(0);
  });

  it('mqtt.js over WebSocket against aedes, ended by terminate, close-1000 and half-open in turn: passes', async () => {
    const { code, summary } = await soak('mqtt-modes', 130_000);
    expect(summary.error).toBeNull();
    expect(summary.verdict, verdictWhy(summary)).toBe('pass');
    expect(code).toBe(0);
    const { endings, closeCodes } = summary.connections.client;
    for (const mode of ['terminate', 'close-1000', 'half-open']) expect(endings[mode]).toBeGreaterThan(5);
    expect(closeCodes['1000']).toBeGreaterThan(5);
    expect(closeCodes['1006']).toBeGreaterThan(5);
  }, 150_000);
});
