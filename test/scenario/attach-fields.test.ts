/** `server.attach` and `server.url` in a scenario: what resolves, and every mistake's message. */
import { describe, expect, it } from 'vitest';
import { withAttachPid } from '../../src/scenario/attach-fields.js';
import { SoakError } from '../../src/errors.js';
import { resolveScenario } from '../../src/scenario/load.js';

const FILE = 'scenarios/x.yaml';
const URL = 'ws://127.0.0.1:8080/socket';

function problems(raw: unknown): string[] {
  try {
    resolveScenario(raw, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(SoakError);
    expect((error as SoakError).code).toBe('SOAK_SCENARIO_INVALID');
    return (error as SoakError).message.split('\n').map((line) => line.trim()).filter((line) => line.startsWith(FILE));
  }
  throw new Error('expected resolveScenario to throw');
}

describe('server.attach', () => {
  it('resolves a pid (port 9229 by default) and measures the server by default', () => {
    const scenario = resolveScenario({ duration: '20s', server: { attach: { pid: 1234 }, url: URL } }, FILE);
    expect(scenario.server.attach).toEqual({ kind: 'pid', pid: 1234, port: 9229 });
    expect(scenario.server.url).toBe(URL);
    expect(scenario.underTest).toBe('server');
  });

  it('resolves a pid with its inspector port, and an inspector address', () => {
    expect(resolveScenario({ duration: '20s', server: { attach: { pid: 7, port: 9300 }, url: URL } }, FILE).server.attach).toEqual({ kind: 'pid', pid: 7, port: 9300 });
    const scenario = resolveScenario({ duration: '20s', 'under-test': 'both', server: { attach: { inspector: '127.0.0.1:9230' }, url: 'wss://localhost/x' } }, FILE);
    expect(scenario.server.attach).toEqual({ kind: 'inspector', host: '127.0.0.1', port: 9230 });
    expect(scenario.underTest).toBe('both');
    expect(resolveScenario({ duration: '20s', server: { attach: { inspector: '[::1]:9230' }, url: URL } }, FILE).server.attach).toEqual({ kind: 'inspector', host: '::1', port: 9230 });
  });

  it('is absent without the key', () => {
    const scenario = resolveScenario({ duration: '20s' }, FILE);
    expect(scenario.server.attach).toBeNull();
    expect(scenario.server.url).toBeNull();
    expect(scenario.underTest).toBe('client');
  });

  it('names each mistake in the attach mapping', () => {
    expect(problems({ duration: '20s', server: { attach: {}, url: URL } })).toEqual([
      `${FILE}: server.attach: expected pid (e.g. attach: { pid: 1234 }) or inspector (e.g. attach: { inspector: "127.0.0.1:9229" })`,
    ]);
    expect(problems({ duration: '20s', server: { attach: { pid: 1, inspector: '127.0.0.1:9229' }, url: URL } })).toEqual([`${FILE}: server.attach: give pid or inspector, not both`]);
    expect(problems({ duration: '20s', server: { attach: { inspector: '127.0.0.1:9229', port: 9229 }, url: URL } })).toEqual([
      `${FILE}: server.attach.port: port goes with pid; with inspector, write the port in its address`,
    ]);
    expect(problems({ duration: '20s', server: { attach: { inspector: 'localhost' }, url: URL } })).toEqual([
      `${FILE}: server.attach.inspector: expected the inspector's address as "host:port", e.g. "127.0.0.1:9229", got "localhost"`,
    ]);
    expect(problems({ duration: '20s', server: { attach: { pid: 0 }, url: URL } })).toEqual([`${FILE}: server.attach.pid: expected an integer from 1 to 4194304, got 0`]);
  });

  it('needs server.url, a ws:// or wss:// URL, and only with attach', () => {
    expect(problems({ duration: '20s', server: { attach: { pid: 5 } } })).toEqual([
      `${FILE}: server.url: server.attach needs server.url: the WebSocket endpoint ws-soak's client connects to, e.g. "ws://127.0.0.1:8080/"`,
    ]);
    expect(problems({ duration: '20s', server: { attach: { pid: 5 }, url: 'http://127.0.0.1:8080/' } })).toEqual([
      `${FILE}: server.url: expected a WebSocket URL starting with ws:// or wss://, e.g. "ws://127.0.0.1:8080/socket", got "http://127.0.0.1:8080/"`,
    ]);
    expect(problems({ duration: '20s', server: { url: URL } })).toEqual([
      `${FILE}: server.url: server.url goes with server.attach (a server ws-soak starts reports its own URL)`,
    ]);
  });

  it('refuses what cannot go with a running server', () => {
    expect(problems({ duration: '20s', 'under-test': 'client', server: { attach: { pid: 5 }, url: URL } })).toEqual([
      `${FILE}: under-test: with server.attach the attached server is what is measured: set under-test to server or both, or leave it out (server is the default with attach)`,
    ]);
    expect(problems({ duration: '20s', server: { attach: { pid: 5 }, url: URL, tls: true } })).toEqual([
      `${FILE}: server.tls: server.tls is for the built-in server; an attached server serves what it serves: give a wss:// server.url instead`,
    ]);
    expect(problems({ duration: '20s', server: { attach: { pid: 5 }, url: URL }, disconnect: { mode: 'server-restart' } })[0]).toMatch(
      /disconnect\.mode: server-restart needs the built-in server; with server\.module or server\.attach set/,
    );
  });
});

describe('withAttachPid (--attach PID)', () => {
  it('sets the pid, keeps the file\'s port, and drops an inspector address', () => {
    expect(withAttachPid({ server: { url: URL, attach: { pid: 1, port: 9300 } } }, 42)).toEqual({ server: { url: URL, attach: { pid: 42, port: 9300 } } });
    expect(withAttachPid({ server: { url: URL, attach: { inspector: '127.0.0.1:9229' } } }, 42)).toEqual({ server: { url: URL, attach: { pid: 42 } } });
    expect(withAttachPid({ duration: '20s' }, 42)).toEqual({ duration: '20s', server: { attach: { pid: 42 } } });
  });
});
