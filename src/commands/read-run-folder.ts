/**
 * Loads an existing run folder (summary.json, samples.ndjson, scenario.json and the list of
 * heap snapshots in it), so reports can be re-rendered and runs compared long after they ran.
 * Every problem a person can cause (wrong folder, missing or broken file) is a SoakError
 * `SOAK_RUN_DIR_INVALID` naming the folder, the file and what is wrong with it.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Summary } from '../analysis/summary.js';
import { SoakError } from '../errors.js';
import type { Scenario } from '../scenario/types.js';
import { emptyCycleCounts, type CycleCounts } from '../model/cycle-counts.js';
import { RUN_FILES, snapshotFilesIn } from '../run-folder/layout.js';
import type { Sample } from '../model/sample.js';

/** A run folder as read back from disk. */
export interface RunFolder {
  /** Absolute path of the folder. */
  dir: string;
  summary: Summary;
  /** Every sample, in file order (time order per role). */
  samples: Sample[];
  scenario: Scenario;
  /** `.heapsnapshot` files present in the folder, sorted by name. */
  snapshotFiles: string[];
  /** Things that were tolerated, e.g. a last sample line cut short by a crash. */
  warnings: string[];
}

const VERDICTS = new Set(['pass', 'fail', 'inconclusive', 'error']);

function invalid(dir: string, message: string): SoakError {
  return new SoakError('SOAK_RUN_DIR_INVALID', `run folder ${dir}: ${message}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readText(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'is missing' : `cannot be read (${(error as Error).message})`;
    throw invalid(dir, `${file} ${what}; a complete run folder holds ${RUN_FILES.summary}, ${RUN_FILES.samples} and ${RUN_FILES.scenario}`);
  }
}

function readJson(dir: string, file: string): unknown {
  const text = readText(dir, file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalid(dir, `${file} is not valid JSON (${(error as Error).message})`);
  }
}

function checkSummary(dir: string, value: unknown): Summary {
  if (!isObject(value) || value.tool !== 'ws-soak') {
    const found = isObject(value) ? `"tool": ${JSON.stringify(value.tool ?? null)}` : describe(value);
    throw invalid(dir, `${RUN_FILES.summary}: expected a ws-soak summary ("tool": "ws-soak"), found ${found}`);
  }
  if (typeof value.verdict !== 'string' || !VERDICTS.has(value.verdict)) {
    throw invalid(dir, `${RUN_FILES.summary}: "verdict" must be one of pass, fail, inconclusive, error; found ${describe(value.verdict)}`);
  }
  if (!Array.isArray(value.processes)) {
    throw invalid(dir, `${RUN_FILES.summary}: "processes" must be an array, found ${describe(value.processes)}`);
  }
  // Fields added by later versions may be absent in older runs: fill what the reports read.
  return {
    closeCodes: {},
    snapshots: [],
    snapshotDetails: [],
    snapshotFailures: [],
    error: null,
    ...value,
    connections: completeConnections(value.connections),
  } as unknown as Summary;
}

/** Each side's connection counts, with the counters older versions did not keep set to zero. */
function completeConnections(connections: unknown): Summary['connections'] {
  const out: Summary['connections'] = {};
  if (!isObject(connections)) return out;
  for (const role of ['client', 'server'] as const) {
    const counts = connections[role];
    if (isObject(counts)) out[role] = { ...emptyCycleCounts(), ...counts } as CycleCounts;
  }
  if (isObject(connections['proxy'])) out.proxy = connections['proxy'] as unknown as NonNullable<Summary['connections']['proxy']>;
  return out;
}

function checkScenario(dir: string, value: unknown): Scenario {
  if (!isObject(value)) throw invalid(dir, `${RUN_FILES.scenario}: expected an object, found ${describe(value)}`);
  for (const key of ['name', 'underTest'] as const) {
    if (typeof value[key] !== 'string') throw invalid(dir, `${RUN_FILES.scenario}: "${key}" must be a string, found ${describe(value[key])}`);
  }
  for (const key of ['warmup', 'verdict', 'sample'] as const) {
    if (!isObject(value[key])) throw invalid(dir, `${RUN_FILES.scenario}: "${key}" must be an object, found ${describe(value[key])}`);
  }
  return value as unknown as Scenario;
}

function checkSample(value: unknown): value is Sample {
  return (
    isObject(value) &&
    (value.role === 'client' || value.role === 'server') &&
    typeof value.t === 'number' &&
    typeof value.cycle === 'number' &&
    isObject(value.mem)
  );
}

/** Parses samples.ndjson; a last line cut short (a crash while writing) is dropped with a warning. */
function readSamples(dir: string, warnings: string[]): Sample[] {
  const text = readText(dir, RUN_FILES.samples);
  const lines = text.split('\n');
  const samples: Sample[] = [];
  let lastLine = lines.length - 1;
  while (lastLine > 0 && (lines[lastLine]?.trim() ?? '') === '') lastLine--;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (line === '') continue;
    const isLast = i === lastLine;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (isLast && !text.endsWith('\n')) {
        warnings.push(`${RUN_FILES.samples} line ${i + 1} is cut short (the run was probably killed); it was skipped`);
        continue;
      }
      throw invalid(dir, `${RUN_FILES.samples} line ${i + 1} is not valid JSON (${(error as Error).message})`);
    }
    if (!checkSample(value)) {
      throw invalid(dir, `${RUN_FILES.samples} line ${i + 1}: expected a sample with role, t, cycle and mem, found ${line.slice(0, 80)}`);
    }
    samples.push(value);
  }
  return samples;
}

/** Reads a run folder written by `ws-soak run`; throws SoakError('SOAK_RUN_DIR_INVALID') naming what is wrong. */
export function readRunFolder(path: string): RunFolder {
  const dir = resolve(path);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw invalid(dir, 'no such folder; give the folder a run wrote (its --out, or reports/<name>-<time>/)');
  }
  if (!isDir) throw invalid(dir, 'is a file, not a folder; give the folder a run wrote, not a file inside it');
  const warnings: string[] = [];
  const summary = checkSummary(dir, readJson(dir, RUN_FILES.summary));
  const scenario = checkScenario(dir, readJson(dir, RUN_FILES.scenario));
  const samples = readSamples(dir, warnings);
  const snapshotFiles = snapshotFilesIn(dir);
  return { dir, summary, samples, scenario, snapshotFiles, warnings };
}
