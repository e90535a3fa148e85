/**
 * Writes the people-facing reports of a run into its folder: chart.txt, report.html, junit.xml
 * and summary.md. Fails soft: a report that cannot be drawn or written is listed as failed,
 * because the verdict in summary.json stands without it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { rolesUnderTest } from '../analysis/analyze.js';
import type { Summary } from '../analysis/summary.js';
import { writePrivateFile } from '../run/run-folder.js';
import type { Sample } from '../run/sample.js';
import type { Scenario } from '../scenario/types.js';
import { renderHtmlReport } from './html-report.js';
import { renderJunit } from './junit.js';
import { renderSummaryMarkdown } from './summary-md.js';
import { renderCharts } from './terminal-report.js';

/** The report files, in the order they are written. */
export const REPORT_FILES = ['chart.txt', 'report.html', 'junit.xml', 'summary.md'] as const;

/** One of REPORT_FILES. */
export type ReportFile = (typeof REPORT_FILES)[number];

/** A report that could not be drawn or written, and why. */
export interface ReportFailure {
  file: ReportFile;
  message: string;
}

/** What `writeReports` did. */
export interface ReportsWritten {
  /** Files written, relative to the run folder, in the order of REPORT_FILES. */
  written: ReportFile[];
  failed: ReportFailure[];
  /** The text of chart.txt (for the terminal too), or '' when it could not be drawn. */
  charts: string;
}

function snapshotFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot')).sort();
  } catch {
    return [];
  }
}

/** The warning line for a failed report: `could not write report.html: EACCES …`. */
export function describeReportFailure(f: ReportFailure): string {
  return `could not write ${f.file}: ${f.message}`;
}

/**
 * Writes every report into `runDir` (owner-only, like the rest of the folder, replacing earlier
 * versions). Returns what was written and what failed.
 */
export function writeReports(runDir: string, summary: Summary, samples: Sample[], scenario: Scenario): ReportsWritten {
  const result: ReportsWritten = { written: [], failed: [], charts: '' };
  const renderers: Record<ReportFile, () => string> = {
    'chart.txt': () => (result.charts = renderCharts(samples, rolesUnderTest({ scenario }))),
    'report.html': () => renderHtmlReport({ summary, scenario, samples, snapshotFiles: snapshotFilesIn(runDir) }),
    'junit.xml': () => renderJunit(summary, scenario),
    'summary.md': () => renderSummaryMarkdown(summary, scenario, samples),
  };
  for (const file of REPORT_FILES) {
    try {
      writePrivateFile(join(runDir, file), renderers[file]());
      result.written.push(file);
    } catch (error) {
      result.failed.push({ file, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}
