/** The final screen: the judged heap figure as the headline, paths and the next step, the verdict last; colour only when asked for. */
import { describe, expect, it } from 'vitest';
import { renderFinalScreen } from '../../src/report/terminal-report.js';
import { colorSupported, terminalStyle, wrapLine, wrapText } from '../../src/report/terminal-style.js';
import { makeSummary, roleVerdict } from './final-summary.js';

const ESC = '\x1b';
const paths = { dir: '/tmp/run', reportHtml: '/tmp/run/report.html', diffable: true };

describe('renderFinalScreen', () => {
  it("names an object group's short retainer path; --verbose (fullPaths) adds the whole chain from the GC roots", () => {
    const full = ['(GC roots)', '/app/node_modules/ws/lib/permessage-deflate.js: Module', 'exports: PerMessageDeflate()', 'context: system / Context', 'zlibLimiter: Queue', 'jobs: Array', '[3]: Object'];
    const evidence = {
      kind: 'objects' as const,
      rule: 'object-growth',
      name: 'Object',
      perCycle: 1,
      detail: 'Object +1.00/cycle (…); held by ws/lib/permessage-deflate.js › zlibLimiter.jobs',
      failing: true,
      notJudged: false,
      retainerPath: full,
      retainerShort: 'ws/lib/permessage-deflate.js › zlibLimiter.jobs',
    };
    const summary = makeSummary('fail', { processes: [roleVerdict('fail', [evidence])] });
    const plain = renderFinalScreen(summary, paths, undefined, 8);
    expect(plain).toContain('held by ws/lib/permessage-deflate.js › zlibLimiter.jobs');
    expect(plain).not.toContain('(GC roots)');
    const verbose = renderFinalScreen(summary, paths, { columns: Infinity, color: false }, 8, { fullPaths: true });
    expect(verbose).toContain(`        retainer path: ${full.join(' → ')}`);
  });

  it("leads with each failing process's headline under its own name: a cluster's worker by its label, not its side", () => {
    const headlineOf = (text: string) => ({
      kind: 'objects' as const,
      rule: 'object-growth',
      name: 'Object',
      perCycle: 1,
      detail: text,
      headline: text,
      failing: true,
      notJudged: false,
    });
    const worker = (n: number, pid: number, verdict: 'pass' | 'fail', evidence = [] as ReturnType<typeof headlineOf>[]) => ({
      ...roleVerdict(verdict, evidence),
      role: 'server' as const,
      label: `server worker ${n} (pid ${pid})`,
      pid,
    });
    const summary = makeSummary('fail', {
      processes: [worker(1, 4101, 'pass'), worker(2, 4102, 'fail', [headlineOf('sessions in app.js grows by 1 entry per reconnect')])],
    });
    const text = renderFinalScreen(summary, paths, undefined, 8);
    expect(text).toContain('✗ server worker 2 (pid 4102): sessions in app.js grows by 1 entry per reconnect');
    expect(text).not.toMatch(/✗ server: /);
  });

  it('shows heapUsed as judged (net of V8 code) with the raw figure beside it, and counts with separators', () => {
    const text = renderFinalScreen(makeSummary('pass'), paths);
    expect(text).toContain('heapUsed (judged)      +26 B/cycle');
    expect(text).toContain('; raw +138 B/cycle incl. V8 code');
    expect(text).not.toMatch(/heapUsed\s+\+138 B\/cycle/);
    expect(text).toContain('client: pass — 2,602 cycles judged (1,000–3,602, 37 post-GC samples)');
    expect(text).toContain('4,802 cycles in 60.0 s');
  });

  it('ends with the verdict line; names the run folder and report.html; suggests diff only on a fail', () => {
    const pass = renderFinalScreen(makeSummary('pass'), paths).trimEnd().split('\n');
    expect(pass.at(-1)).toMatch(/^verdict: PASS — post-GC heapUsed \+26 B\/cycle/);
    expect(pass).toContain('  run folder: /tmp/run');
    expect(pass.join('\n')).toContain('  report:     /tmp/run/report.html');
    expect(pass.join('\n')).not.toContain('ws-soak diff');
    const fail = renderFinalScreen(makeSummary('fail'), paths);
    expect(fail).toContain('  next:       ws-soak diff /tmp/run   (what grew between the snapshots, and what holds on to it)');
    expect(fail.trimEnd().split('\n').at(-1)).toMatch(/^verdict: FAIL — /);
    const noSnapshots = renderFinalScreen(makeSummary('fail', { snapshots: [] }), { ...paths, diffable: false });
    expect(noSnapshots).toContain('next:       run again with snapshots');
    const oneSnapshot = renderFinalScreen(makeSummary('fail', { snapshots: ['client-1.heapsnapshot'] }), { ...paths, diffable: false });
    expect(oneSnapshot).toContain('next:       run longer (or without --until-verdict) for a second snapshot');
    expect(oneSnapshot).not.toContain('run again with snapshots');
  });

  it('says an error once: the first line in the verdict, the rest above it, no figures when nothing was measured', () => {
    const message = 'client.module /x/bad.mjs: the module could not be loaded (Error: Cannot find package)\nstderr: boom';
    const summary = makeSummary('error', {
      reason: message.split('\n')[0],
      processes: [],
      cycles: 0,
      error: { code: 'SOAK_MODULE_LOAD', message },
    });
    const text = renderFinalScreen(summary, null);
    expect(text.split('could not be loaded')).toHaveLength(2);
    expect(text).toBe('  stderr: boom\nverdict: ERROR — client.module /x/bad.mjs: the module could not be loaded (Error: Cannot find package)\n');
    // A crash with figures: the stderr tail stands just above the verdict, which points up at it.
    const crash = 'the client process under test ran out of memory: a leak finding; its stderr ends with:\n  FATAL ERROR: heap out of memory';
    const oom = renderFinalScreen(makeSummary('fail', { reason: crash.split('\n')[0], error: { code: 'SOAK_TARGET_CRASHED', message: crash } }), paths).trimEnd().split('\n');
    expect(oom.slice(-2)).toEqual(['  FATAL ERROR: heap out of memory', 'verdict: FAIL — the client process under test ran out of memory: a leak finding; its stderr ends with (above)']);
  });

  it('colours the verdict only when the style says so, after wrapping (escape codes never count towards the width)', () => {
    const plain = renderFinalScreen(makeSummary('fail'), paths, { columns: 80, color: false });
    expect(plain).not.toContain(ESC);
    const coloured = renderFinalScreen(makeSummary('fail'), paths, { columns: 80, color: true });
    expect(coloured).toContain(`${ESC}[1mverdict:${ESC}[0m ${ESC}[1;31mFAIL${ESC}[0m — `);
    expect(coloured.replace(/\x1b\[[\d;]*m/g, '')).toBe(plain);
    for (const line of plain.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('terminal style', () => {
  it('NO_COLOR turns colour off, FORCE_COLOR on (even piped), a TTY has it unless TERM=dumb', () => {
    expect(colorSupported({}, true)).toBe(true);
    expect(colorSupported({}, false)).toBe(false);
    expect(colorSupported({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorSupported({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(colorSupported({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorSupported({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorSupported({ TERM: 'dumb' }, true)).toBe(false);
  });

  it('wraps a terminal to its width and leaves a pipe unwrapped', () => {
    expect(terminalStyle({}, { isTTY: true, columns: 80 })).toEqual({ columns: 80, color: true });
    expect(terminalStyle({}, { isTTY: false })).toEqual({ columns: Infinity, color: false });
    expect(terminalStyle({ COLUMNS: '120' }, { isTTY: false }).columns).toBe(120);
  });

  it('wraps at word boundaries, never between a number and its unit, keeping inner spacing', () => {
    const line = '    heapUsed (judged)      +26 B/cycle  62.4 KiB/min  (95% CI 6 B…46 B, p=0.20); raw +138 B/cycle incl. V8 code';
    const wrapped = wrapLine(line, 60);
    expect(wrapped[0]).toMatch(/^ {4}heapUsed \(judged\) {6}\+26 B\/cycle {2}62\.4 KiB\/min /);
    for (const l of wrapped) expect(l.length).toBeLessThanOrEqual(60);
    for (const l of wrapped.slice(1)) expect(l).toMatch(/^ {8}\S/);
    // `+138 B/cycle` stays on one line.
    expect(wrapLine('x '.repeat(20) + '+138 B/cycle', 43).join('\n')).toContain('+138 B/cycle');
    expect(wrapText('reconnect cycles and exit 1 when', 12)).toBe('reconnect\n    cycles\n    and exit\n    1 when');
  });
});
