/**
 * Growth sites end to end (README "Growth sites"): short real soaks of a TypeScript client
 * (reported through its source map) and of a leak inside a dependency (named with its package and
 * version, and the user line that called it), and `--no-sites`. The JavaScript fixtures and a
 * clean one are checked by corpus-fast.test.ts (checkRun asserts their sites).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CorpusSummary } from '../corpus/corpus-manifest.js';
import { FIXTURES, runCli, tempDir } from '../helpers/run-cli.js';

const DIR = join(FIXTURES, 'sites');
/** As corpus-fast: enough judged cycles after the warm-up, with a time cap for a loaded machine. */
const CYCLES = '700';
const CAP = '45s';

async function soak(scenario: string, extra: string[] = []): Promise<{ code: number | null; out: string; summary: CorpusSummary; stdout: string }> {
  const out = join(tempDir('ws-soak-sites-'), 'run');
  const result = await runCli(['run', join(DIR, scenario), '--out', out, '--quiet', '--cycles', CYCLES, '--duration', CAP, ...extra], { timeoutMs: 120_000 });
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as CorpusSummary;
  return { code: result.code, out, summary, stdout: result.stdout };
}

const failingSites = (summary: CorpusSummary) => summary.processes.flatMap((p) => p.evidence.filter((e) => e.failing).flatMap((e) => e.sites ?? []));

describe('growth sites', () => {
  it('a TypeScript client: the site is the .ts line, through the source map next to the compiled .js', async () => {
    const { code, summary, stdout } = await soak('ts-history.yaml');
    expect(code).toBe(1);
    const sites = failingSites(summary);
    // ts-history.js has the push at line 17; the source says line 33.
    expect(sites.some((s) => s.file.endsWith('ts-history.ts') && s.line === 33 && s.function === 'connect')).toBe(true);
    expect(sites.some((s) => s.file.endsWith('.js'))).toBe(false);
    const headline = summary.processes[0]?.evidence.find((e) => e.failing && e.sites?.length)?.headline ?? '';
    expect(headline).toContain('`attempts` (an Array in ');
    expect(headline).toContain('ts-history.ts:33:');
    // The headline comes first on the final screen.
    expect(stdout).toMatch(/^ {2}✗ `attempts`/m);
    expect(summary.sitesPhase?.cycles).toBeGreaterThan(0);
  }, 150_000);

  it('a leak inside a dependency: the package file with name@version, and the user line that called it', async () => {
    const { code, out, summary } = await soak('dep-registry.yaml');
    expect(code).toBe(1);
    const site = failingSites(summary).find((s) => s.package === 'tiny-registry@1.2.3');
    expect(site).toMatchObject({ file: 'index.js', line: 6, function: 'register' });
    expect(site?.calledFrom).toMatchObject({ line: 18, function: 'connect' });
    expect(site?.calledFrom?.file.endsWith('dep-registry.mjs')).toBe(true);
    // Headline first in summary.md, the HTML banner and the JUnit failure message.
    const md = readFileSync(join(out, 'summary.md'), 'utf8').split('\n');
    expect(md[2]).toContain('tiny-registry@1.2.3 index.js:6:');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/id="verdict-banner"[^]*?<ul class="headlines"><li>[^<]*tiny-registry@1\.2\.3 index\.js:6:/);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<failure type="leak" message="leak: [^"]*tiny-registry@1\.2\.3 index\.js:6:[^"]*called from [^"]*dep-registry\.mjs:18:/);
  }, 150_000);

  it('--no-sites: the same leak, no phase and no sites', async () => {
    const { code, summary } = await soak('dep-registry.yaml', ['--no-sites']);
    expect(code).toBe(1);
    expect(summary.sitesPhase).toBeUndefined();
    expect(failingSites(summary)).toEqual([]);
  }, 150_000);
});
