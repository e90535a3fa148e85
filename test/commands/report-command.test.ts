/** `ws-soak report <run-dir>` on a real run folder, on an older-format copy of it, and on broken folders. */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { sharedShortRun, type ShortRun } from '../report/short-runs.js';

const REPORTS = ['chart.txt', 'report.html', 'junit.xml', 'summary.md'];
/** The footer's render time is the only part of report.html that differs between renders. */
const withoutRenderTime = (html: string) => html.replace(/ at \d{4}-\d\d-\d\dT[\d:.]+Z from summary\.json/, ' at <time> from summary.json');

let run: ShortRun;
const originals: Record<string, string> = {};

beforeAll(async () => {
  run = await sharedShortRun('leaky', { cycles: 300, snapshotAtCycles: [100, 170, 240] });
  expect([0, 1, 4]).toContain(run.result.code);
  for (const f of REPORTS) originals[f] = readFileSync(join(run.dir, f), 'utf8');
}, 150_000);

describe('ws-soak report', () => {
  it('re-renders every report of a run folder, identical to what the run wrote', async () => {
    for (const f of REPORTS) unlinkSync(join(run.dir, f));
    const result = await runCli(['report', run.dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(REPORTS.map((f) => `wrote ${join(run.dir, f)}\n`).join(''));
    for (const f of REPORTS) {
      const now = readFileSync(join(run.dir, f), 'utf8');
      if (f === 'report.html') expect(withoutRenderTime(now)).toBe(withoutRenderTime(originals[f] ?? ''));
      else expect(now).toBe(originals[f]);
    }
  });

  it('renders a run from an older version whose summary lacks the newer fields, with empty states', async () => {
    const dir = join(tempDir('ws-soak-old-'), 'run');
    cpSync(run.dir, dir, { recursive: true });
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const snapshots: string[] = summary.snapshots;
    expect(snapshots.length).toBeGreaterThan(0);
    for (const key of ['connections', 'snapshotDetails', 'snapshotFailures', 'closeCodes']) delete summary[key];
    // Evidence as older versions wrote it: no rule, notJudged or retainerPath.
    const evidence = summary.processes.flatMap((p: { evidence: Array<Record<string, unknown>> }) => p.evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) {
      expect(typeof e.rule).toBe('string');
      for (const key of ['rule', 'notJudged', 'retainerPath']) delete e[key];
    }
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
    for (const f of REPORTS) rmSync(join(dir, f));
    const result = await runCli(['report', dir]);
    expect(result.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<p class="empty" id="connection-sides">No per-side connection counts in this summary');
    expect(html).toContain('<p class="empty" id="close-codes">No close codes were recorded.</p>');
    // Snapshot files still in the folder are linked even when the summary does not list them.
    for (const f of snapshots) expect(html).toContain(`<a href="${f}" download>${f}</a></td><td colspan="5">not listed in summary.json</td>`);
    for (const f of REPORTS) expect(existsSync(join(dir, f))).toBe(true);
    expect(html).toMatch(/id="objects-client"/);
    expect(html).not.toContain('<td class="path">undefined');
  });

  it('names a report it could not write, still writes the others, and says so once', async () => {
    const dir = join(tempDir('ws-soak-unwritable-'), 'run');
    cpSync(run.dir, dir, { recursive: true });
    // A directory where report.html goes: writing it fails (EISDIR), the rest must not.
    rmSync(join(dir, 'report.html'));
    mkdirSync(join(dir, 'report.html'));
    const result = await runCli(['report', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(['chart.txt', 'junit.xml', 'summary.md'].map((f) => `wrote ${join(dir, f)}\n`).join(''));
    expect(result.stderr).toMatch(/^ws-soak: warning: could not write report\.html: EISDIR[^\n]*\n$/);
  });

  it('lists snapshots that are gone from the folder without linking them', async () => {
    const dir = join(tempDir('ws-soak-gone-'), 'run');
    cpSync(run.dir, dir, { recursive: true });
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const [gone, kept] = summary.snapshots as string[];
    unlinkSync(join(dir, gone!));
    expect((await runCli(['report', dir])).code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain(`<td>${gone} <small>(not in this folder)</small></td>`);
    expect(html).not.toContain(`href="${gone}"`);
    expect(html).toContain(`<a href="${kept}" download>`);
  });

  it('refuses a folder that is not a complete run folder, with exit 2 and the missing file named', async () => {
    const dir = join(tempDir('ws-soak-broken-'), 'run');
    cpSync(run.dir, dir, { recursive: true });
    unlinkSync(join(dir, 'samples.ndjson'));
    const result = await runCli(['report', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `ws-soak: run folder ${dir}: samples.ndjson is missing; a complete run folder holds summary.json, samples.ndjson and scenario.json\n` +
        '(run with --verbose for details, or --help for usage)\n',
    );
    const missing = await runCli(['report', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`ws-soak: run folder ${join(dir, 'nope')}: no such folder`);
  });
});
