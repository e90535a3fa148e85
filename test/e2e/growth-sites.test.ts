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
const CAP = '90s';

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
    const headline = summary.processes[0]?.evidence.find((e) => e.kind === 'objects' && e.failing && e.sites?.length)?.headline ?? '';
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

  it("a leak in a CommonJS package's module scope: the path starts at the package's module file, the full one with --verbose", async () => {
    const { code, summary, stdout } = await soak('pkg-limiter.yaml', ['--verbose']);
    expect(code).toBe(1);
    const site = failingSites(summary).find((s) => s.package === 'tiny-deflate@6.2.2');
    expect(site).toMatchObject({ file: 'lib/permessage-deflate.js', line: 10 });
    expect(site?.calledFrom).toMatchObject({ line: 22, function: 'connect' });
    const jobs = summary.processes[0]?.evidence.find((e) => e.kind === 'objects' && e.failing && e.sites?.length)?.headline ?? '';
    expect(jobs).toContain('`zlibLimiter.jobs` (an Array at module scope of tiny-deflate/lib/permessage-deflate.js)');
    const held = summary.processes.flatMap((p) => p.evidence).filter((e) => e.failing && e.retainerShort);
    expect(held.map((e) => e.retainerShort)).toContain('tiny-deflate/lib/permessage-deflate.js › zlibLimiter.jobs');
    const evidence = held.find((e) => e.retainerShort === 'tiny-deflate/lib/permessage-deflate.js › zlibLimiter.jobs');
    expect(evidence?.detail).toContain('; held by tiny-deflate/lib/permessage-deflate.js › zlibLimiter.jobs');
    expect(evidence?.detail).not.toContain('(GC roots)');
    // The whole chain stays: in summary.json, and on the final screen with --verbose.
    expect(evidence?.retainerPath?.join(' → ')).toMatch(/: Module → .*zlibLimiter: Queue → jobs: Array/);
    expect(stdout).toMatch(/retainer path: .*zlibLimiter: Queue → jobs: Array/);
  }, 150_000);

  it('a plain object used as a map at module scope: the assignment line, through the Proxy in its prototype chain', async () => {
    const { code, summary } = await soak('object-registry.yaml');
    expect(code).toBe(1);
    const site = failingSites(summary).find((s) => s.collection === 'Object');
    expect(site).toMatchObject({ line: 26, function: 'connect' });
    expect(site?.file.endsWith('object-registry.mjs')).toBe(true);
    const headline = summary.processes[0]?.evidence.find((e) => e.kind === 'objects' && e.failing && e.sites?.length)?.headline ?? '';
    expect(headline).toContain('`sessions` (an object used as a map in ');
  }, 150_000);

  it('EventTarget listeners that pile up on a long-lived AbortSignal: the addEventListener line', async () => {
    const { code, summary } = await soak('abort-listeners.yaml');
    expect(code).toBe(1);
    const site = failingSites(summary).find((s) => s.collection === "listeners AbortSignal 'abort'");
    expect(site).toMatchObject({ line: 19, function: 'connect' });
    expect(site?.file.endsWith('abort-listeners.mjs')).toBe(true);
  }, 150_000);

  it('--no-sites: the same leak, no phase and no sites', async () => {
    const { code, summary } = await soak('dep-registry.yaml', ['--no-sites']);
    expect(code).toBe(1);
    expect(summary.sitesPhase).toBeUndefined();
    expect(failingSites(summary)).toEqual([]);
  }, 150_000);
});
