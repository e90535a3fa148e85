/**
 * Writes the people-facing reports of a run into its folder: chart.txt, report.html, junit.xml
 * and summary.md. Fails soft: a report that cannot be drawn or written is listed as failed,
 * because the verdict in summary.json stands without it.
 */
import { join } from 'node:path';
import { rolesUnderTest } from '../analysis/analyze.js';
import type { Summary } from '../analysis/summary.js';
import { RUN_FILES, snapshotFilesIn } from '../run-folder/layout.js';
import { writePrivateFile } from '../run-folder/write-run-folder.js';
import type { Sample } from '../model/sample.js';
import type { Scenario } from '../scenario/types.js';
import { renderHtmlReport } from './html-report.js';
import { renderJunit } from './junit.js';
import { renderSummaryMarkdown } from './summary-md.js';
import { renderCharts } from './terminal-chart.js';

/** The report files, in the order they are written. */
export const REPORT_FILES = [RUN_FILES.chart, RUN_FILES.reportHtml, RUN_FILES.junit, RUN_FILES.summaryMd] as const;

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
    [RUN_FILES.chart]: () => (result.charts = renderCharts(samples, summary, rolesUnderTest({ scenario }), scenario.verdict.maxGrowthPerCycle)),
    [RUN_FILES.reportHtml]: () => renderHtmlReport({ summary, scenario, samples, snapshotFiles: snapshotFilesIn(runDir) }),
    [RUN_FILES.junit]: () => renderJunit(summary, scenario),
    [RUN_FILES.summaryMd]: () => renderSummaryMarkdown(summary, scenario, samples),
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
