/**
 * `ws-soak run --client ./my-client.mjs` (or `--server`): a scenario made from the flags, with
 * every other key at its default, so a module can be soaked without writing YAML. Module paths
 * are relative to the working folder; the module's own imports resolve from its own folder.
 */
import { basename, extname } from 'node:path';
import { SoakError } from '../errors.js';
import { assertModulesRunnable } from '../scenario/module-runtime.js';
import { resolveScenario } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';

/** How long a run made from flags lasts without `--duration` or `--cycles`. */
export const MODULE_RUN_DEFAULT_DURATION = '60s';

export interface ModuleRunFlags {
  client?: string;
  server?: string;
  duration?: string;
  cycles?: number;
}

/** The scenario for `--client`/`--server` (SOAK_SCENARIO_INVALID naming the flag's module when it is missing or unusable). */
export function scenarioForModules(flags: ModuleRunFlags): Scenario {
  const module = flags.client ?? flags.server;
  if (!module) throw new SoakError('SOAK_USAGE', 'name a scenario file, or a module with --client or --server');
  const underTest = flags.client && flags.server ? 'both' : flags.client ? 'client' : 'server';
  const raw: Record<string, unknown> = {
    name: basename(module, extname(module)),
    'under-test': underTest,
    ...(flags.duration === undefined && flags.cycles === undefined ? { duration: MODULE_RUN_DEFAULT_DURATION } : {}),
    ...(flags.duration === undefined ? {} : { duration: flags.duration }),
    ...(flags.cycles === undefined ? {} : { cycles: flags.cycles }),
    ...(flags.client ? { client: { module: flags.client } } : {}),
    ...(flags.server ? { server: { module: flags.server } } : {}),
  };
  const scenario = resolveScenario(raw, '');
  assertModulesRunnable(scenario, flags.client ? '--client' : '--server');
  return scenario;
}
