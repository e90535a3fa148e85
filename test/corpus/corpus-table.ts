/** The corpus results as a Markdown table, as in README.md and docs/verdict.md. */
import { checkRun, foundSite, mainEvidence, type CorpusRun } from './corpus-manifest.js';

function rate(value: number, kind: string): string {
  return kind === 'trend' ? `${Math.round(value).toLocaleString('en-US')} B` : value.toFixed(2);
}

/** `heapUsed +2,890 B vs 2,976 B known` for the heap (or external) trend, where the fixture's bytes are known. */
function bytesColumn(run: CorpusRun): string {
  const evidence = run.summary?.processes[0]?.evidence ?? [];
  const known = run.fixture.knownPerCycle;
  const parts: string[] = [];
  for (const [series, bytes] of [['heapUsed', known.heapBytes], ['external', known.externalBytes]] as const) {
    const e = evidence.find((x) => x.kind === 'trend' && x.name === series);
    if (!e) continue;
    if (run.fixture.truth === 'clean' || bytes > 0) {
      parts.push(`${series} ${Math.round(e.perCycle).toLocaleString('en-US')} B${run.fixture.truth === 'leak' ? ` vs ${bytes.toLocaleString('en-US')}` : ''}`);
    }
  }
  return parts.join('; ');
}

/** The known per-cycle value of an evidence item: bytes for trends, the count otherwise. */
function knownFor(fixture: CorpusRun['fixture'], e: { kind: string; name: string }): number | undefined {
  const known = fixture.knownPerCycle;
  if (e.kind === 'trend') return e.name === 'heapUsed' ? known.heapBytes : e.name === 'external' ? known.externalBytes : undefined;
  return known.counts[`${e.kind}:${e.name}`];
}

/**
 * One row per fixture: its first default run, the --until-verdict run when there is one, and
 * how many of its runs (default and --until-verdict) were right, e.g. `3 of 3`.
 */
export function corpusTable(runs: readonly CorpusRun[]): string {
  const lines = [
    '| fixture | truth | verdict | main evidence (per cycle vs known) | trend per cycle vs known bytes | growth site | time to verdict | right in N of N runs | checks |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const seen = new Set<string>();
  for (const run of runs.filter((r) => !r.untilVerdict)) {
    const { fixture, summary } = run;
    if (seen.has(fixture.fixture)) continue;
    seen.add(fixture.fixture);
    const main = mainEvidence(run);
    const known = main ? knownFor(fixture, main) : undefined;
    const mainText = main
      ? `${main.kind}: ${main.name} ${rate(main.perCycle, main.kind)}${known !== undefined ? ` vs ${rate(known, main.kind)}` : ''}`
      : '—';
    const mine = runs.filter((r) => r.fixture.fixture === fixture.fixture);
    const early = mine.find((r) => r.untilVerdict);
    const seconds = (ms: number | null | undefined): string => (ms == null ? '—' : `${(ms / 1000).toFixed(1)} s`);
    const time = early ? `${seconds(early.summary?.verdictAtMs)} (--until-verdict)` : seconds(summary?.durationMs);
    const problemsOf = (r: CorpusRun): string[] => (r.untilVerdict ? checkRun(r, { rates: false, evidence: false }) : checkRun(r));
    const right = mine.filter((r) => problemsOf(r).length === 0).length;
    const problems = [...new Set(mine.flatMap(problemsOf))];
    const want = fixture.expect.site;
    const site = want ? `${want.file}:${want.line} ${foundSite(summary, want) ? '✓' : '✗'}` : '—';
    lines.push(
      `| ${fixture.fixture} | ${fixture.truth} | ${summary?.verdict ?? 'none'} | ${mainText} | ${bytesColumn(run)} | ${site} | ${time} | ${right} of ${mine.length} | ${problems.length === 0 ? 'ok' : problems.join('; ')} |`,
    );
  }
  return lines.join('\n');
}
