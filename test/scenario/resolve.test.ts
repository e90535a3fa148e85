import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SoakError } from '../../src/errors.js';
import { resolveScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';

const FILE = 'scenarios/x.yaml';

/** The problem lines of the SOAK_SCENARIO_INVALID error that resolving `raw` throws. */
function problems(raw: unknown, file = FILE): string[] {
  try {
    resolveScenario(raw, file);
  } catch (error) {
    expect(error).toBeInstanceOf(SoakError);
    expect((error as SoakError).code).toBe('SOAK_SCENARIO_INVALID');
    return (error as SoakError).message.split('\n');
  }
  throw new Error('expected resolveScenario to throw');
}

/** Resolves a scenario that bounds the run by cycles plus `extra` keys. */
function ok(extra: Record<string, unknown>): Scenario {
  return resolveScenario({ cycles: 10, ...extra }, FILE);
}

describe('defaults', () => {
  it('fills every default and converts units', () => {
    expect(resolveScenario({ duration: '60s' }, 'scenarios/basic.yaml')).toEqual({
      file: path.resolve('scenarios/basic.yaml'),
      name: 'basic',
      description: '',
      durationMs: 60_000,
      cycles: null,
      warmup: { kind: 'fraction', fraction: 0.25 },
      underTest: 'client',
      sample: { intervalMs: 1_000, gc: true, gcEveryMs: null },
      snapshots: { enabled: true, everyMs: null, atCycles: null, keep: 5, maxBytes: null, engine: 'v8' },
      server: { module: null, command: null, path: '/', host: '127.0.0.1', port: 0, startTimeoutMs: 15_000, tls: false, attach: null, url: null },
      client: {
        module: null,
        command: null,
        count: 1,
        heartbeat: { intervalMs: 1_000, timeoutMs: 1_000 },
        backoff: { initialMs: 1, maxMs: 5_000, factor: 2, jitter: 0.5 },
      },
      disconnect: {
        mode: { pick: 'rotate', choices: [{ mode: { name: 'close-1000', kind: 'close', code: 1000 }, weight: 1 }] },
        afterMs: 50,
        afterMessages: null,
        jitterMs: 0,
        reason: 'ws-soak cycle',
        rejectShare: 0.5,
        retryAfterS: null,
        restartDelayMs: 500,
      },
      proxy: null,
      traffic: {
        messages: 0,
        clientMessages: 0,
        sizeBytes: 64,
        binary: true,
        burst: 1,
        ratePerSecond: 0,
        perMessageDeflate: false,
      },
      load: { processes: 0 },
      verdict: { maxGrowthPerCycle: 128, maxGrowth: null, minCycles: 200 },
    } satisfies Scenario);
  });

  it('takes every key as written', () => {
    const s = resolveScenario(
      {
        name: 'custom',
        description: 'text',
        duration: '2m',
        cycles: 5000,
        warmup: '10s',
        'under-test': 'both',
        sample: { interval: '500ms', gc: false, gcEvery: '5s' },
        snapshots: { enabled: true, atCycles: [500, 1000], keep: 2, maxBytes: '1GiB', engine: 'heapdump' },
        server: { host: '0.0.0.0', port: 8080, startTimeout: '30s', tls: true },
        client: {
          count: 4,
          heartbeat: { interval: '200ms', timeout: '300ms' },
          backoff: { initial: '10ms', max: '2s', factor: 1.5, jitter: 0 },
        },
        disconnect: {
          after: '1.5s',
          jitter: '20ms',
          mode: { 'close-4001': 3, terminate: 1, 'handshake-reject-503': 1 },
          afterMessages: 10,
          reason: 'bye',
          rejectShare: 0.25,
          retryAfter: '1500ms',
          restartDelay: '1s',
        },
        proxy: { idleTimeout: '60s' },
        traffic: {
          messages: 3,
          clientMessages: 2,
          size: '4KiB',
          binary: false,
          burst: 3,
          rate: 12.5,
          perMessageDeflate: true,
        },
        load: { processes: 2 },
        verdict: { maxGrowthPerCycle: 256, maxGrowth: '10MiB', minCycles: 50 },
      },
      '',
    );
    expect(s).toEqual({
      file: '',
      name: 'custom',
      description: 'text',
      durationMs: 120_000,
      cycles: 5000,
      warmup: { kind: 'ms', ms: 10_000 },
      underTest: 'both',
      sample: { intervalMs: 500, gc: false, gcEveryMs: 5_000 },
      snapshots: { enabled: true, everyMs: null, atCycles: [500, 1000], keep: 2, maxBytes: 1024 ** 3, engine: 'heapdump' },
      server: { module: null, command: null, path: '/', host: '0.0.0.0', port: 8080, startTimeoutMs: 30_000, tls: true, attach: null, url: null },
      client: {
        module: null,
        command: null,
        count: 4,
        heartbeat: { intervalMs: 200, timeoutMs: 300 },
        backoff: { initialMs: 10, maxMs: 2_000, factor: 1.5, jitter: 0 },
      },
      disconnect: {
        mode: {
          pick: 'weighted',
          choices: [
            { mode: { name: 'close-4001', kind: 'close', code: 4001 }, weight: 3 },
            { mode: { name: 'terminate', kind: 'terminate' }, weight: 1 },
            { mode: { name: 'handshake-reject-503', kind: 'handshake-reject', status: 503 }, weight: 1 },
          ],
        },
        afterMs: 1_500,
        afterMessages: 10,
        jitterMs: 20,
        reason: 'bye',
        rejectShare: 0.25,
        retryAfterS: 2,
        restartDelayMs: 1_000,
      },
      proxy: { idleTimeoutMs: 60_000 },
      traffic: {
        messages: 3,
        clientMessages: 2,
        sizeBytes: 4096,
        binary: false,
        burst: 3,
        ratePerSecond: 12.5,
        perMessageDeflate: true,
      },
      load: { processes: 2 },
      verdict: { maxGrowthPerCycle: 256, maxGrowth: 10 * 1024 * 1024, minCycles: 50 },
    } satisfies Scenario);
  });

  it('names a scenario built in code "scenario"', () => {
    expect(resolveScenario({ cycles: 1 }, '').name).toBe('scenario');
  });

  it('reads `snapshots: false` and `true` as shorthand for enabled, with the other defaults', () => {
    expect(ok({ snapshots: false }).snapshots).toEqual({ enabled: false, everyMs: null, atCycles: null, keep: 5, maxBytes: null, engine: 'v8' });
    expect(ok({ snapshots: true }).snapshots.enabled).toBe(true);
  });

  it('takes an explicit `maxGrowth: null` as no limit', () => {
    expect(ok({ verdict: { maxGrowth: null } }).verdict.maxGrowth).toBeNull();
  });
});

describe('value errors name the file, key, expectation and value found', () => {
  it('durations: bad text, a bare number, out of range; and valid ones', () => {
    expect(problems({ cycles: 1, disconnect: { after: 'fast' } })).toEqual([
      'scenarios/x.yaml: disconnect.after: expected a duration like "200ms", got "fast"',
    ]);
    expect(problems({ cycles: 1, disconnect: { after: 50 } })).toEqual([
      'scenarios/x.yaml: disconnect.after: expected a duration like "200ms", got 50',
    ]);
    expect(problems({ duration: '500ms' })).toEqual([
      'scenarios/x.yaml: duration: expected a duration from 1s to 7d, got "500ms"',
    ]);
    expect(problems({ duration: '8d' })).toEqual(['scenarios/x.yaml: duration: expected a duration from 1s to 7d, got "8d"']);
    expect(problems({ cycles: 1, sample: { interval: '10ms' } })).toEqual([
      'scenarios/x.yaml: sample.interval: expected a duration from 50ms to 1m, got "10ms"',
    ]);
    expect(resolveScenario({ duration: '7d' }, FILE).durationMs).toBe(7 * 86_400_000);
    expect(resolveScenario({ duration: '1s' }, FILE).durationMs).toBe(1_000);
    expect(ok({ disconnect: { after: '0ms' } }).disconnect.afterMs).toBe(0);
  });

  it('integers: out of range or fractional; and in range', () => {
    expect(problems({ cycles: 1, client: { count: 1e9 } })).toEqual([
      'scenarios/x.yaml: client.count: expected an integer from 1 to 1000, got 1000000000',
    ]);
    expect(problems({ cycles: 0 })).toEqual(['scenarios/x.yaml: cycles: expected an integer from 1 to 1000000000, got 0']);
    expect(problems({ cycles: 1.5 })).toEqual(['scenarios/x.yaml: cycles: expected an integer from 1 to 1000000000, got 1.5']);
    expect(problems({ cycles: '10' })).toEqual(['scenarios/x.yaml: cycles: expected an integer from 1 to 1000000000, got "10"']);
    expect(problems({ cycles: 1, server: { port: 70000 } })).toEqual([
      'scenarios/x.yaml: server.port: expected an integer from 0 to 65535, got 70000',
    ]);
    expect(ok({ client: { count: 1000 } }).client.count).toBe(1000);
    expect(resolveScenario({ cycles: 1e9 }, FILE).cycles).toBe(1e9);
  });

  it('sizes: bad text, fractional bytes, out of range; and valid ones', () => {
    expect(problems({ cycles: 1, traffic: { size: 'big' } })).toEqual([
      'scenarios/x.yaml: traffic.size: expected a size like "64B", got "big"',
    ]);
    expect(problems({ cycles: 1, traffic: { size: 1.5 } })).toEqual([
      'scenarios/x.yaml: traffic.size: expected a size like "64B", got 1.5',
    ]);
    expect(problems({ cycles: 1, traffic: { size: '1GiB' } })).toEqual([
      'scenarios/x.yaml: traffic.size: expected a size from 0 B to 64 MiB, got "1GiB"',
    ]);
    expect(problems({ cycles: 1, traffic: { size: 1e9 } })).toEqual([
      'scenarios/x.yaml: traffic.size: expected a size from 0 B to 64 MiB, got 1000000000',
    ]);
    expect(ok({ traffic: { size: '64MiB' } }).traffic.sizeBytes).toBe(64 * 1024 * 1024);
    expect(ok({ traffic: { size: 0 } }).traffic.sizeBytes).toBe(0);
    expect(ok({ verdict: { maxGrowthPerCycle: '1KB' } }).verdict.maxGrowthPerCycle).toBe(1000);
  });

  it('warmup: a share up to 90% or a duration', () => {
    const expected = 'expected a share of the run from "0%" to "90%" or a duration up to 7d like "10s"';
    expect(problems({ cycles: 1, warmup: '95%' })).toEqual([`scenarios/x.yaml: warmup: ${expected}, got "95%"`]);
    expect(problems({ cycles: 1, warmup: 25 })).toEqual([`scenarios/x.yaml: warmup: ${expected}, got 25`]);
    expect(ok({ warmup: '90%' }).warmup).toEqual({ kind: 'fraction', fraction: 0.9 });
    expect(ok({ warmup: '0%' }).warmup).toEqual({ kind: 'fraction', fraction: 0 });
    expect(ok({ warmup: '30s' }).warmup).toEqual({ kind: 'ms', ms: 30_000 });
  });

  it('choices, booleans, text and sections of the wrong type', () => {
    expect(problems({ cycles: 1, 'under-test': 'clients' })).toEqual([
      'scenarios/x.yaml: under-test: expected one of "client", "server", "both", got "clients"',
    ]);
    expect(problems({ cycles: 1, sample: { gc: 'yes' } })).toEqual([
      'scenarios/x.yaml: sample.gc: expected true or false, got "yes"',
    ]);
    expect(problems({ cycles: 1, description: 5 })).toEqual(['scenarios/x.yaml: description: expected text, got 5']);
    expect(problems({ cycles: 1, sample: 5 })).toEqual([
      'scenarios/x.yaml: sample: expected a mapping with the keys "interval", "gc", "gcEvery", got 5',
    ]);
    expect(problems({ cycles: 1, snapshots: 'yes' })).toEqual([
      'scenarios/x.yaml: snapshots: expected true, false or a mapping with the keys "enabled", "every", "atCycles", "keep", "maxBytes", "engine", got "yes"',
    ]);
    expect(ok({ 'under-test': 'server', sample: { gc: false } })).toMatchObject({ underTest: 'server', sample: { gc: false } });
  });

  it('cuts long values to about 60 characters', () => {
    const [line] = problems({ cycles: 1, name: 'x'.repeat(200) });
    expect(line).toBe(`scenarios/x.yaml: name: expected text of 1 to 100 characters, got "${'x'.repeat(58)}…`);
  });
});

describe('unknown keys', () => {
  it('suggests a known key within two edits, at any depth', () => {
    expect(problems({ cycles: 1, disconnect: { aftr: '1s' } })).toEqual([
      'scenarios/x.yaml: disconnect.aftr: unknown key; did you mean "after"?',
    ]);
    expect(problems({ cycles: 1, underTest: 'server' })).toEqual([
      'scenarios/x.yaml: underTest: unknown key; did you mean "under-test"?',
    ]);
    expect(problems({ cycles: 1, snapshots: { evry: '15s' } })).toEqual([
      'scenarios/x.yaml: snapshots.evry: unknown key; did you mean "every"?',
    ]);
  });

  it('lists the allowed keys when nothing is close', () => {
    expect(problems({ cycles: 1, verdict: { strict: true } })).toEqual([
      'scenarios/x.yaml: verdict.strict: unknown key; allowed keys: "maxGrowthPerCycle", "maxGrowth", "minCycles"',
    ]);
  });

  it('accepts every documented key', () => {
    expect(() => ok({ disconnect: { after: '1s', jitter: '1s' } })).not.toThrow();
  });
});

describe('cross-checks', () => {
  it('needs duration or cycles', () => {
    expect(problems({})).toEqual(['scenarios/x.yaml: set "duration", "cycles" or both, to say when the run ends']);
    expect(resolveScenario({ duration: '1m', cycles: 5 }, FILE)).toMatchObject({ durationMs: 60_000, cycles: 5 });
  });

  it('refuses snapshots.every together with atCycles', () => {
    expect(problems({ cycles: 1, snapshots: { every: '15s', atCycles: [5] } })).toEqual([
      'scenarios/x.yaml: snapshots: set either "every" or "atCycles", not both',
    ]);
    expect(ok({ snapshots: { every: '15s' } }).snapshots).toMatchObject({ everyMs: 15_000, atCycles: null });
  });

  it('wants atCycles strictly increasing positive integers', () => {
    expect(problems({ cycles: 1, snapshots: { atCycles: [500, 500] } })).toEqual([
      'scenarios/x.yaml: snapshots.atCycles: expected strictly increasing cycle counts, got [500,500]',
    ]);
    expect(problems({ cycles: 1, snapshots: { atCycles: [0, 'a'] } })).toEqual([
      'scenarios/x.yaml: snapshots.atCycles[0]: expected an integer from 1 to 1000000000, got 0',
      'scenarios/x.yaml: snapshots.atCycles[1]: expected an integer from 1 to 1000000000, got "a"',
    ]);
    expect(problems({ cycles: 1, snapshots: { atCycles: [] } })).toEqual([
      'scenarios/x.yaml: snapshots.atCycles: expected a list of cycle counts like [500, 1000], got []',
    ]);
  });
});

describe('reporting', () => {
  it('reports every problem in one error, one per line', () => {
    expect(problems({ duration: 'fast', cycles: 0, client: { count: 1e9 }, disconnect: { after: 'fast', aftr: 1 } })).toEqual([
      'scenarios/x.yaml: duration: expected a duration like "30s", got "fast"',
      'scenarios/x.yaml: cycles: expected an integer from 1 to 1000000000, got 0',
      'scenarios/x.yaml: client.count: expected an integer from 1 to 1000, got 1000000000',
      'scenarios/x.yaml: disconnect.after: expected a duration like "200ms", got "fast"',
      'scenarios/x.yaml: disconnect.aftr: unknown key; did you mean "after"?',
    ]);
  });

  it('shows at most ten problems and counts the rest', () => {
    const raw = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`zz${i}`, i]));
    const lines = problems(raw);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^scenarios\/x\.yaml: zz0: unknown key; allowed keys: "name", "description", /);
    expect(lines[10]).toBe('(4 more problems not shown)');
  });

  it('refuses a top level that is not a mapping', () => {
    const expected = 'scenarios/x.yaml: expected a mapping of scenario keys such as "duration: 60s", got';
    expect(problems(['a', 'b'])).toEqual([`${expected} a list`]);
    expect(problems('hello')).toEqual([`${expected} "hello"`]);
    expect(problems(42)).toEqual([`${expected} 42`]);
    expect(problems(null)).toEqual([`${expected} nothing`]);
  });
});

describe('module paths', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ws-soak-resolve-'));
  const folder = path.join(root, 'scenarios');
  mkdirSync(path.join(folder, 'lib.mjs'), { recursive: true }); // a folder with a module-like name
  writeFileSync(path.join(folder, 'my-client.mjs'), 'export default () => {};\n');
  writeFileSync(path.join(folder, 'my-server.ts'), 'export default () => {};\n');
  const file = path.join(folder, 'x.yaml');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('resolves module paths against the scenario file folder, not the cwd', () => {
    const s = resolveScenario({ cycles: 1, client: { module: './my-client.mjs' } }, file);
    expect(s.client.module).toBe(path.join(folder, 'my-client.mjs'));
    expect(s.server.module).toBeNull();
    expect(resolveScenario({ cycles: 1, server: { module: 'my-server.ts' } }, file).server.module).toBe(
      path.join(folder, 'my-server.ts'),
    );
  });

  it('names the key and the resolved path when a module file is missing', () => {
    expect(problems({ cycles: 1, client: { module: './nope.mjs' } }, file)).toEqual([
      `${file}: client.module: cannot find "./nope.mjs" (looked for ${path.join(folder, 'nope.mjs')})`,
    ]);
  });

  it('refuses a folder and a file that is not a module', () => {
    expect(problems({ cycles: 1, server: { module: './lib.mjs' } }, file)).toEqual([
      `${file}: server.module: expected a module file, got a folder: ${path.join(folder, 'lib.mjs')}`,
    ]);
    expect(problems({ cycles: 1, client: { module: './my-client.py' } }, file)).toEqual([
      `${file}: client.module: expected a path to a .js, .mjs, .cjs, .ts or .mts file, got "./my-client.py"`,
    ]);
  });

  it('takes a user module on both sides (the fault proxy goes between them), with every disconnect mode', () => {
    const s = resolveScenario(
      { cycles: 1, client: { module: './my-client.mjs' }, server: { module: './my-server.ts' }, disconnect: { mode: ['server-restart', 'handshake-reject-503'] } },
      file,
    );
    expect(s.client.module).toBe(path.join(folder, 'my-client.mjs'));
    expect(s.server.module).toBe(path.join(folder, 'my-server.ts'));
    expect(s.disconnect.mode.choices.map((c) => c.mode.name)).toEqual(['server-restart', 'handshake-reject-503']);
  });

  it('refuses load.processes when both sides are user modules', () => {
    expect(problems({ cycles: 1, client: { module: './my-client.mjs' }, server: { module: './my-server.ts' }, load: { processes: 2 } }, file)).toEqual([
      `${file}: load.processes: needs the built-in client or server: with client.module and server.module both set, the fault proxy counts your own client only`,
    ]);
  });

  it('reports a missing module along with other problems', () => {
    expect(problems({ cycles: 0, client: { module: './nope.mjs' } }, file)).toEqual([
      `${file}: cycles: expected an integer from 1 to 1000000000, got 0`,
      `${file}: client.module: cannot find "./nope.mjs" (looked for ${path.join(folder, 'nope.mjs')})`,
    ]);
  });
});
