/**
 * The labelled leak corpus (test/fixtures/leaks/corpus.json): reading it, running a fixture
 * through the real CLI, and checking a run's summary against the fixture's labels.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runCli, tempDir } from '../helpers/run-cli.js';

export const CORPUS_DIR = join(FIXTURES, 'leaks');

/** A reported rate may be this far from the known one (ratio): ±25%. */
export const RATE_TOLERANCE = 0.25;

export interface EvidenceRef {
  kind: string;
  name: string;
}

export interface RateRef extends EvidenceRef {
  /** Known per-cycle value in the evidence's unit (bytes for trends, count otherwise). */
  perCycle: number;
}

export interface CorpusFixture {
  fixture: string;
  module: string;
  scenario: string;
  role: 'client' | 'server';
  truth: 'leak' | 'clean';
  leaks: string;
  knownPerCycle: { heapBytes: number; externalBytes: number; counts: Record<string, number> };
  expect: {
    verdict: 'pass' | 'fail';
    /** The first failing evidence must be one of these (absent for clean fixtures). */
    main?: EvidenceRef[];
    /** Failing evidence that must also be present. */
    evidence: EvidenceRef[];
    /** Evidence whose perCycle must be within RATE_TOLERANCE of the known value. */
    rates: RateRef[];
    /** The leaking statement: some failing evidence must list it among its growth sites (or as the user frame that called a package's). */
    site?: { file: string; line: number };
  };
  /**
   * A large leak: with --until-verdict it must be settled within this many ms. On a clean
   * fixture: with --until-verdict it must never settle early (and pass); the value is unused.
   */
  untilVerdictMs?: number;
  /** In the fast subset of `npm test`, run for this `--duration`. */
  fast?: string;
}

export function loadCorpus(): CorpusFixture[] {
  const text = readFileSync(join(CORPUS_DIR, 'corpus.json'), 'utf8');
  return (JSON.parse(text) as { fixtures: CorpusFixture[] }).fixtures;
}

/** The parts of summary.json the corpus checks. */
export interface CorpusSummary {
  verdict: string;
  reason: string;
  durationMs: number;
  cycles: number;
  cyclesPerSecond: number;
  verdictAtMs: number | null;
  sitesPhase?: { ms: number; cycles: number; failures: string[] };
  processes: Array<{
    role: string;
    evidence: Array<{ kind: string; name: string; perCycle: number; detail: string; failing: boolean; sites?: CorpusSite[]; headline?: string; retainerPath?: string[] | null; retainerShort?: string }>;
  }>;
}

/** A growth site as summary.json has it (the parts the corpus checks). */
export interface CorpusSite {
  file: string;
  line: number;
  column: number;
  function: string;
  package?: string;
  count: number;
  calledFrom?: { file: string; line: number; function: string };
}

/** Every site of the run's failing evidence, and the user frames that called into a package. */
export function reportedSites(summary: CorpusSummary | null): Array<{ file: string; line: number }> {
  const sites = (summary?.processes ?? []).flatMap((p) => p.evidence.filter((e) => e.failing).flatMap((e) => e.sites ?? []));
  return sites.flatMap((s) => [s, ...(s.calledFrom ? [s.calledFrom] : [])]);
}

/** Whether the run reported the fixture's leaking statement as a site. */
export function foundSite(summary: CorpusSummary | null, want: { file: string; line: number }): boolean {
  return reportedSites(summary).some((s) => (s.file === want.file || s.file.endsWith(`/${want.file}`)) && s.line === want.line);
}

export interface CorpusRun {
  fixture: CorpusFixture;
  untilVerdict: boolean;
  exitCode: number | null;
  summary: CorpusSummary | null;
  stderr: string;
}

export interface RunOptions {
  /** `--duration` override, e.g. "10s". */
  duration?: string;
  /** `--cycles` override; with `duration` too, whichever comes first. */
  cycles?: number;
  untilVerdict?: boolean;
}

/** Longest a corpus run may take, soak and snapshot analysis included (ms). */
const RUN_TIMEOUT_MS = 180_000;

/** Runs one fixture's scenario with the real CLI into a fresh folder. */
export async function runFixture(fixture: CorpusFixture, options: RunOptions = {}): Promise<CorpusRun> {
  const out = join(tempDir('ws-soak-corpus-'), fixture.fixture);
  const args = ['run', join(CORPUS_DIR, fixture.scenario), '--out', out, '--quiet'];
  if (options.duration) args.push('--duration', options.duration);
  if (options.cycles) args.push('--cycles', String(options.cycles));
  if (options.untilVerdict) args.push('--until-verdict');
  const result = await runCli(args, { timeoutMs: RUN_TIMEOUT_MS });
  let summary: CorpusSummary | null = null;
  try {
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as CorpusSummary;
  } catch {
    // No summary: reported as a problem by checkRun.
  }
  return { fixture, untilVerdict: options.untilVerdict === true, exitCode: result.code, summary, stderr: result.stderr };
}

/** Runs `tasks` with at most `limit` running at once, results in order. */
export async function limited<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

const same = (a: EvidenceRef, b: EvidenceRef): boolean => a.kind === b.kind && a.name === b.name;
const label = (e: EvidenceRef): string => `${e.kind}:${e.name}`;

/** The run's first failing evidence (the main evidence), or null. */
export function mainEvidence(run: CorpusRun): CorpusSummary['processes'][number]['evidence'][number] | null {
  return run.summary?.processes[0]?.evidence.find((e) => e.failing) ?? null;
}

/**
 * What is wrong with a run against its fixture's labels; empty when everything holds. Short
 * runs skip what they cannot show yet: `rates: false` (10 s of the fast subset is not exact),
 * `evidence: false` (a run ended by --until-verdict before its first heap snapshot has no
 * object evidence).
 */
export function checkRun(run: CorpusRun, options: { rates?: boolean; evidence?: boolean } = {}): string[] {
  const { fixture, summary } = run;
  if (!summary) return [`no summary.json (exit ${run.exitCode}): ${run.stderr.split('\n').slice(-3).join(' ')}`];
  const problems: string[] = [];
  const expectedCode = fixture.expect.verdict === 'fail' ? 1 : 0;
  if (summary.verdict !== fixture.expect.verdict) problems.push(`verdict ${summary.verdict}, expected ${fixture.expect.verdict}: ${summary.reason}`);
  if (run.exitCode !== expectedCode) problems.push(`exit code ${run.exitCode}, expected ${expectedCode}`);
  const evidence = summary.processes[0]?.evidence ?? [];
  const failing = evidence.filter((e) => e.failing);
  if (fixture.truth === 'clean' && failing.length > 0) problems.push(`failing evidence on a clean fixture: ${failing.map(label).join(', ')}`);
  const main = mainEvidence(run);
  if (fixture.expect.main && !(main && fixture.expect.main.some((m) => same(m, main)))) {
    problems.push(`main evidence ${main ? label(main) : 'none'}, expected one of ${fixture.expect.main.map(label).join(', ')}`);
  }
  for (const want of options.evidence === false ? [] : fixture.expect.evidence) {
    if (!failing.some((e) => same(e, want))) problems.push(`no failing ${label(want)} evidence`);
  }
  if (options.rates !== false) {
    for (const rate of fixture.expect.rates) {
      const got = evidence.find((e) => same(e, rate));
      if (!got) problems.push(`no ${label(rate)} evidence to compare with the known ${rate.perCycle}/cycle`);
      else if (Math.abs(got.perCycle - rate.perCycle) > RATE_TOLERANCE * rate.perCycle) {
        problems.push(`${label(rate)} ${got.perCycle.toFixed(2)}/cycle, known ${rate.perCycle} (±${RATE_TOLERANCE * 100}%)`);
      }
    }
  }
  // Sites come from the sites phase after a failing run; a run ended by --until-verdict has one too.
  const want = fixture.expect.site;
  if (want && summary.verdict === 'fail' && !foundSite(summary, want)) {
    const got = reportedSites(summary).map((s) => `${s.file}:${s.line}`);
    problems.push(`growth site ${want.file}:${want.line} not reported (sites: ${got.join(', ') || 'none'})`);
  }
  if (fixture.truth === 'clean' && reportedSites(summary).length > 0) {
    problems.push(`a clean fixture reported growth sites: ${reportedSites(summary).map((s) => `${s.file}:${s.line}`).join(', ')}`);
  }
  if (run.untilVerdict && fixture.truth === 'clean' && summary.verdictAtMs !== null) {
    problems.push(`--until-verdict stopped a clean fixture early, at ${summary.verdictAtMs} ms`);
  } else if (run.untilVerdict && fixture.truth === 'leak' && fixture.untilVerdictMs !== undefined) {
    const at = summary.verdictAtMs;
    if (at === null || at > fixture.untilVerdictMs) problems.push(`--until-verdict settled at ${at ?? 'never'} ms, expected ≤ ${fixture.untilVerdictMs} ms`);
  }
  return problems;
}
