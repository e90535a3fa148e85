/**
 * report.html, junit.xml and summary.md as `ws-soak run` writes them, on two real short runs:
 * a clean loop (passes) and the leaky client fixture (fails).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/analysis/summary.js';
import type { RoleChartData } from '../../src/report/chart-data.js';
import type { Sample } from '../../src/model/sample.js';
import { MARKUP_NAME, sharedShortRun, type ShortRun } from './short-runs.js';

let clean: ShortRun;
let leaky: ShortRun;

const read = (run: ShortRun, file: string) => readFileSync(join(run.dir, file), 'utf8');
const summaryOf = (run: ShortRun) => JSON.parse(read(run, 'summary.json')) as Summary;
const samplesOf = (run: ShortRun) => read(run, 'samples.ndjson').trim().split('\n').map((l) => JSON.parse(l) as Sample);

function chartData(html: string): { roles: RoleChartData[] } {
  const match = /<script type="application\/json" id="soak-data">([\s\S]*?)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match?.[1] ?? 'null');
}

beforeAll(async () => {
  [clean, leaky] = await Promise.all([
    sharedShortRun('clean', { name: MARKUP_NAME }),
    sharedShortRun('leaky'),
  ]);
  expect(clean.result.stderr).not.toContain('internal error');
  expect(clean.result.code).toBe(0);
  expect(leaky.result.code).toBe(1);
}, 150_000);

describe('writeReports after ws-soak run', () => {
  it('writes the three reports owner-only, without warnings', () => {
    for (const run of [clean, leaky]) {
      for (const file of ['report.html', 'junit.xml', 'summary.md']) expect(statSync(join(run.dir, file)).mode & 0o777).toBe(0o600);
      expect(run.result.stderr).not.toContain('could not write');
    }
  });

  it('report.html: a verdict banner that says PASS for the clean run and FAIL with the reason for the leak', () => {
    const passHtml = read(clean, 'report.html');
    const failHtml = read(leaky, 'report.html');
    expect(passHtml).toMatch(/<section id="verdict-banner" class="banner pass" role="status"><span class="verdict-word">PASS<\/span>/);
    expect(passHtml).not.toContain('class="banner fail"');
    expect(failHtml).toMatch(/<section id="verdict-banner" class="banner fail" role="status"><span class="verdict-word">FAIL<\/span>/);
    expect(failHtml).toContain(summaryOf(leaky).reason.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
  });

  it('report.html: self-contained — no external scripts, styles or URLs, and a policy that forbids fetching', () => {
    const html = read(clean, 'report.html');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    // The only absolute URL is the one in uPlot's licence banner comment.
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(urls).toEqual(['https://github.com/leeoniya/uPlot']);
    expect(html).toContain('var uPlot=function()');
  });

  it('report.html: escapes the scenario name everywhere', () => {
    const html = read(clean, 'report.html');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('ws-soak report: clean &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
  });

  it('report.html: chart data for every sample, the judged trend, warm-up end and handle counts', () => {
    const summary = summaryOf(leaky);
    const process = summary.processes[0];
    const samples = samplesOf(leaky).filter((s) => s.postGc);
    const [role] = chartData(read(leaky, 'report.html')).roles;
    expect(role?.role).toBe('client');
    expect(role?.postGc).toBe(true);
    expect(role?.pointCount).toBe(samples.length); // a short run is not downsampled
    expect(role?.memory.heapUsed).toEqual(samples.map((s) => s.postGc?.heapUsed));
    expect(role?.t).toEqual(samples.map((s) => Math.round(s.t) / 1000));
    // The trend drawn is the figure the verdict judged (net of V8's compiled code), the raw slope beside it.
    expect(role?.trend.heapUsed?.slope).toBe(process?.judgedHeapUsed?.growth.perCycle);
    const raw = process?.judgedHeapUsed?.codePerCycle ? process.judgedHeapUsed.rawPerCycle : null;
    expect(role?.trend.heapUsed?.rawSlope).toBe(raw);
    expect(role?.limit.heapUsed?.perCycle).toBe(128);
    expect(role?.warmup.cycle).toBe(process?.judgedWindow.fromCycle);
    expect(role?.handles.series.map((s) => s.name)).toContain('process listeners');
    expect(role?.snapshots).toEqual([]);
  });

  it('report.html: evidence, connection and snapshot sections, with empty states when there is nothing to show', () => {
    const html = read(leaky, 'report.html');
    expect(html).toContain('<table class="evidence" id="trends-client">');
    expect(html).toMatch(/<tr class="failing"><td>✗ leak<\/td><td>trend<\/td><td>heapUsed<\/td>/);
    // Connection details once: one table of what each side counted, no second list of the same figures.
    expect(html).toContain('<table class="sides" id="connection-sides">');
    expect(html).not.toContain('id="close-codes"');
    expect(html).not.toContain('id="connection-lines"');
    expect(html.match(/reconnect delay/g)).toHaveLength(1);
    expect(html).toContain('<p class="empty" id="snapshot-files">No heap snapshots in this run.</p>');
    expect(html).toContain('No heap snapshots were taken, so object groups were not analysed');
    expect(html).toContain('Open in Chrome DevTools → Memory → Load');
  });

  it('junit.xml: one passing test case for the clean run', () => {
    const xml = read(clean, 'junit.xml');
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="ws-soak" tests="1" failures="0" errors="0"/);
    expect(xml.match(/<testcase /g)).toHaveLength(1);
    expect(xml).toContain('name="client does not leak across reconnect cycles"');
    expect(xml).not.toContain('<failure');
    expect(xml).not.toContain('<img');
    expect(xml).toContain('classname="ws-soak.clean &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;"');
  });

  it('junit.xml: a leak is a failure whose message lists the failing evidence', () => {
    const xml = read(leaky, 'junit.xml');
    const summary = summaryOf(leaky);
    const failing = summary.processes[0]?.evidence.filter((e) => e.failing) ?? [];
    expect(failing.length).toBeGreaterThan(0);
    expect(xml).toMatch(/<testsuites name="ws-soak" tests="1" failures="1" errors="0"/);
    const message = /<failure type="leak" message="([^"]*)">/.exec(xml)?.[1] ?? '';
    const inAttribute = (text: string) =>
      text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
    // The headline of the first failing evidence leads (README "Growth sites"), then the evidence.
    const headline = failing.find((e) => e.headline)?.headline;
    expect(headline).toBeDefined();
    expect(message.startsWith(`leak: ${inAttribute(headline ?? '')}`)).toBe(true);
    expect(message).toContain('; [trend] post-GC heapUsed +');
    for (const e of failing.slice(0, 5)) expect(message).toContain(inAttribute(`[${e.kind}] ${e.detail}`));
    // The judged heap figure, as a property and first in the output, the raw one beside it.
    const judged = summary.processes[0]!.judgedHeapUsed!;
    expect(xml).toContain(`<property name="heapUsedPerCycle" value="${Math.round(judged.growth.perCycle)}"/>`);
    if (judged.codePerCycle > 0) expect(xml).toContain(`<property name="heapUsedRawPerCycle" value="${Math.round(judged.rawPerCycle)}"/>`);
    expect(xml).toMatch(/<system-out>client: fail — [^\n]*\npost-GC heapUsed \+[\d.,]+ (B|KiB)\/cycle judged/);
  });

  it('summary.md: verdict heading, key figures, evidence and an ASCII chart', () => {
    const pass = read(clean, 'summary.md');
    // Names from the scenario are text in GitHub's Markdown, never HTML (issue 14).
    expect(pass.startsWith('### ✅ ws-soak PASS: clean &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;\n')).toBe(true);
    expect(pass).not.toContain('<img');
    const md = read(leaky, 'summary.md');
    const summary = summaryOf(leaky);
    expect(md.startsWith('### ❌ ws-soak FAIL: leaky-short\n')).toBe(true);
    expect(md).toContain(`| cycles | ${summary.cycles.toLocaleString('en-US')} in `);
    expect(md).toMatch(/\| heapUsed \(judged\) \| \+\d/);
    expect(md).toMatch(/heapUsed is judged net of V8.s compiled code \(raw \+[\d.]+ (B|KiB)\/cycle incl\. V8 code\)/);
    expect(md).toContain('- ❌ **trend heapUsed**');
    expect(md).toMatch(/```text\n[\s\S]*MiB ┤[\s\S]*```/);
    // The chart draws the limit, as the terminal's and report.html's do.
    expect(md).toMatch(/<summary>client: post-GC heapUsed over the run \([\d,]+ post-GC samples; ···· limit 128 B\/cycle\)<\/summary>/);
  });
});
