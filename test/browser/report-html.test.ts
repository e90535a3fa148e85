/**
 * report.html in a real browser: Debian's chromium, headless, driven by playwright-core.
 * Opens the report of a real leaky run (with snapshots) and checks the banner, that every chart
 * drew its data points, hover values, zoom, the x-axis switch, that nothing was fetched, and
 * saves a screenshot into the run folder. Skips when /usr/bin/chromium is missing, except in CI.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/analysis/summary.js';
import type { RoleChartData } from '../../src/report/chart-data.js';
import { MARKUP_NAME, sharedShortRun, type ShortRun } from '../report/short-runs.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SKIP_NOTE = `${CHROMIUM} is missing — install Debian's chromium (apt-get install chromium) to run the browser test`;
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Stroke colours the chart script uses: post-GC heapUsed, snapshot markers, the limit line. */
const HEAP_RGB = [0xd6, 0x27, 0x28];
const LIMIT_RGB = [0xcc, 0x00, 0x00];
const SNAPSHOT_RGB = [0x22, 0xaa, 0x77];

let run: ShortRun;
let clean: ShortRun;
let summary: Summary;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const pageErrors: string[] = [];

/** Pixels of a colour (±24 per channel) on the canvas of a chart. */
function countPixels(p: Page, chartId: string, rgb: number[]): Promise<number> {
  return p.evaluate(
    ({ id, rgb: [r, g, b] }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`#chart-${id} canvas`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return -1;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - r!) < 24 && Math.abs(data[i + 1]! - g!) < 24 && Math.abs(data[i + 2]! - b!) < 24 && data[i + 3]! > 200) n++;
      }
      return n;
    },
    { id: chartId, rgb },
  );
}

if (process.env.CI && !HAVE_CHROMIUM) {
  describe('report.html in chromium', () => {
    it('has chromium installed in CI', () => {
      throw new Error(`${SKIP_NOTE}; .ci/run must install it (CI is set, so this test does not skip)`);
    });
  });
} else {
  describe.skipIf(!HAVE_CHROMIUM)(`report.html in chromium${HAVE_CHROMIUM ? '' : ` (skipped: ${SKIP_NOTE})`}`, () => {
    beforeAll(async () => {
      [run, clean] = await Promise.all([sharedShortRun('leaky', { cycles: 300, snapshotAtCycles: [100, 170, 240] }), sharedShortRun('clean', { name: MARKUP_NAME })]);
      expect(run.result.code).toBe(1);
      expect(clean.result.code).toBe(0);
      summary = JSON.parse(readFileSync(join(run.dir, 'summary.json'), 'utf8')) as Summary;
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      });
      await page.goto(pathToFileURL(join(run.dir, 'report.html')).href);
      await page.waitForFunction(() => (window as unknown as { __soakReport?: { ready: boolean } }).__soakReport?.ready === true, null, { timeout: 10_000 });
    }, 150_000);

    afterAll(async () => {
      await browser?.close();
    });

    it('loads offline: the file itself is the only request, and the page logs no errors', () => {
      expect(requests).toEqual([pathToFileURL(join(run.dir, 'report.html')).href]);
      expect(pageErrors).toEqual([]);
    });

    it('shows the verdict banner with the verdict and its reason', async () => {
      const text = await page.locator('#verdict-banner').innerText();
      const banner = text.replace(/\s+/g, ' ').trim();
      expect(banner.startsWith(`FAIL ${summary.reason}`.replace(/\s+/g, ' '))).toBe(true);
      // Then the plain-words headline of the leak, with the line that adds to it (growth sites).
      const headlines = summary.processes
        .flatMap((p) => p.evidence)
        .filter((e) => e.failing && e.headline)
        .map((e) => String(e.headline).replace(/\s+/g, ' '));
      expect(headlines.some((line) => banner.endsWith(` ${line}`))).toBe(true);
      expect(banner).toMatch(/leaky-client\.mjs:15:\d+ in `connect\(\)`$/);
      const colour = await page.locator('#verdict-banner').evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(colour).toBe('rgb(207, 34, 46)');
    });

    it('draws every chart with data points: the heap line, the trend, and snapshot markers', async () => {
      const charts = await page.evaluate(() => (window as unknown as { __soakReport: { charts: Array<{ id: string; points: number }> } }).__soakReport.charts);
      expect(charts.map((c) => c.id)).toEqual(['heapUsed-client', 'external-client', 'memory-client', 'handles-client']);
      const postGcSamples = readFileSync(join(run.dir, 'samples.ndjson'), 'utf8').trim().split('\n').filter((l) => JSON.parse(l).postGc).length;
      const heap = charts[0]!;
      expect(heap.points).toBeGreaterThan(postGcSamples); // the samples, plus the trend over the judged window
      for (const c of charts) expect(c.points).toBeGreaterThan(0);
      expect(await page.locator('.uplot').count()).toBe(4);
      expect(await countPixels(page, 'heapUsed-client', HEAP_RGB)).toBeGreaterThan(100);
      expect(summary.snapshots.length).toBeGreaterThan(0);
      expect(await countPixels(page, 'heapUsed-client', SNAPSHOT_RGB)).toBeGreaterThan(20);
      // The external chart has no heapUsed line: the colour check can tell charts apart.
      expect(await countPixels(page, 'external-client', HEAP_RGB)).toBe(0);
    });

    it('draws the limit on the heap and external charts: a leak climbs past it, a clean run stays under it', async () => {
      type Report = { charts: Array<{ id: string; series: Array<{ label: string; kind: string }> }> };
      const charts = await page.evaluate(() => (window as unknown as { __soakReport: Report }).__soakReport.charts);
      for (const id of ['heapUsed-client', 'external-client']) {
        const series = charts.find((c) => c.id === id)?.series ?? [];
        expect(series.filter((s) => s.kind === 'limit').map((s) => s.label)).toEqual(['limit (+128 B/cycle)']);
        expect(series.find((s) => s.kind === 'trend')?.label).toMatch(/^judged trend \([+-][\d.]+ (B|KiB)\/cycle(; raw [+-][\d.]+ (B|KiB)\/cycle incl\. V8 code)?\)$/);
      }
      expect(await countPixels(page, 'heapUsed-client', LIMIT_RGB)).toBeGreaterThan(20);
      const endOf = (dir: string) => {
        const html = readFileSync(join(dir, 'report.html'), 'utf8');
        const role = (JSON.parse(/<script type="application\/json" id="soak-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null') as { roles: RoleChartData[] }).roles[0]!;
        const t = role.trend.heapUsed!;
        const l = role.limit.heapUsed!;
        return { trend: t.intercept + t.slope * t.toCycle, limit: l.start + l.perCycle * (l.toCycle - l.fromCycle), judged: t.slope };
      };
      const leak = endOf(run.dir);
      const fine = endOf(clean.dir);
      expect(leak.trend).toBeGreaterThan(leak.limit);
      expect(fine.trend).toBeLessThan(fine.limit);
      // The trend drawn is the figure the verdict judged.
      const judged = JSON.parse(readFileSync(join(clean.dir, 'summary.json'), 'utf8')).processes[0].judgedHeapUsed.growth.perCycle;
      expect(fine.judged).toBe(judged);
    });

    it('does not repeat y tick labels; the handles chart has whole-number ticks', async () => {
      type Report = { yTicks(id: string): string[] };
      for (const id of ['heapUsed-client', 'external-client', 'memory-client', 'handles-client']) {
        const ticks = await page.evaluate((chart) => (window as unknown as { __soakReport: Report }).__soakReport.yTicks(chart), id);
        expect(ticks.length, id).toBeGreaterThan(1);
        expect(new Set(ticks).size, `${id}: ${ticks.join(', ')}`).toBe(ticks.length);
        if (id === 'handles-client') for (const t of ticks) expect(t).toMatch(/^\d[\d,]*$/);
      }
    });

    it('shows the last values in the legend before any hover, and values on hover', async () => {
      const value = page.locator('#chart-heapUsed-client .u-legend .u-series').nth(1).locator('.u-value');
      const samples = readFileSync(join(run.dir, 'samples.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((s) => s.postGc);
      const last = samples.at(-1).postGc.heapUsed as number;
      const shown = await value.innerText();
      expect(shown).toMatch(/^\d+(\.\d+)? MiB$/);
      expect(Math.abs(parseFloat(shown) - last / 2 ** 20)).toBeLessThan(0.01);
      for (const id of ['heapUsed-client', 'external-client', 'memory-client', 'handles-client']) {
        const texts = await page.locator(`#chart-${id} .u-legend .u-series .u-value`).allInnerTexts();
        expect(texts.filter((t) => t === '—'), id).toEqual([]);
      }
      const box = await page.locator('#chart-heapUsed-client .u-over').boundingBox();
      expect(box).not.toBeNull();
      await page.mouse.move(box!.x + box!.width * 0.6, box!.y + box!.height / 2);
      expect(await value.innerText()).toMatch(/^\d+(\.\d+)? (B|KiB|MiB|GiB)$/);
    });

    it('zooms on a drag and switches the x axis to cycles', async () => {
      type Range = { min: number; max: number };
      const xRange = () => page.evaluate(() => (window as unknown as { __soakReport: { xRange(id: string): Range } }).__soakReport.xRange('heapUsed-client'));
      const before = await xRange();
      const box = (await page.locator('#chart-heapUsed-client .u-over').boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      const zoomed = await xRange();
      expect(zoomed.min).toBeGreaterThan(before.min);
      expect(zoomed.max).toBeLessThan(before.max);
      expect(zoomed.max - zoomed.min).toBeLessThan((before.max - before.min) * 0.4);

      await page.click('button[data-x-mode="cycles"]');
      const state = await page.evaluate(() => (window as unknown as { __soakReport: { xMode: string; charts: Array<{ points: number }> } }).__soakReport);
      expect(state.xMode).toBe('cycles');
      expect(state.charts.every((c) => c.points > 0)).toBe(true);
      expect(await page.locator('#chart-heapUsed-client .u-legend .u-series').first().locator('.u-label').innerText()).toBe('cycle');
      // A new chart, zoomed out, spanning the cycles of the post-GC samples rather than seconds.
      const cycles = readFileSync(join(run.dir, 'samples.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((s) => s.postGc).map((s) => s.cycle as number);
      expect(await xRange()).toEqual({ min: Math.min(...cycles), max: Math.max(...cycles) });
      expect(await countPixels(page, 'heapUsed-client', HEAP_RGB)).toBeGreaterThan(100);
      await page.click('button[data-x-mode="time"]');
    });

    it('links every snapshot file in the folder, with the DevTools hint', async () => {
      const hrefs = await page.locator('#snapshot-files a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(summary.snapshots);
      expect(await page.locator('#snapshots .hint').innerText()).toContain('Open in Chrome DevTools → Memory → Load');
    });

    it('junit.xml is well-formed XML with one failing test case', async () => {
      const xml = readFileSync(join(run.dir, 'junit.xml'), 'utf8');
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        return {
          errors: doc.getElementsByTagName('parsererror').length,
          cases: doc.getElementsByTagName('testcase').length,
          failure: doc.querySelector('failure')?.getAttribute('message') ?? null,
        };
      }, xml);
      expect(parsed).toMatchObject({ errors: 0, cases: 1 });
      expect(parsed.failure).toMatch(/^leak: /);
    });

    it('saves a screenshot into the run folder', async () => {
      const path = join(run.dir, 'report-screenshot.png');
      await page.screenshot({ path, fullPage: true });
      // And one of the clean run's report, to compare the two by eye (WS_SOAK_SCREENSHOTS=dir keeps both).
      const cleanPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await cleanPage.goto(pathToFileURL(join(clean.dir, 'report.html')).href);
      await cleanPage.waitForFunction(() => (window as unknown as { __soakReport?: { ready: boolean } }).__soakReport?.ready === true, null, { timeout: 10_000 });
      await cleanPage.screenshot({ path: join(clean.dir, 'report-screenshot.png'), fullPage: true });
      await cleanPage.close();
      const keep = process.env.WS_SOAK_SCREENSHOTS;
      if (keep) {
        const { copyFileSync } = await import('node:fs');
        copyFileSync(path, join(keep, 'fail-report.png'));
        copyFileSync(join(clean.dir, 'report-screenshot.png'), join(keep, 'pass-report.png'));
      }
      const head = readFileSync(path).subarray(0, 8);
      expect(head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
      expect(statSync(path).size).toBeGreaterThan(20_000);
    });
  });
}
