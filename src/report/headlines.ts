/**
 * The plain-words headlines of a run's failing evidence (analysis/headline.ts wrote them), in the
 * order every view shows them first: those that name a line before those that do not, one per
 * line to change (or sentence, when no line is known).
 */
import type { Summary } from '../analysis/summary.js';
import { processName, type Evidence, type EvidenceSite, type RoleVerdict } from '../verdict/types.js';

/** Headlines shown before anything else in a view. */
export const LEAD_HEADLINES = 3;

function rank(e: Evidence): number {
  // A line to change beats a figure; a collection's own evidence beats the heap trend it explains.
  return (e.sites && e.sites.length > 0 ? 0 : 2) + (e.kind === 'trend' ? 1 : 0);
}

/** One process's headlines, best first, without repeats. */
export function processHeadlines(p: RoleVerdict): string[] {
  const failing = p.evidence.filter((e) => e.failing && e.headline);
  const sorted = failing.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i);
  // Several groups held by one collection (its entries, their strings) share one line to change: say it once.
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { e } of sorted) {
    const top = e.sites?.[0];
    const key = top ? `${top.package ?? ''} ${top.file}:${top.line}:${top.column}` : (e.headline as string);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e.headline as string);
  }
  return out;
}

/**
 * The run's lead headlines, with the process in front when more than one is under test: its label
 * for a cluster's worker (`server worker 2 (pid 1234): …`), since two workers share one role.
 */
export function leadHeadlines(summary: Pick<Summary, 'processes'>, max = LEAD_HEADLINES): string[] {
  const many = summary.processes.length > 1;
  return summary.processes.flatMap((p) => processHeadlines(p).map((h) => (many ? `${processName(p)}: ${h}` : h))).slice(0, max);
}

/** `client.mjs:12:5 in connect() (Array, 120 entries)`; inside a package, with the user frame that called it. */
export function siteText(site: EvidenceSite): string {
  const place = (f: { file: string; line: number; column: number; package?: string }): string => `${f.package ? `${f.package} ` : ''}${f.file}:${f.line}:${f.column}`;
  const via = site.calledFrom ? `, called from ${place(site.calledFrom)} in ${site.calledFrom.function}()` : '';
  return `${place(site)} in ${site.function}()${via} (${site.collection ?? 'entries'}: ${site.count} added)`;
}
