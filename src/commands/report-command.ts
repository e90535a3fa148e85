/**
 * `ws-soak report <run-dir>`: re-renders every report of an existing run folder (report.html,
 * junit.xml, summary.md, chart.txt) from its summary.json, samples.ndjson, scenario.json and
 * snapshots, so runs made by older versions get the current reports.
 */
import { join } from 'node:path';
import { rolesUnderTest } from '../analysis/analyze.js';
import { renderCharts } from '../report/terminal-report.js';
import { REPORT_FILES, writeReports } from '../report/write-reports.js';
import { readRunFolder } from './read-run-folder.js';
import { RUN_FILES } from '../run-folder/layout.js';
import { writePrivateFile } from '../run-folder/write-run-folder.js';

/** What `ws-soak report` did. */
export interface ReportCommandResult {
  dir: string;
  /** Files written, relative to the folder. */
  written: string[];
  warnings: string[];
  /** What to print: one line per file written. */
  text: string;
}

/** Reads the run folder (SoakError SOAK_RUN_DIR_INVALID when it is not one) and rewrites its reports. */
export function reportCommand(options: { dir: string }): ReportCommandResult {
  const folder = readRunFolder(options.dir);
  const warnings = [...folder.warnings];
  const written: string[] = [];
  try {
    writePrivateFile(join(folder.dir, RUN_FILES.chart), renderCharts(folder.samples, rolesUnderTest({ scenario: folder.scenario })));
    written.push(RUN_FILES.chart);
  } catch (error) {
    warnings.push(`could not write ${RUN_FILES.chart}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const failed = writeReports(folder.dir, folder.summary, folder.samples, folder.scenario);
  warnings.push(...failed);
  for (const file of REPORT_FILES) if (!failed.some((w) => w.includes(` ${file}:`))) written.push(file);
  const text = written.map((f) => `wrote ${join(folder.dir, f)}\n`).join('');
  return { dir: folder.dir, written, warnings, text };
}
