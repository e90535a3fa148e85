/**
 * What a run folder holds and what each file is called: the one owner of these names, for the run
 * that writes them, the commands that read them back and the reports that link them.
 */
import { readdirSync } from 'node:fs';
import type { Role } from '../scenario/types.js';

/** The fixed files of a run folder. */
export const RUN_FILES = {
  /** The resolved scenario, as the run used it. */
  scenario: 'scenario.json',
  /** Every sample, one JSON object per line, appended as it arrives. */
  samples: 'samples.ndjson',
  /** The verdict and the figures behind it (the analysis's Summary). */
  summary: 'summary.json',
  reportHtml: 'report.html',
  junit: 'junit.xml',
  summaryMd: 'summary.md',
  /** The terminal charts, as text. */
  chart: 'chart.txt',
} as const;

/** How heap snapshot files end. */
export const SNAPSHOT_EXTENSION = '.heapsnapshot';

/** The cycle count in a snapshot name: ws-soak's `-c<cycle>`, or `cycle-<n>` as other tools name them. */
const SNAPSHOT_CYCLE = /(?:-c|cycle-)(\d+)\.heapsnapshot$/;

/** The stdout and stderr of a child process of the run. */
export function logFileName(role: Role): string {
  return `${role}.log`;
}

/** `client-3-c1200.heapsnapshot`: the third snapshot of the client, taken at cycle 1200. */
export function snapshotFileName(role: Role, seq: number, cycle: number): string {
  return `${role}-${seq}-c${cycle}${SNAPSHOT_EXTENSION}`;
}

/** The cycle a snapshot file name records, or null when it records none. */
export function cycleInSnapshotName(file: string): number | null {
  const match = SNAPSHOT_CYCLE.exec(file);
  return match ? Number(match[1]) : null;
}

/** The heap snapshot files in `dir`, sorted by name; none when the folder cannot be read. */
export function snapshotFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(SNAPSHOT_EXTENSION)).sort();
  } catch {
    return [];
  }
}
