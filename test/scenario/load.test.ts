import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SoakError, type SoakErrorCode } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load.js';

const root = mkdtempSync(path.join(tmpdir(), 'ws-soak-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `text` to `name` under the temp folder and returns its path. */
function fixture(name: string, text: string): string {
  const file = path.join(root, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** The error loading `file` rejects with, after checking its code. */
async function failure(file: string, code: SoakErrorCode): Promise<string> {
  const error: unknown = await loadScenario(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SoakError);
  expect((error as SoakError).code).toBe(code);
  return (error as SoakError).message;
}

const YAML_TEXT = `# a soak
name: basic
duration: 60s
cycles: 5000
warmup: 10%
under-test: client
snapshots:
  every: 15s
  keep: 3
client:
  module: ./clients/my-client.mjs
disconnect:
  after: 200ms
traffic:
  size: 1KiB
verdict:
  maxGrowth: 10MiB
`;

const JSON_TEXT = JSON.stringify({
  name: 'basic',
  duration: '60s',
  cycles: 5000,
  warmup: '10%',
  'under-test': 'client',
  snapshots: { every: '15s', keep: 3 },
  client: { module: './clients/my-client.mjs' },
  disconnect: { after: '200ms' },
  traffic: { size: '1KiB' },
  verdict: { maxGrowth: '10MiB' },
});

describe('loadScenario', () => {
  fixture('clients/my-client.mjs', 'export default () => {};\n');

  it('reads YAML (.yaml and .yml) and JSON into the same scenario', async () => {
    const fromYaml = await loadScenario(fixture('a.yaml', YAML_TEXT));
    const fromYml = await loadScenario(fixture('b.yml', YAML_TEXT));
    const fromJson = await loadScenario(fixture('c.json', JSON_TEXT));
    expect(fromYaml).toMatchObject({
      file: path.join(root, 'a.yaml'),
      name: 'basic',
      durationMs: 60_000,
      cycles: 5000,
      warmup: { kind: 'fraction', fraction: 0.1 },
      snapshots: { enabled: true, everyMs: 15_000, keep: 3 },
      client: { module: path.join(root, 'clients', 'my-client.mjs'), count: 1 },
      disconnect: { afterMs: 200, jitterMs: 0 },
      traffic: { sizeBytes: 1024 },
      verdict: { maxGrowth: 10 * 1024 * 1024 },
    });
    expect({ ...fromYml, file: '' }).toEqual({ ...fromYaml, file: '' });
    expect({ ...fromJson, file: '' }).toEqual({ ...fromYaml, file: '' });
  });

  it('names the scenario after the file when `name` is absent', async () => {
    const s = await loadScenario(fixture('reconnect-storm.yaml', 'cycles: 10\n'));
    expect(s.name).toBe('reconnect-storm');
  });

  it('reads YAML 1.2: "yes" is text, not true', async () => {
    const file = fixture('yes.yaml', 'cycles: 10\nsample:\n  gc: yes\n');
    expect(await failure(file, 'SOAK_SCENARIO_INVALID')).toBe(`${file}: sample.gc: expected true or false, got "yes"`);
  });

  it('accepts a byte-order mark', async () => {
    expect((await loadScenario(fixture('bom.json', `\uFEFF{"cycles": 3}`))).cycles).toBe(3);
  });

  it('uses the file name as given in messages', async () => {
    fixture('given/x.yaml', 'cycles: 10\ndisconnect:\n  after: fast\n');
    const given = path.relative(process.cwd(), path.join(root, 'given', 'x.yaml'));
    expect(await failure(given, 'SOAK_SCENARIO_INVALID')).toBe(
      `${given}: disconnect.after: expected a duration like "200ms", got "fast"`,
    );
  });
});

describe('files that cannot be read', () => {
  it('a missing file', async () => {
    const file = path.join(root, 'missing.yaml');
    expect(await failure(file, 'SOAK_SCENARIO_READ')).toBe(`${file}: cannot read scenario file (ENOENT: no such file)`);
  });

  it('a folder', async () => {
    const folder = path.join(root, 'folder.yaml');
    mkdirSync(folder);
    expect(await failure(folder, 'SOAK_SCENARIO_READ')).toBe(`${folder}: cannot read scenario file (EISDIR: is a folder)`);
  });

  it('an unknown extension', async () => {
    const file = fixture('scenario.txt', 'cycles: 10\n');
    expect(await failure(file, 'SOAK_SCENARIO_READ')).toBe(
      `${file}: cannot read scenario file (expected a .yaml, .yml or .json file)`,
    );
  });
});

describe('files that do not hold a scenario', () => {
  const empty = 'the file is empty; expected scenario keys such as "duration: 60s"';

  it('an empty file, a blank one and one with only comments', async () => {
    for (const [name, text] of [
      ['empty.yaml', ''],
      ['blank.yaml', '  \n\n'],
      ['comments.yaml', '# nothing yet\n'],
      ['empty.json', ''],
    ] as const) {
      const file = fixture(name, text);
      expect(await failure(file, 'SOAK_SCENARIO_INVALID')).toBe(`${file}: ${empty}`);
    }
  });

  it('a list or a scalar', async () => {
    const list = fixture('list.yaml', '- duration: 60s\n');
    expect(await failure(list, 'SOAK_SCENARIO_INVALID')).toBe(
      `${list}: expected a mapping of scenario keys such as "duration: 60s", got a list`,
    );
    const scalar = fixture('scalar.yaml', 'just words\n');
    expect(await failure(scalar, 'SOAK_SCENARIO_INVALID')).toBe(
      `${scalar}: expected a mapping of scenario keys such as "duration: 60s", got "just words"`,
    );
  });

  it('YAML syntax errors, with line:col', async () => {
    const file = fixture('bad.yaml', 'cycles: 10\ndisconnect: after: 1s\n');
    expect(await failure(file, 'SOAK_SCENARIO_INVALID')).toBe(
      `${file}:2:13: YAML syntax error: Nested mappings are not allowed in compact mappings`,
    );
    const tabs = fixture('tabs.yaml', 'cycles: 10\nsample:\n\tgc: true\n');
    expect(await failure(tabs, 'SOAK_SCENARIO_INVALID')).toBe(
      `${tabs}:3:1: YAML syntax error: Tabs are not allowed as indentation`,
    );
  });

  it('duplicate keys', async () => {
    const file = fixture('dup.yaml', 'cycles: 10\ncycles: 20\n');
    expect(await failure(file, 'SOAK_SCENARIO_INVALID')).toBe(`${file}:2:1: YAML syntax error: Map keys must be unique`);
  });

  it('an alias to an anchor that does not exist', async () => {
    const file = fixture('alias.yaml', 'cycles: *many\n');
    expect(await failure(file, 'SOAK_SCENARIO_INVALID')).toBe(
      `${file}: YAML error: Unresolved alias (the anchor must be set before the alias): many`,
    );
  });

  it('JSON syntax errors, with line:col, and unquoted words', async () => {
    const comma = fixture('comma.json', '{\n  "cycles": 10,,\n  "duration": "1m"\n}\n');
    expect(await failure(comma, 'SOAK_SCENARIO_INVALID')).toBe(`${comma}:2:16: JSON syntax error: Unexpected , in flow map`);
    const words = fixture('words.json', '{"cycles": 10, "sample": {"gc": yes}}');
    expect(await failure(words, 'SOAK_SCENARIO_INVALID')).toBe(
      `${words}:1:33: JSON syntax error: unquoted text "yes"; JSON strings need double quotes`,
    );
  });
});
