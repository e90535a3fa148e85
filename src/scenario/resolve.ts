/**
 * From parsed file contents to a `Scenario`: validate, fill defaults, convert units, and resolve
 * module paths against the scenario file's folder.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { describeIssues, scenarioInvalidError, showValue } from './errors-format.js';
import { modulePathField } from './field-types.js';
import { scenarioFileSchema, type ScenarioFile } from './schema.js';
import { resolveCommand } from './command-fields.js';
import { attachUnderTest, DEFAULT_INSPECTOR_PORT } from './attach-fields.js';
import type { AttachTarget, Role, Scenario } from './types.js';

/** How a scenario built in code (no file) is named in messages and by default. */
const NO_FILE_LABEL = 'scenario';

const modulePath = modulePathField();

/** The folder module paths are relative to: the scenario file's, or the working folder. */
function baseFolder(file: string): string {
  return file === '' ? process.cwd() : path.dirname(path.resolve(file));
}

/**
 * Resolves `<role>.module` and checks that the file exists. Returns the absolute path (null when
 * unset or unusable) and adds a line to `problems` when it is missing or not a file.
 */
function resolveModule(
  raw: Record<string, unknown>,
  role: Role,
  file: string,
  where: string,
  problems: string[],
): string | null {
  const section = raw[role];
  const written =
    typeof section === 'object' && section !== null ? (section as Record<string, unknown>)['module'] : undefined;
  // A non-string or a wrong extension is already reported by the schema.
  if (typeof written !== 'string' || !modulePath.safeParse(written).success) return null;
  const absolute = path.resolve(baseFolder(file), written);
  const key = `${role}.module`;
  try {
    if (!statSync(absolute).isFile()) {
      problems.push(`${where}: ${key}: expected a module file, got a folder: ${absolute}`);
      return null;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `${where}: ${key}: cannot find ${JSON.stringify(written)} (looked for ${absolute})`
        : `${where}: ${key}: cannot read ${absolute} (${code ?? String(error)})`,
    );
    return null;
  }
  return absolute;
}

/** What a top-level value that is not a mapping is, in words. */
function describeNonMapping(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  return showValue(value);
}

/** Maps the validated file onto the `Scenario` shape (camelCase keys, unit-suffixed names). */
/** `server.attach` as the run uses it. */
function toAttachTarget(attach: ScenarioFile['server']['attach']): AttachTarget | null {
  if (!attach) return null;
  if (attach.pid !== undefined) return { kind: 'pid', pid: attach.pid, port: attach.port ?? DEFAULT_INSPECTOR_PORT };
  const text = attach.inspector ?? '';
  const colon = text.lastIndexOf(':');
  return { kind: 'inspector', host: text.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(text.slice(colon + 1)) };
}

function toScenario(data: ScenarioFile, file: string, modules: Record<Role, string | null>, attachDefault: 'server' | null): Scenario {
  const { sample, snapshots, server, client, disconnect, traffic, proxy, load, verdict } = data;
  return {
    file: file === '' ? '' : path.resolve(file),
    name: data.name ?? (file === '' ? NO_FILE_LABEL : path.parse(file).name),
    description: data.description,
    durationMs: data.duration ?? null,
    cycles: data.cycles ?? null,
    warmup: data.warmup,
    underTest: attachDefault ?? data['under-test'],
    sample: { intervalMs: sample.interval, gc: sample.gc, gcEveryMs: sample.gcEvery ?? null },
    snapshots: {
      enabled: snapshots.enabled,
      everyMs: snapshots.every ?? null,
      atCycles: snapshots.atCycles ?? null,
      keep: snapshots.keep,
      maxBytes: snapshots.maxBytes ?? null,
      engine: snapshots.engine,
    },
    server: {
      module: modules.server,
      command: resolveCommand(server, baseFolder(file)),
      path: server.path,
      host: server.host,
      port: server.port,
      startTimeoutMs: server.startTimeout,
      tls: server.tls,
      attach: toAttachTarget(server.attach),
      url: server.url ?? null,
    },
    client: {
      module: modules.client,
      command: resolveCommand(client, baseFolder(file)),
      count: client.count,
      heartbeat: client.heartbeat.enabled
        ? { intervalMs: client.heartbeat.interval, timeoutMs: client.heartbeat.timeout }
        : null,
      backoff: {
        initialMs: client.backoff.initial,
        maxMs: client.backoff.max,
        factor: client.backoff.factor,
        jitter: client.backoff.jitter,
      },
    },
    disconnect: {
      mode: disconnect.mode,
      afterMs: disconnect.after,
      afterMessages: disconnect.afterMessages ?? null,
      jitterMs: disconnect.jitter,
      reason: disconnect.reason,
      rejectShare: disconnect.rejectShare,
      retryAfterS: disconnect.retryAfter ?? null,
      restartDelayMs: disconnect.restartDelay,
    },
    proxy: proxy.idleTimeout === undefined ? null : { idleTimeoutMs: proxy.idleTimeout },
    traffic: {
      messages: traffic.messages,
      clientMessages: traffic.clientMessages,
      sizeBytes: traffic.size,
      binary: traffic.binary,
      burst: traffic.burst,
      ratePerSecond: traffic.rate,
      perMessageDeflate: traffic.perMessageDeflate,
    },
    load: { processes: load.processes },
    verdict: {
      maxGrowthPerCycle: verdict.maxGrowthPerCycle,
      maxGrowth: verdict.maxGrowth ?? null,
      minCycles: verdict.minCycles,
    },
  };
}

/**
 * Validates parsed scenario contents and returns the resolved `Scenario`.
 *
 * @param raw - the file's contents as parsed from YAML/JSON (or built in code)
 * @param file - the scenario file as the user gave it; used in messages, for the default name and
 *   as the base for module paths ('' for a scenario built in code: paths are relative to the cwd)
 * @throws SoakError `SOAK_SCENARIO_INVALID` listing every problem found (up to 10), one per line
 */
export function resolveScenario(raw: unknown, file: string): Scenario {
  const where = file === '' ? NO_FILE_LABEL : file;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw scenarioInvalidError([
      `${where}: expected a mapping of scenario keys such as "duration: 60s", got ${describeNonMapping(raw)}`,
    ]);
  }
  const mapping = raw as Record<string, unknown>;
  const result = scenarioFileSchema.safeParse(mapping, { reportInput: true });
  const problems = result.success ? [] : describeIssues(result.error.issues, scenarioFileSchema, where);
  const modules: Record<Role, string | null> = {
    server: resolveModule(mapping, 'server', file, where, problems),
    client: resolveModule(mapping, 'client', file, where, problems),
  };
  const attachDefault = attachUnderTest(mapping, where, problems);
  if (!result.success || problems.length > 0) throw scenarioInvalidError(problems);
  return toScenario(result.data, file, modules, attachDefault);
}
