/**
 * Writes the people-facing reports of a run into its folder: report.html, junit.xml and
 * summary.md. Fails soft: a report that cannot be written becomes a warning, because the
 * verdict in summary.json stands without it.
 */
import { join } from 'node:path';
import type { Summary } from '../analysis/summary.js';
import { RUN_FILES, snapshotFilesIn } from '../run-folder/layout.js';
import { writePrivateFile } from '../run-folder/write-run-folder.js';
import type { Sample } from '../model/sample.js';
import type { Scenario } from '../scenario/types.js';
import { renderHtmlReport } from './html-report.js';
import { renderJunit } from './junit.js';
import { renderSummaryMarkdown } from './summary-md.js';

/** The report files, in the order they are written. */
export const REPORT_FILES = [RUN_FILES.reportHtml, RUN_FILES.junit, RUN_FILES.summaryMd] as const;

/**
 * Writes report.html, junit.xml and summary.md into `runDir` (owner-only, like the rest of the
 * folder, replacing earlier versions). Returns one warning per report that could not be written.
 */
export function writeReports(runDir: string, summary: Summary, samples: Sample[], scenario: Scenario): string[] {
  const warnings: string[] = [];
  const renderers: Record<(typeof REPORT_FILES)[number], () => string> = {
    [RUN_FILES.reportHtml]: () => renderHtmlReport({ summary, scenario, samples, snapshotFiles: snapshotFilesIn(runDir) }),
    [RUN_FILES.junit]: () => renderJunit(summary, scenario),
    [RUN_FILES.summaryMd]: () => renderSummaryMarkdown(summary, scenario, samples),
  };
  for (const file of REPORT_FILES) {
    try {
      writePrivateFile(join(runDir, file), renderers[file]());
    } catch (error) {
      warnings.push(`could not write ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return warnings;
}
