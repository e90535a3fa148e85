/**
 * `ws-soak diff <run folder>` also says where the run's leak is added: the headline and growth
 * sites of each failing evidence, from the folder's summary.json (README "Growth sites"). Snapshots
 * alone cannot say it: the sites come from the run's sites phase.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../analysis/summary.js';
import { siteText } from '../report/headlines.js';
import { RUN_FILES } from '../run-folder/layout.js';
import type { EvidenceSite } from '../verdict/types.js';

export interface RunSites {
  folder: string;
  role: string;
  evidence: string;
  headline: string | null;
  sites: EvidenceSite[];
}

function summaryOf(folder: string): Summary | null {
  try {
    if (!statSync(folder).isDirectory()) return null;
    return JSON.parse(readFileSync(join(folder, RUN_FILES.summary), 'utf8')) as Summary;
  } catch {
    // Not a run folder, or one without a readable summary: the diff goes on without sites.
    return null;
  }
}

/** The failing evidence with sites or a headline, of every run folder among `args`. */
export function runFolderSites(args: readonly string[]): RunSites[] {
  const out: RunSites[] = [];
  for (const folder of args) {
    const summary = summaryOf(folder);
    // A summary of another version, or written by hand, may lack any of these: no sites then.
    const processes = Array.isArray(summary?.processes) ? summary.processes : [];
    for (const p of processes) {
      for (const e of Array.isArray(p?.evidence) ? p.evidence : []) {
        if (!e.failing || (!e.headline && !e.sites?.length)) continue;
        out.push({ folder, role: p.role, evidence: `${e.kind} ${e.name}`, headline: e.headline ?? null, sites: e.sites ?? [] });
      }
    }
  }
  return out;
}

/** The text section for the diff's output; empty when the folders recorded no sites. */
export function formatRunSites(items: readonly RunSites[]): string {
  if (items.length === 0) return '';
  const lines = ['Where it grows (the run\'s sites phase; summary.json):'];
  for (const item of items) {
    lines.push(`  ${item.role} ${item.evidence}: ${item.headline ?? ''}`.trimEnd());
    for (const site of item.sites) lines.push(`      at ${siteText(site)}`);
    if (item.sites.length === 0) lines.push('      (no growing collection matched; the run may have used --no-sites)');
  }
  return lines.join('\n');
}
