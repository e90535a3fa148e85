/** Error handling of readRunFolder on small hand-made folders (real run folders are read in test/commands). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SoakError } from '../../src/errors.js';
import { readRunFolder } from '../../src/commands/read-run-folder.js';
import { tempDir } from '../helpers/run-cli.js';

const SUMMARY = { tool: 'ws-soak', verdict: 'pass', reason: 'ok', processes: [] };
const SCENARIO = { name: 'hand-made', underTest: 'client', warmup: { kind: 'fraction', fraction: 0.25 }, verdict: { maxGrowthPerCycle: 128 }, sample: { intervalMs: 1000, gc: true } };
const SAMPLE = { role: 'client', t: 1000, cycle: 3, mem: { rss: 1, heapTotal: 1, heapUsed: 1, external: 1, arrayBuffers: 1 }, postGc: null, resources: {}, listeners: {} };

function folder(files: Record<string, string>): string {
  const dir = join(tempDir('ws-soak-folder-'), 'run');
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const complete = () => ({
  'summary.json': JSON.stringify(SUMMARY),
  'scenario.json': JSON.stringify(SCENARIO),
  'samples.ndjson': `${JSON.stringify(SAMPLE)}\n${JSON.stringify({ ...SAMPLE, t: 2000 })}\n`,
});

function errorOf(fn: () => unknown): SoakError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SoakError) return error;
    throw error;
  }
  throw new Error('expected a SoakError');
}

describe('readRunFolder', () => {
  it('reads a complete folder, filling fields older summaries lack', () => {
    const dir = folder({ ...complete(), 'client-1-c10.heapsnapshot': '{}', 'notes.txt': 'x' });
    const run = readRunFolder(dir);
    expect(run.dir).toBe(dir);
    expect(run.summary.verdict).toBe('pass');
    expect(run.summary.snapshotDetails).toEqual([]);
    expect(run.summary.connections).toEqual({});
    expect(run.samples.map((s) => s.t)).toEqual([1000, 2000]);
    expect(run.scenario.name).toBe('hand-made');
    expect(run.snapshotFiles).toEqual(['client-1-c10.heapsnapshot']);
    expect(run.warnings).toEqual([]);
  });

  it('zero-fills connection counters that older versions did not keep', () => {
    const old = { ...SUMMARY, connections: { server: { cycles: 5, closeCodes: { '1000': 5 } }, client: 'junk' } };
    const run = readRunFolder(folder({ ...complete(), 'summary.json': JSON.stringify(old) }));
    expect(run.summary.connections.server).toMatchObject({ cycles: 5, closeCodes: { '1000': 5 }, wasClean: {}, failedConnects: 0, reconnectDelayMs: null });
    expect(run.summary.connections.client).toBeUndefined();
  });

  it('names a folder that does not exist, and a file given instead of a folder', () => {
    const missing = join(tempDir(), 'nope');
    const e = errorOf(() => readRunFolder(missing));
    expect(e.code).toBe('SOAK_RUN_DIR_INVALID');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`run folder ${missing}: no such folder; give the folder a run wrote (its --out, or reports/<name>-<time>/)`);
    const dir = folder(complete());
    const file = join(dir, 'summary.json');
    expect(errorOf(() => readRunFolder(file)).message).toBe(`run folder ${file}: is a file, not a folder; give the folder a run wrote, not a file inside it`);
  });

  it.each(['summary.json', 'scenario.json', 'samples.ndjson'])('names the missing file %s', (name) => {
    const files: Record<string, string> = complete();
    delete files[name];
    const dir = folder(files);
    const e = errorOf(() => readRunFolder(dir));
    expect(e.code).toBe('SOAK_RUN_DIR_INVALID');
    expect(e.message).toBe(`run folder ${dir}: ${name} is missing; a complete run folder holds summary.json, samples.ndjson and scenario.json`);
  });

  it('names a summary.json that is not JSON, or not a ws-soak summary', () => {
    let dir = folder({ ...complete(), 'summary.json': '{"tool": "ws-soak",' });
    expect(errorOf(() => readRunFolder(dir)).message).toMatch(new RegExp(`^run folder ${dir}: summary\\.json is not valid JSON \\(`));
    dir = folder({ ...complete(), 'summary.json': JSON.stringify({ tool: 'other' }) });
    expect(errorOf(() => readRunFolder(dir)).message).toBe(`run folder ${dir}: summary.json: expected a ws-soak summary ("tool": "ws-soak"), found "tool": "other"`);
    dir = folder({ ...complete(), 'summary.json': JSON.stringify({ ...SUMMARY, verdict: 'maybe' }) });
    expect(errorOf(() => readRunFolder(dir)).message).toBe(
      `run folder ${dir}: summary.json: "verdict" must be one of pass, fail, inconclusive, error; found string "maybe"`,
    );
  });

  it('names a scenario.json without the keys the reports need', () => {
    const dir = folder({ ...complete(), 'scenario.json': JSON.stringify({ ...SCENARIO, warmup: '25%' }) });
    expect(errorOf(() => readRunFolder(dir)).message).toBe(`run folder ${dir}: scenario.json: "warmup" must be an object, found string "25%"`);
  });

  it('names the broken line of samples.ndjson', () => {
    const good = JSON.stringify(SAMPLE);
    let dir = folder({ ...complete(), 'samples.ndjson': `${good}\n{oops\n${good}\n` });
    expect(errorOf(() => readRunFolder(dir)).message).toMatch(new RegExp(`^run folder ${dir}: samples\\.ndjson line 2 is not valid JSON`));
    dir = folder({ ...complete(), 'samples.ndjson': `${good}\n${JSON.stringify({ role: 'client', t: 5 })}\n` });
    expect(errorOf(() => readRunFolder(dir)).message).toBe(
      `run folder ${dir}: samples.ndjson line 2: expected a sample with role, t, cycle and mem, found {"role":"client","t":5}`,
    );
  });

  it('skips a last line cut short by a crash, with a warning, but not a broken line that ends with a newline', () => {
    const good = JSON.stringify(SAMPLE);
    const cut = folder({ ...complete(), 'samples.ndjson': `${good}\n${good.slice(0, 30)}` });
    const run = readRunFolder(cut);
    expect(run.samples).toHaveLength(1);
    expect(run.warnings).toEqual(['samples.ndjson line 2 is cut short (the run was probably killed); it was skipped']);
    const ended = folder({ ...complete(), 'samples.ndjson': `${good}\n${good.slice(0, 30)}\n` });
    expect(errorOf(() => readRunFolder(ended)).code).toBe('SOAK_RUN_DIR_INVALID');
  });
});
