/**
 * The labelled leak corpus, end to end: every fixture in test/fixtures/leaks/corpus.json through
 * the real CLI with its scenario (default thresholds, ≤ 60 s), checked for the verdict, the
 * main evidence and the known rates; the large leaks again with --until-verdict.
 *
 * The soaks take ~15 minutes and run only under `npm run test:corpus` (WS_SOAK_CORPUS=1); the
 * manifest checks below always run. WS_SOAK_CORPUS_ONLY=a,b runs only those fixtures;
 * WS_SOAK_CORPUS_REPEAT=3 runs each that many times (one pass after another, so a flip under
 * load shows) and the table gets a "right in N of N runs" column.
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
const ONLY = (process.env.WS_SOAK_CORPUS_ONLY ?? '').split(',').filter((name) => name.length > 0);
const REPEAT = Math.max(1, Number.parseInt(process.env.WS_SOAK_CORPUS_REPEAT ?? '1', 10) || 1);
const soaked = corpus.filter((f) => ONLY.length === 0 || ONLY.includes(f.fixture));
/**
 * Scenario keys a corpus fixture may set: everything else stays at its default. The harness's
 * disconnect mode and the messages it sends are what a failure-path or per-message leak needs.
 */
const ALLOWED_KEYS = new Set([
  'name',
  'duration',
  'under-test',
  'client.module',
  'client.count',
  'server.module',
  'disconnect.after',
  'traffic.messages',
]);
/** `disconnect.mode` may be a name, a list or a mapping of names to weights. */
const ALLOWED_PREFIXES = ['disconnect.mode'];
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

  it('names for each leak the statement that makes it: a code line of its module (checked against the run by checkRun)', () => {
    for (const f of corpus.filter((x) => x.truth === 'leak')) {
      const site = f.expect.site;
      expect(site, f.fixture).toBeDefined();
      if (!site) continue;
      expect(site.file, f.fixture).toBe(f.module);
      const line = readFileSync(join(CORPUS_DIR, f.module), 'utf8').split('\n')[site.line - 1] ?? '';
      // The line adds to a collection, a listener list or the timer list.
      expect(line, `${f.fixture}:${site.line}`).toMatch(/\.(push|set|add|on)\(|setInterval\(/);
    }
  });

  it('keeps every scenario default-ish: only duration, module, under-test, client.count and disconnect.after, ≤ 60 s', () => {
    for (const f of corpus) {
      const scenario = parse(readFileSync(join(CORPUS_DIR, f.scenario), 'utf8')) as Record<string, unknown>;
      const extra = flatKeys(scenario).filter((k) => !ALLOWED_KEYS.has(k) && !ALLOWED_PREFIXES.some((p) => k.startsWith(p)));
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
  /** Every run of a fixture (REPEAT of them), by fixture name and --until-verdict. */
  const runs = new Map<string, CorpusRun[]>();
  const key = (fixture: string, untilVerdict: boolean) => `${fixture}${untilVerdict ? ' --until-verdict' : ''}`;

  beforeAll(async () => {
    const tasks = [
      ...soaked.map((f) => () => runFixture(f)),
      ...soaked.filter((f) => f.untilVerdictMs !== undefined).map((f) => () => runFixture(f, { untilVerdict: true })),
    ];
    const all: CorpusRun[] = [];
    for (let pass = 0; pass < REPEAT; pass++) all.push(...(await limited(PARALLEL_RUNS, tasks)));
    for (const run of all) {
      const k = key(run.fixture.fixture, run.untilVerdict);
      runs.set(k, [...(runs.get(k) ?? []), run]);
    }
    const table = corpusTable(all);
    const file = join(tmpdir(), `ws-soak-corpus-${Date.now()}.md`);
    writeFileSync(file, table + '\n');
    console.log(`${table}\n\ncorpus table written to ${file}`);
  }, REPEAT * 60 * 60_000);

  it.each(soaked.map((f) => [f.fixture, f] as const))('%s: verdict, main evidence and rates as labelled, every run', (_name, fixture) => {
    const mine = runs.get(key(fixture.fixture, false)) ?? [];
    expect(mine).toHaveLength(REPEAT);
    expect(mine.map((run) => checkRun(run))).toEqual(mine.map(() => []));
  });

  it.each(soaked.filter((f) => f.untilVerdictMs !== undefined).map((f) => [f.fixture, f] as const))(
    '%s: --until-verdict settles the leak in time (never, for a clean one), every run',
    (_name, fixture) => {
      const mine = runs.get(key(fixture.fixture, true)) ?? [];
      expect(mine).toHaveLength(REPEAT);
      // A leak settles early; a clean fixture never does (it runs its whole length and passes).
      for (const run of mine) {
        if (fixture.truth === 'leak') expect(run.summary?.verdictAtMs).toBeGreaterThan(0);
        else expect(run.summary?.verdictAtMs).toBeNull();
      }
      // Settled before the first heap snapshot: no object evidence or exact rates yet.
      expect(mine.map((run) => checkRun(run, { rates: false, evidence: false }))).toEqual(mine.map(() => []));
    },
  );
});
