/**
 * Whether this Node.js can run the scenario's modules: a `.ts` module needs type stripping,
 * which Node gained in 22.6. Known from the file name alone, so it is a scenario error (exit 2)
 * before any process starts, not a start-up failure after the server is up.
 */
import type { Role, Scenario } from './types.js';
import { scenarioInvalidError } from './errors-format.js';

/** TypeScript module names: `.ts`, `.mts`, `.cts`. */
const TYPESCRIPT_MODULE = /\.[mc]?ts$/;

/** True when `version` (`v22.6.0`) runs `.ts` modules (`--experimental-strip-types`, Node ≥ 22.6). */
export function supportsTypeStripping(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 6);
}

/** One line per module this Node.js cannot run, naming the file, the key and what to do. */
export function moduleRuntimeProblems(scenario: Pick<Scenario, 'client' | 'server'>, where: string, version = process.version): string[] {
  if (supportsTypeStripping(version)) return [];
  const problems: string[] = [];
  for (const role of ['server', 'client'] as const satisfies readonly Role[]) {
    const module = scenario[role].module;
    if (!module || !TYPESCRIPT_MODULE.test(module)) continue;
    problems.push(
      `${where}: ${role}.module: ${module} is TypeScript, which needs Node.js 22.6 or later (this is ${version}); ` +
        `compile it to .js (e.g. with tsc) and point ${role}.module at the output, or run ws-soak on Node.js ≥ 22.6`,
    );
  }
  return problems;
}

/** Throws `SOAK_SCENARIO_INVALID` when this Node.js cannot run one of the scenario's modules. */
export function assertModulesRunnable(scenario: Pick<Scenario, 'client' | 'server'>, where: string, version = process.version): void {
  const problems = moduleRuntimeProblems(scenario, where, version);
  if (problems.length > 0) throw scenarioInvalidError(problems);
}
