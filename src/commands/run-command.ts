/**
 * `ws-soak run <scenario>`: scenario → run → samples and snapshots → analysis → reports.
 * Returns the summary and the texts to show; printing and exiting belong to src/cli.ts.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeRun, rolesUnderTest, type ObjectGroupsByKey } from '../analysis/analyze.js';
import { snapshotSets } from '../analysis/process-inputs.js';
import type { Summary } from '../analysis/summary.js';
import { watchForVerdict } from '../analysis/early-verdict.js';
import { analyzeObjectGroups } from '../analysis/object-groups.js';
import { attachProvisionalJudge } from '../analysis/provisional-judge.js';
import { leakFound, type EarlyObjects } from '../analysis/sites-wanted.js';
import { formatSeconds } from '../format/units.js';
import type { Scenario } from '../scenario/types.js';
import { isSoakError } from '../errors.js';
import { attachLiveView } from '../report/live-view.js';
import { attachProgressLines } from '../report/progress-lines.js';
import { renderCharts } from '../report/terminal-chart.js';
import { renderFinalScreen } from '../report/terminal-report.js';
import { PLAIN_STYLE, type TerminalStyle } from '../report/terminal-style.js';
import { describeReportFailure, writeReports } from '../report/write-reports.js';
import { nonLoopbackWarning } from '../run/host-check.js';
import { SoakRun } from '../run/run.js';
import { RUN_FILES } from '../run-folder/layout.js';
import { releaseSpace } from '../run-folder/disk-full.js';
import { writePrivateFile } from '../run-folder/write-run-folder.js';
import type { RunRecord } from '../model/run-record.js';
import { applyOverrides, loadScenario } from '../scenario/load.js';
import { withAttachPid } from '../scenario/attach-fields.js';
import { SoakError } from '../errors.js';
import { scenarioForModules } from './module-scenario.js';

export interface RunCommandOptions {
  /** The scenario file; or none, with `client`/`server` modules (see module-scenario.ts). */
  scenario?: string;
  /** A scenario already resolved (the programmatic API's inline scenario); takes the place of `scenario`. */
  resolved?: Scenario;
  /** Soak this client module without a scenario file. */
  client?: string;
  /** Soak this server module without a scenario file. */
  server?: string;
  /** `--attach PID`: soak this running Node process (the scenario's server.attach.pid). */
  attach?: number;
  duration?: string;
  cycles?: number;
  out?: string;
  snapshots: boolean;
  /** Find where a leak's collections grow (a short phase after a failing run); default true. */
  sites?: boolean;
  quiet: boolean;
  /** `--verbose`: the final screen shows each retainer path in full, from the GC roots. */
  verbose?: boolean;
  /** End the run as soon as a leak is settled. */
  untilVerdict?: boolean;
  reportsDir: string;
  /** Where people-facing progress goes (stderr). */
  progress: (text: string) => void;
  /** Called once the run has started, so signals can stop it. */
  onRun?: (run: SoakRun) => void;
  /** Width and colour of the terminal the final screen goes to (default: plain, 100 columns). */
  style?: TerminalStyle;
  /** The final screen goes to the terminal the live view draws on: the last frame is erased for it. */
  replaceLiveFrame?: boolean;
}

export interface RunCommandResult {
  summary: Summary;
  /** The run folder, or null when nothing was measured and the empty folder was removed. */
  dir: string | null;
  /** Charts and verdict, for the terminal. */
  text: string;
  warnings: string[];
}

export async function runCommand(options: RunCommandOptions): Promise<RunCommandResult> {
  if (options.scenario && (options.client || options.server)) {
    throw new SoakError('SOAK_USAGE', `give a scenario file or --client/--server, not both (to soak your module with ${options.scenario}'s settings, set client.module or server.module in it)`);
  }
  const attach = attachPid(options);
  const loaded =
    options.resolved ??
    (options.scenario ? await loadScenario(options.scenario, attach === null ? undefined : (raw) => withAttachPid(raw, attach)) : scenarioForModules(options));
  const scenario = applyOverrides(loaded, {
    duration: options.duration,
    cycles: options.cycles,
    snapshots: options.snapshots ? undefined : false,
  });
  const hostWarning = nonLoopbackWarning(scenario.server.host);
  if (hostWarning) options.progress(`ws-soak: warning: ${hostWarning}\n`);
  // The object groups the sites decision read, reused by the final analysis when no snapshot came after.
  let early: EarlyObjects | null = null;
  const run: SoakRun = new SoakRun({
    scenario,
    out: options.out,
    reportsDir: options.reportsDir,
    ...(options.sites !== false && { wantsSites: (progress) => leakFound(run.dir, progress, (objects) => (early = objects)) }),
  });
  options.onRun?.(run);
  const warnings: string[] = [];
  run.on('warning', (w) => warnings.push(w));
  // A terminal gets the live view redrawn in place; logs and CI get plain lines.
  const live = !options.quiet && process.stderr.isTTY === true;
  // One provisional judge for both readers, attached first so its last judgement comes before the last frame.
  if (live || options.untilVerdict) attachProvisionalJudge(run);
  if (live) attachLiveView(run, process.stderr, { clearOnDone: options.replaceLiveFrame === true });
  else if (!options.quiet) attachProgressLines(run, options.progress);
  let verdictAtMs: number | null = null;
  let settledLine = '';
  if (options.untilVerdict) {
    watchForVerdict(run, (atMs, reason) => {
      verdictAtMs = atMs;
      settledLine = `  leak settled after ${formatSeconds(atMs)} (--until-verdict): ${reason}\n`;
      run.stop('verdict');
    });
  }

  const record = await run.run();
  // Said once the views are done: a line written mid-run would be drawn over by the live view's last frame.
  if (settledLine && !options.quiet) options.progress(settledLine);
  const summary = await judgeRun(run.dir, record, verdictAtMs, warnings, early);
  const style = options.style ?? PLAIN_STYLE;
  if (record.samples.length === 0 && summary.error && !options.out) {
    // Nothing was measured (a module that cannot load, a server that never starts): an empty
    // timestamped folder helps no one, and the error says it all, once. A folder named with
    // --out is kept, with summary.json, for the CI step that reads it.
    rmSync(run.dir, { recursive: true, force: true });
    return { summary, dir: null, text: renderFinalScreen(summary, null, style, undefined, { fullPaths: options.verbose === true }), warnings };
  }
  // summary.json is prepared in memory and written last: the reports may fill what is left of a full
  // disk, the reserve then makes room for the verdict, and the rename makes it appear whole or not at all.
  const summaryText = JSON.stringify(summary, null, 2) + '\n';
  const diskFull = record.error?.code === 'SOAK_DISK_FULL';
  let reportHtml: string | null = null;
  if (diskFull) {
    // On a full disk the reports would take the summary's room: it comes first, they can follow later.
    warnings.push(`the reports were not written (the disk is full); once there is room: ws-soak report ${run.dir}`);
  } else {
    // Optional output fails soft: the verdict still stands without a chart or a report.
    const reports = writeReports(run.dir, summary, record.samples, record.scenario);
    warnings.push(...reports.failed.map(describeReportFailure));
    if (reports.written.includes(RUN_FILES.reportHtml)) reportHtml = join(run.dir, RUN_FILES.reportHtml);
  }
  releaseSpace(run.dir);
  const written = writeSummary(run.dir, summary, summaryText);
  const roles = rolesUnderTest(record);
  // The same charts as chart.txt, fitted to the terminal's width; drawing them needs no disk.
  let charts = '';
  try {
    charts = renderCharts(record.samples, written, roles, record.scenario.verdict.maxGrowthPerCycle, style.columns);
  } catch {
    // Optional output fails soft; writeReports has said why chart.txt could not be drawn.
  }
  const paths = {
    dir: run.dir,
    reportHtml,
    diffable: roles.some((role) => record.snapshots.filter((s) => s.role === role).length >= 2),
  };
  const text = `${charts ? `${charts}\n` : ''}${renderFinalScreen(written, paths, style, undefined, { fullPaths: options.verbose === true })}`;
  return { summary: written, dir: run.dir, text, warnings };
}

/**
 * Writes summary.json; when even that fails, the run is an error whatever its verdict was (a CI gate
 * must not pass a run that left no verdict), and the returned summary says why.
 */
function writeSummary(dir: string, summary: Summary, text: string): Summary {
  try {
    writePrivateFile(join(dir, RUN_FILES.summary), text);
    return summary;
  } catch (error) {
    const code = isSoakError(error) ? error.code : 'SOAK_INTERNAL';
    const message = `${RUN_FILES.summary} could not be written: ${error instanceof Error ? error.message : String(error)}`;
    return { ...summary, verdict: 'error', reason: message, error: { code, message } };
  }
}

/**
 * The analysis of a finished run. A failure in it (a snapshot that cannot be read back, a bug) still
 * gives a summary: the run's error, or SOAK_INTERNAL saying what broke, judged without object groups.
 */
async function judgeRun(dir: string, record: RunRecord, verdictAtMs: number | null, warnings: string[], early: EarlyObjects | null): Promise<Summary> {
  try {
    const objectGroups: ObjectGroupsByKey = {};
    // One series per process judged on its own (a cluster's workers each have their own snapshots).
    for (const { key, snapshots } of snapshotSets(rolesUnderTest(record), record.samples, record.snapshots)) {
      const reuse = early && early.snapshots.length === record.snapshots.length ? early.byKey[key] : undefined;
      const objects = reuse ?? (await analyzeObjectGroups(dir, snapshots));
      objectGroups[key] = objects.groups;
      warnings.push(...objects.warnings);
    }
    return analyzeRun(record, objectGroups, verdictAtMs);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    record.error ??= { code: 'SOAK_INTERNAL', message: `the analysis failed: ${message}. This is a bug in ws-soak; the samples are kept` };
    return analyzeRun(record, {}, verdictAtMs);
  }
}

/** `--attach PID`, checked: it goes with a scenario file (which gives server.url), never with --client/--server. */
function attachPid(options: RunCommandOptions): number | null {
  if (options.attach === undefined) return null;
  const pid = options.attach;
  if (!Number.isInteger(pid) || pid < 1) throw new SoakError('SOAK_USAGE', `--attach: expected the pid of a running Node.js process (a whole number), got ${String(pid)}`);
  if (!options.scenario || options.client || options.server) {
    throw new SoakError('SOAK_USAGE', '--attach needs a scenario file that gives server.url (the attached server\'s WebSocket endpoint), and goes without --client/--server: ws-soak run scenario.yaml --attach PID');
  }
  return pid;
}
