/**
 * The labelled leak corpus, end to end: every fixture in test/fixtures/leaks/corpus.json through
 * the real CLI with its scenario (default thresholds, ≤ 60 s), checked for the verdict, the
 * main evidence and the known rates; the large leaks again with --until-verdict.
 *
 * The soaks take ~10 minutes and run only under `npm run test:corpus` (WS_SOAK_CORPUS=1); the
 * manifest checks below always run.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CORPUS_DIR, checkRun, limited, loadCorpus, runFixture, type CorpusRun } from './corpus-manifest.js';
import { corpusTable } from './corpus-table.js';

const corpus = loadCorpus();
/** Corpus runs at once: the machine has two cores, and each run is three processes. */
const PARALLEL_RUNS = 2;
const SOAKS = process.env.WS_SOAK_CORPUS === '1';
/** Scenario keys a corpus fixture may set: everything else stays at its default. */
const ALLOWED_KEYS = new Set(['name', 'duration', 'under-test', 'client.module', 'client.count', 'server.module', 'disconnect.after']);
const MAX_DURATION_S = 60;

function flatKeys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => flatKeys(v, prefix ? `${prefix}.${k}` : k));
}

describe('leak corpus manifest', () => {
  it('lists every fixture module once, with at least 10 client and 3 server modules, leaks and clean ones', () => {
    const modules = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.mjs') && f !== 'measure-retained.mjs').sort();
    expect(corpus.map((f) => f.module).sort()).toEqual(modules);
    expect(corpus.filter((f) => f.role === 'client').length).toBeGreaterThanOrEqual(10);
    expect(corpus.filter((f) => f.role === 'server').length).toBeGreaterThanOrEqual(3);
    expect(corpus.filter((f) => f.truth === 'clean').length).toBeGreaterThanOrEqual(5);
    expect(corpus.filter((f) => f.truth === 'leak').length).toBeGreaterThanOrEqual(8);
  });

  it('labels each module in its header as the manifest does, and each leak with what it retains per cycle', () => {
    for (const f of corpus) {
      const header = readFileSync(join(CORPUS_DIR, f.module), 'utf8').split('\n')[0] ?? '';
      expect(header, f.module).toMatch(new RegExp(`^// ${f.truth.toUpperCase()} \\(corpus`));
      expect(readFileSync(join(CORPUS_DIR, f.module), 'utf8'), f.module).toContain('// Retained per cycle:');
      if (f.truth === 'leak') {
        expect(f.expect.main?.length, f.fixture).toBeGreaterThan(0);
        expect(f.expect.rates.length, f.fixture).toBeGreaterThan(0);
        for (const r of f.expect.rates) expect(r.perCycle, `${f.fixture} ${r.kind}:${r.name}`).toBeGreaterThan(0);
      } else {
        expect(f.expect.verdict).toBe('pass');
      }
    }
  });

  it('keeps every scenario default-ish: only duration, module, under-test, client.count and disconnect.after, ≤ 60 s', () => {
    for (const f of corpus) {
      const scenario = parse(readFileSync(join(CORPUS_DIR, f.scenario), 'utf8')) as Record<string, unknown>;
      const extra = flatKeys(scenario).filter((k) => !ALLOWED_KEYS.has(k));
      expect(extra, f.scenario).toEqual([]);
      expect(scenario['name'], f.scenario).toBe(f.fixture);
      expect(String(scenario['duration']), f.scenario).toMatch(/^\d+s$/);
      expect(Number.parseInt(String(scenario['duration']), 10), f.scenario).toBeLessThanOrEqual(MAX_DURATION_S);
      const side = f.role === 'server' ? scenario['server'] : scenario['client'];
      expect((side as { module?: string }).module, f.scenario).toBe(`./${f.module}`);
      expect(scenario['under-test'] ?? 'client', f.scenario).toBe(f.role);
    }
  });
});

describe.skipIf(!SOAKS)('leak corpus soaks (npm run test:corpus)', () => {
  const runs = new Map<string, CorpusRun>();
  const key = (fixture: string, untilVerdict: boolean) => `${fixture}${untilVerdict ? ' --until-verdict' : ''}`;

  beforeAll(async () => {
    const tasks = [
      ...corpus.map((f) => () => runFixture(f)),
      ...corpus.filter((f) => f.untilVerdictMs !== undefined).map((f) => () => runFixture(f, { untilVerdict: true })),
    ];
    for (const run of await limited(PARALLEL_RUNS, tasks)) runs.set(key(run.fixture.fixture, run.untilVerdict), run);
    const table = corpusTable([...runs.values()]);
    const file = join(tmpdir(), `ws-soak-corpus-${Date.now()}.md`);
    writeFileSync(file, table + '\n');
    console.log(`${table}\n\ncorpus table written to ${file}`);
  }, 40 * 60_000);

  it.each(corpus.map((f) => [f.fixture, f] as const))('%s: verdict, main evidence and rates as labelled', (_name, fixture) => {
    const run = runs.get(key(fixture.fixture, false));
    expect(run).toBeDefined();
    expect(checkRun(run as CorpusRun)).toEqual([]);
  });

  it.each(corpus.filter((f) => f.untilVerdictMs !== undefined).map((f) => [f.fixture, f] as const))(
    '%s: --until-verdict settles the leak in time',
    (_name, fixture) => {
      const run = runs.get(key(fixture.fixture, true));
      expect(run).toBeDefined();
      expect(run?.summary?.verdictAtMs).toBeGreaterThan(0);
      // Settled before the first heap snapshot: no object evidence or exact rates yet.
      expect(checkRun(run as CorpusRun, { rates: false, evidence: false })).toEqual([]);
    },
  );
});
