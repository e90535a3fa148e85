/**
 * The nightly CI recipes in docs/ci: the YAML is valid and has the parts the recipe promises, and
 * their shell commands work when run locally, as two nights would run them: a clean night that
 * becomes the baseline, then a leaky night that fails and is reported as a regression.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { CLI, ROOT, tempDir } from '../helpers/run-cli.js';
import { writeShortScenario } from '../report/short-runs.js';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

function loadYaml(file: string): { doc: Record<string, any>; raw: string } {
  const raw = readFileSync(join(ROOT, 'docs', 'ci', file), 'utf8');
  const parsed = parseDocument(raw, { uniqueKeys: true, prettyErrors: true, strict: true });
  expect(parsed.errors.map(String)).toEqual([]);
  expect(parsed.warnings.map(String)).toEqual([]);
  return { doc: parsed.toJS() as Record<string, any>, raw };
}

const github = loadYaml('github-actions-nightly.yml');
const gitlab = loadYaml('gitlab-ci-nightly.yml');
const ghJob = github.doc.jobs.soak as { env: Record<string, string>; steps: Step[]; 'runs-on': string; 'timeout-minutes': number };
const ghStep = (name: string): Step => {
  const step = ghJob.steps.find((s) => s.name === name);
  expect(step, `step "${name}"`).toBeDefined();
  return step as Step;
};
const glJob = gitlab.doc['nightly-soak'] as Record<string, any>;

/** The recipe's commands call the installed `ws-soak`; here that is this checkout's build. */
const local = (script: string) => script.replace(/npx ws-soak /g, `"${process.execPath}" "${CLI}" `);

interface Shell {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script as the CI runners do: bash with errexit and pipefail. */
function bash(script: string, cwd: string, env: Record<string, string>): Promise<Shell> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', local(script)], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('docs/ci/github-actions-nightly.yml', () => {
  it('is a scheduled workflow that can also be started by hand', () => {
    const cron = github.doc.on.schedule[0].cron as string;
    const fields = cron.split(' ');
    expect(fields).toHaveLength(5);
    const ranges = [59, 23, 31, 12, 6];
    fields.forEach((f, i) => expect(f === '*' || (Number(f) >= 0 && Number(f) <= ranges[i]!)).toBe(true));
    expect(github.doc.on).toHaveProperty('workflow_dispatch');
    expect(ghJob['runs-on']).toBe('ubuntu-latest');
    expect(ghJob['timeout-minutes']).toBeGreaterThan(30);
  });

  it('uses only first-party actions pinned to a major version, and every step does one thing', () => {
    for (const step of ghJob.steps) {
      expect(Number(step.uses !== undefined) + Number(step.run !== undefined)).toBe(1);
      if (step.uses) expect(step.uses).toMatch(/^actions\/[a-z-]+(\/(save|restore))?@v\d+$/);
    }
    expect(github.raw.split('${{').length).toBe(github.raw.split('}}').length);
    const ids = new Set(ghJob.steps.map((s) => s.id).filter(Boolean));
    for (const ref of github.raw.match(/steps\.([a-z-]+)\./g) ?? []) expect(ids).toContain(ref.slice(6, -1));
  });

  it('soaks, compares, summarises, uploads without snapshots and keeps the baseline only on success', () => {
    expect(ghJob.env.SOAK_OUT).toBe('soak-run');
    expect(ghJob.env.SOAK_BASELINE).toBe('soak-baseline');
    expect(ghStep('Soak').run).toContain('ws-soak run "$SOAK_SCENARIO" --duration "$SOAK_DURATION" --out "$SOAK_OUT"');
    expect(ghStep('Compare with the last good run').if).toContain("hashFiles('soak-baseline/summary.json') != ''");
    expect(ghStep('Step summary').if).toBe('${{ always() }}');
    expect(ghStep('Step summary').run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const upload = ghStep('Upload the run folder');
    expect(upload.uses).toBe('actions/upload-artifact@v4');
    expect(upload.if).toBe('${{ always() }}');
    expect(String(upload.with?.path).split('\n')).toEqual(['soak-run/', '!soak-run/*.heapsnapshot', '']);
    expect(ghStep('Keep this run as the next baseline').if).toBe('${{ success() }}');
    expect(ghStep('Save the baseline').with?.key).toBe(ghStep('Restore the baseline').with?.key);
    expect(ghStep('Restore the baseline').with?.['restore-keys']).toBe('soak-baseline-');
  });
});

describe('docs/ci/gitlab-ci-nightly.yml', () => {
  it('runs on schedules, keeps artifacts of failed runs without snapshots, and reports junit', () => {
    expect(gitlab.doc.stages).toContain(glJob.stage);
    expect(glJob.rules).toContainEqual({ if: '$CI_PIPELINE_SOURCE == "schedule"' });
    expect(glJob.artifacts.when).toBe('always');
    expect(glJob.artifacts.paths).toEqual(['soak-run/']);
    expect(glJob.artifacts.exclude).toEqual(['soak-run/*.heapsnapshot']);
    expect(glJob.artifacts.reports.junit).toBe('soak-run/junit.xml');
    expect(glJob.cache[0]).toEqual({ key: 'soak-baseline', paths: ['soak-baseline/'] });
    expect(glJob.variables.SOAK_OUT).toBe('soak-run');
    expect(glJob.script).toHaveLength(2);
  });
});

describe('the recipes, run locally for two nights', () => {
  const base = tempDir('ws-soak-ci-');
  const clean = writeShortScenario(join(base, 'scenarios'), 'clean');
  const leaky = writeShortScenario(join(base, 'scenarios'), 'leaky');
  const gh = { night1: join(base, 'gh-1'), night2: join(base, 'gh-2') };
  const gl = join(base, 'gl');
  const results: Record<string, Shell> = {};
  const envFor = (dir: string, scenario: string, vars: Record<string, string>) => ({
    ...vars,
    SOAK_SCENARIO: scenario,
    // --duration replaces the scenario's bounds, as in the nightly job; long enough for a loaded machine.
    SOAK_DURATION: '12s',
    GITHUB_OUTPUT: join(dir, 'github-output'),
    GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md'),
  });
  const ghSteps = async (dir: string, scenario: string, key: string) => {
    mkdirSync(dir, { recursive: true });
    const env = envFor(dir, scenario, ghJob.env);
    results[`${key}:soak`] = await bash(ghStep('Soak').run!, dir, env);
    // `hashFiles('soak-baseline/summary.json') != ''`: the compare step runs only with a baseline.
    if (existsSync(join(dir, 'soak-baseline', 'summary.json'))) results[`${key}:compare`] = await bash(ghStep('Compare with the last good run').run!, dir, env);
    results[`${key}:summary`] = await bash(ghStep('Step summary').run!, dir, env);
    const failed = Object.entries(results).some(([k, r]) => k.startsWith(key) && r.code !== 0);
    if (!failed) results[`${key}:keep`] = await bash(ghStep('Keep this run as the next baseline').run!, dir, env);
  };
  const glNight = (scenario: string) => {
    mkdirSync(gl, { recursive: true });
    return bash(glJob.script[1], gl, envFor(gl, scenario, glJob.variables));
  };

  beforeAll(async () => {
    // Night 1: a clean loop, on both CI systems at once.
    let glResult: Shell;
    [, glResult] = await Promise.all([ghSteps(gh.night1, clean, 'gh1'), glNight(clean)]);
    results.gl1 = glResult;
    // Night 2: the cache brings back the baseline; the checkout is fresh (no soak-run).
    cpSync(join(gh.night1, 'soak-baseline'), join(gh.night2, 'soak-baseline'), { recursive: true });
    cpSync(join(gl, 'soak-run'), join(base, 'gl-night-1'), { recursive: true });
    const { rmSync } = await import('node:fs');
    rmSync(join(gl, 'soak-run'), { recursive: true });
    [, glResult] = await Promise.all([ghSteps(gh.night2, leaky, 'gh2'), glNight(leaky)]);
    results.gl2 = glResult;
  }, 180_000);

  it('GitHub, night 1: passes, writes the step summary, and becomes the baseline', () => {
    expect(results['gh1:soak']?.code).toBe(0);
    expect(results['gh1:compare']).toBeUndefined();
    expect(readFileSync(join(gh.night1, 'step-summary.md'), 'utf8')).toMatch(/^### ✅ ws-soak PASS: clean-short\n/);
    expect(results['gh1:keep']?.code).toBe(0);
    expect(readdirSync(join(gh.night1, 'soak-baseline')).sort()).toEqual(['samples.ndjson', 'scenario.json', 'summary.json']);
  });

  it('GitHub, night 2: the leak fails the soak and the comparison, and both reach the step summary', () => {
    expect(results['gh2:soak']?.code).toBe(1);
    expect(results['gh2:compare']?.code).toBe(1);
    expect(results['gh2:compare']?.stdout).toContain('result: REGRESSED');
    const summary = readFileSync(join(gh.night2, 'step-summary.md'), 'utf8');
    expect(summary).toMatch(/^### ❌ ws-soak FAIL: leaky-short\n/);
    expect(summary).toContain(`\n#### Compared with the last good run\n\n\`\`\`text\nbaseline  ${join(gh.night2, 'soak-baseline')}\n`);
    expect(summary).toContain('result: REGRESSED');
    expect(results['gh2:summary']?.code).toBe(0);
    expect(results['gh2:keep']).toBeUndefined();
  });

  it('GitLab: night 1 passes and saves the baseline; night 2 fails on the leak and the regression, keeping the old baseline', () => {
    expect(results.gl1?.code).toBe(0);
    expect(results.gl1?.stdout).toContain('no baseline yet: this run becomes the baseline if it passes');
    expect(existsSync(join(base, 'gl-night-1', 'junit.xml'))).toBe(true);
    expect(results.gl2?.code).toBe(1);
    expect(results.gl2?.stdout).toContain('result: REGRESSED');
    expect(readFileSync(join(gl, 'soak-run', 'compare.txt'), 'utf8')).toContain('result: REGRESSED');
    expect(readFileSync(join(gl, 'soak-run', 'junit.xml'), 'utf8')).toContain('<failure type="leak"');
    const baseline = JSON.parse(readFileSync(join(gl, 'soak-baseline', 'summary.json'), 'utf8'));
    expect(baseline.scenario).toBe('clean-short');
  });
});
