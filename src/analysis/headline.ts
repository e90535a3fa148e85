/**
 * One plain sentence per failing evidence: what grows, where it lives, how fast, and where it is
 * added, e.g. "`log` (an Array in client.mjs) gains 4 entries per cycle (ReceivedMessage
 * +4.0/cycle; heap +512 B/cycle), added at client.mjs:32:41 in `connect()`".
 */
import { formatSignedCount, formatSignedRate } from '../format/units.js';
import type { GrowthTargetKind } from '../model/growth-sites.js';
import type { Evidence, EvidenceSite } from '../verdict/types.js';
import { formatLocation } from './source-location.js';

export interface HeadlineFacts {
  sites: EvidenceSite[];
  /** The growing collection the sites belong to, with its entries per cycle of the sites phase. */
  collection: { kind: GrowthTargetKind; label: string; perCycle: number | null } | null;
  /** The process's judged heap growth, bytes per cycle. */
  heapPerCycle: number | null;
}

/** Labels of a retainer path that are containers, not the user's names: the path to show starts after the last of them. */
const CONTAINER_STEP = /^(\(GC roots\)|\(Stack roots\)|\(Global handles\)|\(Handle scope\)|global|globalThis|context|system \/ Context|Module|exports|module|\(module |\[\d+\]|\(internal|.*: (Window|global|Object \/ global)|.*: system \/ Context)/;

/**
 * The short form of a retainer path when its steps name no module (heap/path-anchor.ts found none):
 * from the user's variable on, or null when the path is nothing but roots and slots
 * (`(GC roots) → (Stack roots) → [72]: Array`), which reads best in full.
 */
export function fallbackShortPath(path: readonly string[]): string | null {
  const short = shortRetainerPath(path);
  if (short.length === 0 || short.length === path.length || /^[([]/.test(short[0] as string)) return null;
  return short.join(' › ');
}

/**
 * A retainer path from the user's variable (or the package's module) on: `log: Array → [189] → text`,
 * not `(GC roots) → … → context → log: Array → …`. The full path stays in summary.json.
 */
export function shortRetainerPath(path: readonly string[]): string[] {
  // The variable is the first step, from the end of the path backwards, that follows a container step.
  let start = 0;
  for (let i = path.length - 2; i >= 0; i--) {
    if (CONTAINER_STEP.test(path[i] as string) && !CONTAINER_STEP.test(path[i + 1] as string)) {
      start = i + 1;
      break;
    }
  }
  return path.slice(start);
}

/** The user's name for the collection: the retainer path's step of that type (`log: Array` → `log`). */
function variableName(path: readonly string[] | null, kind: GrowthTargetKind): string | null {
  if (!path || kind === 'listeners' || kind === 'timers') return null;
  for (const step of path) {
    const [name, type] = step.split(': ');
    if (type === kind && name && !/^\[\d+\]$/.test(name)) return name;
  }
  return null;
}

/** How a collection's kind reads: a plain object is `an object used as a map`. */
function kindWords(kind: GrowthTargetKind): string {
  return kind === 'Object' ? 'an object used as a map' : `${article(kind)} ${kind}`;
}

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a';
}

function inFunction(name: string): string {
  return name === '(anonymous)' ? 'in an anonymous function' : `in \`${name}()\``;
}

function where(site: EvidenceSite): string {
  const at = `added at ${formatLocation(site)} ${inFunction(site.function)}`;
  return site.calledFrom ? `${at}, called from ${formatLocation(site.calledFrom)} ${inFunction(site.calledFrom.function)}` : at;
}

const unsigned = (text: string): string => text.replace(/^\+/, '');

function subject(evidence: Evidence, facts: HeadlineFacts, siteFile: string | null): string {
  const c = facts.collection;
  if (evidence.kind === 'trend') return `post-GC ${evidence.name}`;
  if (evidence.kind === 'handles' || (c?.kind === 'timers' && evidence.name === 'Timeout')) return `${evidence.name} handles (timers never cleared)`;
  if (evidence.kind === 'listeners') return evidence.name;
  if (c && c.kind !== 'timers' && c.kind !== 'listeners') {
    // The snapshot's own word for where it lives (`ws/lib/permessage-deflate.js › zlibLimiter.jobs`) beats the site's file.
    const anchored = evidence.retainerShort?.split(' › ');
    // Only the anchored form (`file › names`): a short path of step labels (`ws: WebSocket › _events:
    // Object`, no module on the path) names no collection; the path's step of its type does, below.
    if (anchored?.length === 2 && !anchored.some((part) => part.includes(': '))) {
      const [file, names] = anchored as [string, string];
      // The user's own file as the site names it (source-mapped: the .ts, not the compiled .js the heap knows).
      const home = file === 'globalThis' ? 'on globalThis' : siteFile ? `in ${siteFile}` : `at module scope of ${file}`;
      return `\`${names}\` (${kindWords(c.kind)} ${home})`;
    }
    const name = variableName(evidence.retainerPath, c.kind);
    const home = siteFile ? ` in ${siteFile}` : '';
    return name ? `\`${name}\` (${kindWords(c.kind)}${home})` : `${kindWords(c.kind)}${home}`;
  }
  if (c?.kind === 'listeners') return `${c.label} listeners`;
  return `${evidence.name} objects`;
}

/** The headline of one failing evidence. */
export function headlineFor(evidence: Evidence, facts: HeadlineFacts): string {
  const site = facts.sites[0] ?? null;
  const who = subject(evidence, facts, site && !site.package ? site.file : null);
  const c = facts.collection;
  let pace: string;
  if (evidence.kind === 'trend') pace = `grows ${formatSignedCount(evidence.perCycle)} B/cycle`;
  else if (c && c.kind !== 'timers' && c.kind !== 'listeners' && c.perCycle !== null && evidence.kind === 'objects') {
    pace = `gains ${unsigned(formatSignedRate(c.perCycle))} entries per cycle (${evidence.name} ${formatSignedRate(evidence.perCycle)}/cycle`;
    pace += facts.heapPerCycle !== null ? `; heap ${formatSignedCount(facts.heapPerCycle)} B/cycle)` : ')';
  } else {
    pace = `${formatSignedRate(evidence.perCycle)}/cycle`;
    if (facts.heapPerCycle !== null) pace += ` (heap ${formatSignedCount(facts.heapPerCycle)} B/cycle)`;
  }
  const short = evidence.retainerShort ?? (evidence.retainerPath ? fallbackShortPath(evidence.retainerPath) : null);
  const held = !site && short ? `, held by ${short}` : '';
  // A heap trend names the collection that grew with it, when one did.
  const grew = evidence.kind === 'trend' && site && c ? `; ${c.kind === 'timers' ? 'timers' : c.kind === 'listeners' ? `${article(c.label)} ${c.label} listener list` : kindWords(c.kind)} grows, ` : ', ';
  return `${who} ${pace}${site ? `${grew}${where(site)}` : held}`;
}
