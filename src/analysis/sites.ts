/**
 * From what the sites phase recorded to each failing evidence's sites: the collections that grew
 * (by at least max(SITES_MIN_GROWTH, SITES_MIN_GROWTH_PER_CYCLE × the phase's cycles)) and matched
 * to the evidence by what they hold, then the lines that added to them, most entries first.
 */
import { SITES_MIN_GROWTH, SITES_MIN_GROWTH_PER_CYCLE, SITES_PER_EVIDENCE } from '../constants.js';
import { isNodeInternal, isPackageFrame, type GrowthSitesReport, type GrowthTarget, type RawFrame } from '../model/growth-sites.js';
import type { Evidence, EvidenceSite, SiteFrame } from '../verdict/types.js';
import { locate } from './source-location.js';

/** Collections whose kind a retainer path step names (`log: Array`, `sessions: Map`, `registry: Object`). */
function kindsInPath(path: string[] | null): Set<string> {
  const kinds = new Set<string>();
  for (const step of path ?? []) {
    const type = step.split(': ').pop() ?? '';
    if (type === 'Array' || type === 'Map' || type === 'Set' || type === 'Object') kinds.add(type);
  }
  return kinds;
}

/** The growing collections that explain `evidence`; empty when none does. */
export function matchTargets(evidence: Evidence, growing: GrowthTarget[]): GrowthTarget[] {
  const collections = growing.filter((t) => t.kind !== 'timers');
  if (evidence.kind === 'handles') return evidence.name === 'Timeout' ? growing.filter((t) => t.kind === 'timers') : [];
  if (evidence.kind === 'listeners') return growing.filter((t) => t.kind === 'listeners' && `${t.label} listeners` === evidence.name);
  if (evidence.kind === 'objects') {
    if (evidence.name === 'Timeout') return growing.filter((t) => t.kind === 'timers');
    const holding = collections.filter((t) => t.entryGroup === evidence.name);
    if (holding.length > 0) return holding;
    // Held through an emitter's listener list (`_events`): the listeners that grew, not an Array.
    if (evidence.retainerPath?.some((step) => step.startsWith('_events'))) {
      const held = collections.filter((t) => t.kind === 'listeners');
      if (held.length > 0) return held;
    }
    const kinds = kindsInPath(evidence.retainerPath);
    const byPath = collections.filter((t) => kinds.has(t.kind));
    if (byPath.length > 0) return byPath;
    // A group held by a listener (a closure's context) grows with the listener list.
    const listeners = collections.filter((t) => t.kind === 'listeners');
    return listeners.length > 0 ? listeners : collections;
  }
  // A heap trend has no type of its own: every collection that grew is a candidate.
  if (evidence.kind === 'trend') return growing;
  return [];
}

function toSiteFrame(frame: RawFrame): SiteFrame {
  return locate(frame);
}

/** The recorded stack from the first frame that is not Node's own up to the first outside node_modules. */
function userStack(frames: readonly RawFrame[]): RawFrame[] {
  const start = frames.findIndex((f) => !isNodeInternal(f));
  if (start < 0) return [];
  const out: RawFrame[] = [];
  for (const frame of frames.slice(start)) {
    if (isNodeInternal(frame)) continue;
    out.push(frame);
    if (!isPackageFrame(frame)) break;
  }
  return out;
}

/** The sites of `targets`, merged by place, most entries first, at most SITES_PER_EVIDENCE. */
export function sitesOf(targets: readonly GrowthTarget[]): EvidenceSite[] {
  const byPlace = new Map<string, EvidenceSite>();
  for (const target of targets) {
    for (const raw of target.sites) {
      const stack = userStack(raw.frames).map(toSiteFrame);
      const top = stack[0];
      if (!top) continue;
      const last = stack[stack.length - 1] as SiteFrame;
      const key = `${top.package ?? ''} ${top.file}:${top.line}:${top.column}`;
      const known = byPlace.get(key);
      if (known) {
        known.count += raw.count;
        continue;
      }
      const collection = target.kind === target.label ? target.kind : `${target.kind} ${target.label}`;
      byPlace.set(key, {
        ...top,
        count: raw.count,
        collection,
        ...(top.package && last !== top && !last.package && { calledFrom: last }),
        ...(stack.length > 1 && { stack }),
      });
    }
  }
  return [...byPlace.values()].sort((a, b) => b.count - a.count).slice(0, SITES_PER_EVIDENCE);
}

/** The collections that grew in the phase by enough to be a leak's. */
export function growingTargets(report: GrowthSitesReport | undefined, phaseCycles: number): GrowthTarget[] {
  const floor = Math.max(SITES_MIN_GROWTH, SITES_MIN_GROWTH_PER_CYCLE * phaseCycles);
  return (report?.targets ?? []).filter((t) => t.growth >= floor);
}
