import { describe, expect, it } from 'vitest';
import { SoakError } from '../../src/errors.js';
import { isSendableCloseCode, parseModeName } from '../../src/scenario/disconnect-mode.js';
import { resolveScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';

const FILE = 'scenarios/x.yaml';
const EXPECTED =
  'expected a disconnect mode: close-<code> (e.g. close-1000, close-4001), terminate, ping-timeout, idle-timeout, ' +
  'half-open, mid-message, handshake-reject-<status> (e.g. handshake-reject-503) or server-restart';

function problems(raw: Record<string, unknown>): string[] {
  try {
    resolveScenario(raw, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(SoakError);
    expect((error as SoakError).code).toBe('SOAK_SCENARIO_INVALID');
    return (error as SoakError).message.split('\n');
  }
  throw new Error('expected resolveScenario to throw');
}

function ok(extra: Record<string, unknown>): Scenario {
  return resolveScenario({ duration: '5s', ...extra }, FILE);
}

describe('parseModeName', () => {
  it('reads every plain mode', () => {
    for (const name of ['terminate', 'ping-timeout', 'idle-timeout', 'half-open', 'mid-message', 'server-restart']) {
      expect(parseModeName(name)).toEqual({ name, kind: name });
    }
  });

  it('reads close codes that may be sent, and refuses reserved ones', () => {
    expect(parseModeName('close-1000')).toEqual({ name: 'close-1000', kind: 'close', code: 1000 });
    expect(parseModeName('close-4001')).toEqual({ name: 'close-4001', kind: 'close', code: 4001 });
    for (const code of [1001, 1003, 1007, 1008, 1011, 1012, 1013, 1014, 3000, 4999]) expect(isSendableCloseCode(code)).toBe(true);
    for (const code of [999, 1004, 1005, 1006, 1015, 2999, 5000]) expect(isSendableCloseCode(code)).toBe(false);
    expect(parseModeName('close-1006')).toEqual({
      problem:
        'expected a close code from 1000 to 1003, 1007 to 1014 or 3000 to 4999 (1004–1006 and 1015 are never sent in a close frame)',
    });
  });

  it('reads refusal statuses from 400 to 599', () => {
    expect(parseModeName('handshake-reject-503')).toEqual({ name: 'handshake-reject-503', kind: 'handshake-reject', status: 503 });
    expect(parseModeName('handshake-reject-401')).toMatchObject({ status: 401 });
    expect(parseModeName('handshake-reject-200')).toEqual({
      problem: 'expected an HTTP error status from 400 to 599 after handshake-reject-, e.g. handshake-reject-503',
    });
  });

  it('suggests the closest name for a typo, and lists the names otherwise', () => {
    expect(parseModeName('termnate')).toEqual({ problem: `${EXPECTED} (did you mean "terminate"?)` });
    expect(parseModeName('explode')).toEqual({ problem: EXPECTED });
  });
});

describe('disconnect.mode in a scenario', () => {
  it('defaults to close-1000 for every connection', () => {
    expect(ok({}).disconnect.mode).toEqual({
      pick: 'rotate',
      choices: [{ mode: { name: 'close-1000', kind: 'close', code: 1000 }, weight: 1 }],
    });
  });

  it('takes a list in turn and a mapping by weight', () => {
    expect(ok({ disconnect: { mode: ['terminate', 'close-4001'] } }).disconnect.mode).toEqual({
      pick: 'rotate',
      choices: [
        { mode: { name: 'terminate', kind: 'terminate' }, weight: 1 },
        { mode: { name: 'close-4001', kind: 'close', code: 4001 }, weight: 1 },
      ],
    });
    expect(ok({ disconnect: { mode: { 'close-1000': 3, terminate: 0.5 } } }).disconnect.mode).toEqual({
      pick: 'weighted',
      choices: [
        { mode: { name: 'close-1000', kind: 'close', code: 1000 }, weight: 3 },
        { mode: { name: 'terminate', kind: 'terminate' }, weight: 0.5 },
      ],
    });
  });

  it('names the entry that is wrong', () => {
    expect(problems({ duration: '5s', disconnect: { mode: 'termnate' } })).toEqual([
      `${FILE}: disconnect.mode: ${EXPECTED} (did you mean "terminate"?), got "termnate"`,
    ]);
    expect(problems({ duration: '5s', disconnect: { mode: ['close-1000', 'close-1005'] } })).toEqual([
      `${FILE}: disconnect.mode[1]: expected a close code from 1000 to 1003, 1007 to 1014 or 3000 to 4999 (1004–1006 and 1015 are never sent in a close frame), got "close-1005"`,
    ]);
    expect(problems({ duration: '5s', disconnect: { mode: { 'close-1000': 1, pingtimeout: 1 } } })).toEqual([
      `${FILE}: disconnect.mode.pingtimeout: ${EXPECTED} (did you mean "ping-timeout"?), got "pingtimeout"`,
    ]);
  });

  it('refuses empty lists, bad weights and other types', () => {
    expect(problems({ duration: '5s', disconnect: { mode: [] } })).toEqual([`${FILE}: disconnect.mode: expected at least one mode name, got []`]);
    expect(problems({ duration: '5s', disconnect: { mode: { terminate: 0 } } })).toEqual([
      `${FILE}: disconnect.mode: expected at least one weight above 0, got {"terminate":0}`,
    ]);
    expect(problems({ duration: '5s', disconnect: { mode: { terminate: -1 } } })).toEqual([
      `${FILE}: disconnect.mode.terminate: expected a weight: a number from 0 to 1000000, got -1`,
    ]);
    expect(problems({ duration: '5s', disconnect: { mode: 5 } })).toEqual([
      `${FILE}: disconnect.mode: expected a mode name like "close-1000", a list of names, or a mapping of names to weights like { close-1000: 3, terminate: 1 }, got 5`,
    ]);
  });
});

describe('cross-checks of disconnect.mode', () => {
  it('keeps refusals and restarts to the built-in server', () => {
    const withServer = { duration: '5s', server: { module: './examples/echo-server.mjs' } };
    expect(problems({ ...withServer, disconnect: { mode: ['close-1000', 'server-restart'] } })).toEqual([
      `${FILE}: disconnect.mode: server-restart needs the built-in server; with server.module or server.attach set, the harness's client ends ` +
        'connections and can use close-<code>, terminate, ping-timeout, idle-timeout, half-open or mid-message',
    ]);
    expect(ok({ ...withServer, 'under-test': 'server', disconnect: { mode: ['terminate', 'mid-message'] } }).server.module).toMatch(
      /echo-server\.mjs$/,
    );
    expect(ok({ disconnect: { mode: 'server-restart' } }).disconnect.mode.choices[0]?.mode.kind).toBe('server-restart');
  });

  it('needs proxy.idleTimeout for idle-timeout', () => {
    expect(problems({ duration: '5s', disconnect: { mode: 'idle-timeout' } })).toEqual([
      `${FILE}: disconnect.mode: idle-timeout needs proxy.idleTimeout, the idle cut-off of the proxy the harness puts between client and server (e.g. proxy: { idleTimeout: 1s })`,
    ]);
    expect(ok({ disconnect: { mode: 'idle-timeout' }, proxy: { idleTimeout: '1s' } }).proxy).toEqual({ idleTimeoutMs: 1000 });
  });

  it('needs a duration when a mode can leave connections open for ever', () => {
    expect(problems({ cycles: 100, disconnect: { mode: { 'close-1000': 1, 'half-open': 1 } } })).toEqual([
      `${FILE}: disconnect.mode: half-open can leave connections open for ever (a peer without a heartbeat never notices); set "duration" so the run ends`,
    ]);
    expect(resolveScenario({ cycles: 100, duration: '1m', disconnect: { mode: 'half-open' } }, FILE).cycles).toBe(100);
  });
});

describe('the other connection keys', () => {
  it('reads heartbeat shorthand and refuses a backoff cap below its start', () => {
    expect(ok({ client: { heartbeat: false } }).client.heartbeat).toBeNull();
    expect(ok({ client: { heartbeat: true } }).client.heartbeat).toEqual({ intervalMs: 1000, timeoutMs: 1000 });
    expect(problems({ duration: '5s', client: { backoff: { initial: '1s', max: '100ms' } } })).toEqual([
      `${FILE}: client.backoff.max: must not be shorter than backoff.initial`,
    ]);
  });

  it('rounds Retry-After up to whole seconds and bounds the close reason in bytes', () => {
    expect(ok({ disconnect: { retryAfter: '1500ms' } }).disconnect.retryAfterS).toBe(2);
    expect(ok({ disconnect: { reason: 'é'.repeat(61) } }).disconnect.reason).toHaveLength(61);
    expect(problems({ duration: '5s', disconnect: { reason: 'é'.repeat(62) } })[0]).toMatch(
      /^scenarios\/x\.yaml: disconnect\.reason: expected a reason of at most 123 bytes in UTF-8, got "é+…$/,
    );
  });

  it('bounds shares, rates and load processes', () => {
    expect(problems({ duration: '5s', disconnect: { rejectShare: 1.5 } })).toEqual([
      `${FILE}: disconnect.rejectShare: expected a number from 0 to 1, got 1.5`,
    ]);
    expect(problems({ duration: '5s', load: { processes: 17 } })).toEqual([`${FILE}: load.processes: expected an integer from 0 to 16, got 17`]);
    expect(ok({ traffic: { rate: 2.5, burst: 5 } }).traffic).toMatchObject({ ratePerSecond: 2.5, burst: 5 });
  });
});
