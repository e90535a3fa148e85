/**
 * `ws-soak report <run-dir>`: re-renders every report of an existing run folder (report.html,
 * junit.xml, summary.md, chart.txt) from its summary.json, samples.ndjson, scenario.json and
 * snapshots, so runs made by older versions get the current reports.
 */
import { join } from 'node:path';
import type { Summary } from '../analysis/summary.js';
import type { Evidence } from '../verdict/types.js';
import { describeReportFailure, writeReports } from '../report/write-reports.js';
import { readRunFolder } from './read-run-folder.js';

/** What `ws-soak report` did. */
export interface ReportCommandResult {
  dir: string;
  /** Files written, relative to the folder. */
  written: string[];
  warnings: string[];
  /** What to print: one line per file written. */
  text: string;
}

/**
 * summary.json of older versions has evidence without `rule`, `notJudged` and `retainerPath`
 * (its detail text still names a retainer path): fill them in, so the views can rely on them.
 */
function withEvidenceFields(summary: Summary): Summary {
  const processes = summary.processes.map((p) => ({
    ...p,
    evidence: p.evidence.map((e: Omit<Evidence, 'rule' | 'notJudged' | 'retainerPath'> & Partial<Evidence>) => ({
      ...e,
      rule: e.rule ?? '',
      notJudged: e.notJudged ?? false,
      retainerPath: e.retainerPath ?? null,
    })),
  }));
  return { ...summary, processes };
}

/** Reads the run folder (SoakError SOAK_RUN_DIR_INVALID when it is not one) and rewrites its reports. */
export function reportCommand(options: { dir: string }): ReportCommandResult {
  const folder = readRunFolder(options.dir);
  const { written, failed } = writeReports(folder.dir, withEvidenceFields(folder.summary), folder.samples, folder.scenario);
  const warnings = [...folder.warnings, ...failed.map(describeReportFailure)];
  const text = written.map((f) => `wrote ${join(folder.dir, f)}\n`).join('');
  return { dir: folder.dir, written, warnings, text };
}
