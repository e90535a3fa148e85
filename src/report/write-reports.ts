/**
 * Writes the people-facing reports of a run into its folder: report.html, junit.xml and
 * summary.md. Fails soft: a report that cannot be written becomes a warning, because the
 * verdict in summary.json stands without it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../analysis/summary.js';
import { writePrivateFile } from '../run-folder/write-run-folder.js';
import type { Sample } from '../model/sample.js';
import type { Scenario } from '../scenario/types.js';
import { renderHtmlReport } from './html-report.js';
import { renderJunit } from './junit.js';
import { renderSummaryMarkdown } from './summary-md.js';

/** The report files, in the order they are written. */
export const REPORT_FILES = ['report.html', 'junit.xml', 'summary.md'] as const;

function snapshotFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot')).sort();
  } catch {
    return [];
  }
}

/**
 * Writes report.html, junit.xml and summary.md into `runDir` (owner-only, like the rest of the
 * folder, replacing earlier versions). Returns one warning per report that could not be written.
 */
export function writeReports(runDir: string, summary: Summary, samples: Sample[], scenario: Scenario): string[] {
  const warnings: string[] = [];
  const renderers: Record<(typeof REPORT_FILES)[number], () => string> = {
    'report.html': () => renderHtmlReport({ summary, scenario, samples, snapshotFiles: snapshotFilesIn(runDir) }),
    'junit.xml': () => renderJunit(summary, scenario),
    'summary.md': () => renderSummaryMarkdown(summary, scenario, samples),
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
