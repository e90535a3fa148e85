/** The leak verdict of one role, and of a whole run. */
import { netHeapGrowth } from './code-warmup.js';
import { cycleRates } from './cycle-rates.js';
import { formatBytes, formatCount, formatRate, formatSeconds, formatSignedCount } from '../format/units.js';
import { seriesGrowth } from './growth.js';
import { judgedHeapUsed } from './judged-heap.js';
import { liveObjectCountsJudgeable } from './object-count-growth.js';
import { VERDICT_RULES } from './registry.js';
import { objectGrowthRule } from './rules/object-growth.rule.js';
import {
  COUNT_MIN_RISE_PER_CYCLE,
  OBJECT_MIN_RISE_PER_CYCLE,
  PROVISIONAL_MIN_BYTES_PER_CYCLE,
  PROVISIONAL_MIN_COUNT_PER_CYCLE,
  PROVISIONAL_MIN_WINDOW_MS,
} from './thresholds.js';
import { levellingOff, SERIES_LABEL } from './trend-evidence.js';
import type { Evidence, JudgedWindow, RoleVerdict, Verdict, VerdictInput } from './types.js';
import { isOsEvidence, judgedWindow } from './window.js';

/** Failing evidence named in the one-line reason; the rest is counted ("and 2 more"). */
const REASON_MAX_ITEMS = 3;

/**
 * Judges one role: runs every rule on the judged window.
 *
 * - 'fail' when any evidence fails — even with too little data, since count rules need no
 *   minimum (a handle growing 1/cycle over 150 cycles is a leak) and trend rules never fail then;
 * - else 'inconclusive' when the window is too short (`window.shortfall`, see data-shortfall.ts),
 *   a provisional verdict may not settle yet, or a heap trend is too uncertain to pass or to fail (`undecided`);
 * - else 'pass'.
 *
 * Evidence is sorted failing first, then notes, then the rest. Within each, by kind, most
 * specific first: handles and listeners (a named resource that piles up), then memory trends (how
 * many bytes), then object groups with a constructor name (`WebSocket`, `Session`), then the
 * other object groups (`(closure)`, `(string)`, `system / Context`); within a kind, by how far
 * the growth per cycle is past its floor (bytes against `maxGrowthPerCycle`, counts against
 * 0.05/cycle), largest first. The first failing item is the run's main evidence.
 */
export function judge(input: VerdictInput): RoleVerdict {
  const window = judgedWindow(input);
  const evidence: Evidence[] = VERDICT_RULES.flatMap((rule) =>
    rule.evaluate(input, window).map((e) => ({
      ...e,
      rule: rule.name,
      notJudged: e.notJudged ?? false,
      retainerPath: e.retainerPath ?? null,
      bounded: e.bounded ?? null,
    })),
  );
  const os = isOsEvidence(window.allSamples);
  // A program seen from /proc has no heap: its memory trends are empty, its threads and rss only shown.
  if (os) evidence.splice(0, evidence.length, ...evidence.filter((e) => e.kind !== 'trend'), osNote(window));
  const early = tooEarly(input, window);
  let unsettled = early;
  for (const e of evidence) {
    if (!e.failing) continue;
    const why = early ?? belowProvisionalFloor(input, e);
    if (why === null) continue;
    e.failing = false;
    e.notJudged = true;
    e.detail += `; ${why}`;
    unsettled ??= why;
  }
  const limit = input.scenario.verdict.maxGrowthPerCycle;
  evidence.sort((a, b) => group(a) - group(b) || kindRank(a) - kindRank(b) || magnitude(b, limit) - magnitude(a, limit));
  const failing = evidence.filter((e) => e.failing);
  const shortfall = window.shortfall;
  // Evidence that could go either way (a heap trend too uncertain to judge) rules out a pass.
  const undecided = evidence.find((e) => e.undecided === true && !e.failing)?.detail ?? null;
  const net = netHeapGrowth(input, window);
  let verdict: Verdict;
  let reason: string;
  if (failing.length > 0) {
    verdict = 'fail';
    const named = failing.slice(0, REASON_MAX_ITEMS).map((e) => e.detail);
    const more = failing.length - named.length;
    reason = named.join(', ') + (more > 0 ? `, and ${more} more` : '');
  } else if (shortfall !== null || unsettled !== null || undecided !== null) {
    verdict = 'inconclusive';
    reason = [shortfall, unsettled, undecided].filter((r) => r !== null).join('; ');
  } else if (os) {
    verdict = 'pass';
    reason =
      `no open file descriptor growth over ${formatCount(window.cycles)} cycles (OS evidence from /proc: ` +
      'fds by kind judged like handles; threads and rss shown, not judged; no heap, as it is not a Node process)';
  } else {
    verdict = 'pass';
    const heap = net.growth;
    const bar = limit + net.allowance;
    const levelling = heap.perCycle > bar && levellingOff(heap, bar, net.code?.perCycle ?? 0) ? ', levelling off' : '';
    const without = net.code && net.code.perCycle > 0 ? " without V8's compiled code" : '';
    const allowance = net.allowance > 0 ? ` + ${formatCount(net.allowance)} B V8 warm-up allowance` : '';
    const notJudged = evidence.some((e) => e.rule === objectGrowthRule.name && e.notJudged);
    const fromCounts = input.provisional !== true && !notJudged && input.objectGroups.length === 0 && liveObjectCountsJudgeable(window);
    const objectsJudged = (input.objectGroups.length > 0 && !notJudged) || fromCounts;
    const what = fromCounts ? 'handle, listener or object (live-object counts)' : objectsJudged ? 'handle, listener or object' : 'handle or listener';
    reason =
      `${SERIES_LABEL.heapUsed} ${formatSignedCount(heap.perCycle)} B/cycle${without}${levelling} (limit ${formatCount(limit)} B${allowance}),` +
      ` no ${what} growth over ${formatCount(window.cycles)} cycles`;
  }
  return {
    role: input.role,
    ...(input.process ? { label: input.process.label, pid: input.process.pid } : {}),
    ...(os ? { source: 'os' as const } : {}),
    verdict,
    reason,
    judgedWindow: {
      fromMs: window.fromMs,
      toMs: window.toMs,
      fromCycle: window.fromCycle,
      toCycle: window.toCycle,
      samples: window.samples.length,
    },
    growth: os ? [] : seriesGrowth(window),
    cycleRates: cycleRates(input.samples, window),
    evidence,
    judgedHeapUsed: judgedHeapUsed(net, window, limit),
  };
}

/**
 * Why a provisional verdict may not fail yet, or null: its window has judged less than
 * PROVISIONAL_MIN_WINDOW_MS. Until then a leak cannot be told from memory held for a while —
 * a 15 s resume window grows exactly like a leak for 15 s (corpus: clean-resume-window and
 * server-grace-period settled as leaks at 6–7 s) — and growth is judged to persist only once the
 * window's last third is past the retention (window from 25% of the elapsed time: 20 s for 15 s).
 */
function tooEarly(input: VerdictInput, window: JudgedWindow): string | null {
  if (input.provisional !== true || input.ended === true) return null;
  const first = window.allSamples[0];
  const last = window.allSamples[window.allSamples.length - 1];
  const judgedMs = first && last ? last.t - first.t : 0;
  if (judgedMs >= PROVISIONAL_MIN_WINDOW_MS) return null;
  return `too early to tell from memory held for a while: ${formatSeconds(judgedMs)} judged, a provisional failure needs ${formatSeconds(PROVISIONAL_MIN_WINDOW_MS)}`;
}

/**
 * Why a provisional verdict may not settle on this failing evidence, or null: mid-run, only
 * growth no level of rate × retention reaches under a moving rate settles early —
 * PROVISIONAL_MIN_COUNT_PER_CYCLE for counts, PROVISIONAL_MIN_BYTES_PER_CYCLE for memory.
 */
function belowProvisionalFloor(input: VerdictInput, e: Evidence): string | null {
  if (input.provisional !== true || input.ended === true) return null;
  if ((e.kind === 'handles' || e.kind === 'listeners') && e.perCycle < PROVISIONAL_MIN_COUNT_PER_CYCLE) {
    return `below the ${formatRate(PROVISIONAL_MIN_COUNT_PER_CYCLE)}/cycle a provisional verdict settles on (the full run judges it)`;
  }
  if (e.kind === 'trend' && e.perCycle < PROVISIONAL_MIN_BYTES_PER_CYCLE) {
    return `below the ${formatBytes(PROVISIONAL_MIN_BYTES_PER_CYCLE)}/cycle a provisional verdict settles on (the full run judges it)`;
  }
  return null;
}

/** Threads and rss of a program seen from /proc, first and last of the window: shown, not judged. */
function osNote(window: JudgedWindow): Evidence {
  const first = window.allSamples[0];
  const last = window.allSamples[window.allSamples.length - 1];
  const detail =
    `threads ${formatCount(first?.threads ?? 0)} → ${formatCount(last?.threads ?? 0)}, rss ${formatBytes(first?.mem.rss ?? 0)} → ${formatBytes(last?.mem.rss ?? 0)} ` +
    'over the judged window (OS evidence: shown, not judged)';
  return { kind: 'note', rule: 'os-evidence', name: 'threads and rss', perCycle: 0, detail, failing: false, notJudged: false, retainerPath: null, bounded: null };
}

/** Order of verdicts when combining roles: the first one any role has wins. */
const PRECEDENCE: readonly Verdict[] = ['fail', 'error', 'inconclusive', 'pass'];

/**
 * The verdict of a run from its roles' verdicts: fail > error > inconclusive > pass.
 * A leak found in one role stands even when another role errored — the leak is a fact, and the
 * error is still shown on its role; an error beats inconclusive and pass because that role was
 * not judged at all. No roles at all is inconclusive.
 */
export function combineVerdicts(roles: readonly RoleVerdict[]): Verdict {
  for (const verdict of PRECEDENCE) {
    if (roles.some((r) => r.verdict === verdict)) return verdict;
  }
  return 'inconclusive';
}

function group(e: Evidence): number {
  if (e.failing) return 0;
  return e.kind === 'note' ? 1 : 2;
}

/** Order of kinds within a group of evidence; see `judge`. */
function kindRank(e: Evidence): number {
  switch (e.kind) {
    case 'handles':
    case 'listeners':
      return 0;
    case 'trend':
      return 1;
    case 'objects':
      return hasConstructorName(e.name) ? 2 : 3;
    case 'note':
      return 4;
  }
}

/** `WebSocket`, `Session`: not `(closure)`, `(string)` or `system / Context`. */
function hasConstructorName(group: string): boolean {
  return !group.startsWith('(') && !group.startsWith('system / ');
}

/** Growth per cycle as a multiple of the floor its kind is judged against. */
function magnitude(e: Evidence, bytesLimit: number): number {
  switch (e.kind) {
    case 'trend':
      return e.perCycle / Math.max(1, bytesLimit);
    case 'handles':
    case 'listeners':
      return e.perCycle / COUNT_MIN_RISE_PER_CYCLE;
    case 'objects':
      return e.perCycle / OBJECT_MIN_RISE_PER_CYCLE;
    case 'note':
      return 0;
  }
}
