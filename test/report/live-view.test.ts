/**
 * The live terminal view and the plain progress lines, attached to a real run in this process,
 * and the CLI choosing between them: a pseudo-terminal (util-linux `script`) gets the live view,
 * a pipe gets plain lines, --quiet gets neither, and --json keeps stdout to the JSON alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// The run starts its children from dist/, so this test drives the built code.
import { attachProvisionalJudge } from '../../dist/analysis/provisional-judge.js';
import { attachLiveView } from '../../dist/report/live-view.js';
import { attachProgressLines } from '../../dist/report/progress-lines.js';
import { SoakRun } from '../../dist/run/run.js';
import { loadScenario } from '../../dist/scenario/load.js';
import { CLI, runCli, tempDir, type CliResult } from '../helpers/run-cli.js';
import { writeShortScenario } from './short-runs.js';

const COLUMNS = 100;
const ESC = '\x1b';
const HAVE_SCRIPT = spawnSync('script', ['--version']).status === 0;

const frames: string[] = [];
const plain: string[] = [];
let writesAtDone = 0;
let writesLater = 0;
let pty: CliResult | null = null;
let piped: CliResult;
let quiet: CliResult;

/** Runs the CLI under a pseudo-terminal (as a person at a terminal would); async, so the in-process run keeps going. */
function runInPty(args: string[]): Promise<CliResult> {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COLUMNS: String(COLUMNS) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  const base = tempDir('ws-soak-live-');
  const scenarioPath = writeShortScenario(join(base, 'scenario'), 'leaky');
  const scenario = await loadScenario(scenarioPath);
  const run = new SoakRun({ scenario, out: join(base, 'in-process'), reportsDir: base });
  // As the CLI does: the one provisional judge first, then the view that shows its verdicts.
  attachProvisionalJudge(run, { intervalMs: 300 });
  attachLiveView(run, { columns: COLUMNS, write: (text: string) => frames.push(text) }, { redrawMs: 150 });
  attachProgressLines(run, (line: string) => plain.push(line), 400);
  await run.run();
  writesAtDone = frames.length;
  await new Promise((r) => setTimeout(r, 500));
  writesLater = frames.length;
  // Which view the CLI picks does not depend on the verdict: short runs, after the one above.
  const short = ['--duration', '2s'];
  [pty, piped, quiet] = await Promise.all([
    HAVE_SCRIPT ? runInPty(['run', scenarioPath, '--out', join(base, 'pty'), ...short]) : Promise.resolve(null),
    runCli(['run', scenarioPath, '--out', join(base, 'piped'), '--json', ...short], { timeoutMs: 60_000 }),
    runCli(['run', scenarioPath, '--out', join(base, 'quiet'), '--json', '--quiet', ...short], { timeoutMs: 60_000 }),
  ]);
}, 150_000);

describe('attachLiveView', () => {
  it('redraws in place: each frame moves the cursor up over exactly the lines of the one before', () => {
    expect(frames.length).toBeGreaterThan(10);
    expect(frames[0]!.startsWith(`${ESC}[J`)).toBe(true);
    for (let i = 1; i < frames.length; i++) {
      const previousLines = frames[i - 1]!.split('\n').length - 1;
      expect(frames[i]!.startsWith(`${ESC}[${previousLines}F${ESC}[J`)).toBe(true);
    }
  });

  it('keeps every line narrower than the terminal, so nothing wraps', () => {
    for (const frame of frames) {
      for (const line of frame.replace(/\x1b\[\d*[FJ]/g, '').split('\n')) expect([...line].length).toBeLessThan(COLUMNS);
    }
  });

  it('shows the progress bar, cycles, rate and ETA, reaching 100% at the end', () => {
    // Bounded by 300 cycles or 40 s: the bound closer to ending the run is shown.
    const ofTotal = String.raw`(\d:\d\d \/ 0:40|[\d,]+ \/ 300 cycles)`;
    for (const frame of frames.slice(1)) expect(frame).toMatch(new RegExp(String.raw`\n\[[█░]{24}\] +\d+%  ${ofTotal}  [\d,]+ cycles  \d+\/s  ETA \d:\d\d\n`));
    expect(frames.at(-1)).toMatch(/\n\[█{24}\] 100%  [\d,]+ \/ 300 cycles .* ETA 0:00\n/);
  });

  it('charts post-GC heapUsed, and shows the provisional evidence once judged, failing items marked', () => {
    // The first frame comes at start, before the provisional judge's first check.
    expect(frames[0]).toMatch(/\nevidence: forming…\n/);
    const last = frames.at(-1)!;
    expect(last).toMatch(/client: post-GC heapUsed, \d+ post-GC samples\n/);
    expect(last).toMatch(/MiB ┤/);
    expect(last).toContain('evidence so far (provisional):');
    expect(last).toMatch(/client: FAIL so far · [\d,]+ cycles judged\n {4}heapUsed \+/);
    expect(last).toMatch(/✗ \[trend\] heapUsed \+[\d.]+ (B|KiB)\/cycle/);
    expect(last).not.toContain('warming up');
  });

  it('stops drawing when the run is done', () => {
    expect(writesLater).toBe(writesAtDone);
  });
});

describe('attachProgressLines', () => {
  it('prints plain lines without escape codes: total, share, cycles, rate, ETA, heap', () => {
    expect(plain[0]).toMatch(/^ws-soak: leaky-short — server ws:\/\/127\.0\.0\.1:\d+.*, under test: client; run folder /);
    const progress = plain.filter((l) => /^ {2}\d/.test(l));
    expect(progress.length).toBeGreaterThan(2);
    for (const line of progress) expect(line).toMatch(/^ {2}(\d:\d\d \/ 0:40|[\d,]+ \/ 300 cycles) \(\d+%\)  [\d,]+ cycles  \d+\/s  ETA \d:\d\d  heapUsed [\d.]+ MiB\n$/);
    expect(plain.join('')).not.toContain(ESC);
  });
});

describe('ws-soak run picks the view', () => {
  const VERDICT_EXIT: Record<string, number> = { pass: 0, fail: 1, error: 3, inconclusive: 4 };

  it.skipIf(!HAVE_SCRIPT)('a terminal gets the live view, then the final report in its place, the verdict last and in colour', () => {
    const out = pty?.stdout ?? '';
    expect(out).toMatch(/\x1b\[\d+F\x1b\[J/);
    expect(out).toMatch(/\[[█░]{24}\] +\d+%/);
    // The last frame is erased (cursor up over it, erase down) and nothing of it is drawn again.
    const afterErase = out.slice(out.lastIndexOf(`${ESC}[J`) + 3);
    expect(afterErase).not.toContain('█');
    expect(afterErase).not.toContain('evidence so far');
    expect(afterErase).toContain('report.html');
    // A terminal takes colour: the verdict word is bold and coloured, and it is the last line.
    const lines = afterErase.trimEnd().split(/\r?\n/);
    const verdictAt = lines.findIndex((l) => l.includes('verdict:'));
    expect(lines[verdictAt]).toMatch(/^\x1b\[1mverdict:\x1b\[0m \x1b\[1;3[123]m[A-Z]+\x1b\[0m — /);
    // Wrapped at word boundaries to the terminal's columns: only continuation lines follow it.
    for (const l of lines.slice(verdictAt + 1)) expect(l).toMatch(/^ {4}\S/);
    for (const l of lines) expect([...l.replace(/\x1b\[[\d;]*[A-Za-z]/g, '')].length).toBeLessThanOrEqual(COLUMNS);
    expect([0, 1, 4]).toContain(pty?.code);
  });

  it('a pipe gets plain progress lines on stderr, and stdout holds only the JSON', () => {
    expect(piped.stderr).toMatch(/^ws-soak: leaky-short — server ws:\/\//);
    expect(piped.stderr).not.toContain(ESC);
    expect(piped.stderr).not.toContain('█');
    const summary = JSON.parse(piped.stdout);
    expect(piped.code).toBe(VERDICT_EXIT[summary.verdict]);
  });

  it('--quiet prints no progress at all', () => {
    expect(quiet.stderr).not.toContain('ws-soak: leaky-short — server');
    expect(quiet.stderr).not.toContain(ESC);
    expect(quiet.stderr).not.toContain('verdict:');
    const summary = JSON.parse(quiet.stdout);
    expect(quiet.code).toBe(VERDICT_EXIT[summary.verdict]);
  });
});
