/** Input and output of the leak verdict. */
import type { Role, Scenario } from '../scenario/types.js';
import type { Sample, SampleProcess, SnapshotRecord } from '../model/sample.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'error';

/** Where object evidence came from: heap snapshots, or live-object counts by constructor. */
export type ObjectSource = 'heap-snapshots' | 'live-object-counts';

export type EvidenceKind = 'trend' | 'handles' | 'listeners' | 'objects' | 'note';

/** One frame of a site's call stack (1-based line and column; source-mapped). */
export interface SiteFrame {
  file: string;
  line: number;
  column: number;
  function: string;
  /** `name@version` when the file is in node_modules (then `file` is relative to the package). */
  package?: string;
}

/**
 * A place in the code where a growing collection got its new entries during the sites phase
 * (README "Growth sites"): the innermost frame that is not Node's own.
 */
export interface EvidenceSite extends SiteFrame {
  /** Entries added there during the phase. */
  count: number;
  /** What grew: `Array`, `Map`, `Set`, `listeners`, `timers`, with its label (`process 'exit'`). */
  collection?: string;
  /** When the site is inside a package: the first frame outside node_modules that led there. */
  calledFrom?: SiteFrame;
  /** The stack from the site up to the first frame outside node_modules, innermost first. */
  stack?: SiteFrame[];
}

/**
 * One fact behind a verdict, e.g. `{ kind: 'handles', rule: 'handle-growth', name: 'Timeout',
 * perCycle: 1.0, detail: '…' }`. Views read the fields, never the `detail` text.
 * summary.json of older versions lacks `rule`, `notJudged` and `retainerPath`.
 */
export interface Evidence {
  kind: EvidenceKind;
  /** Name of the rule that gave it (`heap-trend`, `object-growth`, …; see registry.ts). */
  rule: string;
  name: string;
  /** Growth per cycle in the unit of the kind (bytes for trend, count otherwise). */
  perCycle: number;
  /** One sentence for people: the figures, and why it fails or not. */
  detail: string;
  /** True when this evidence alone is reason to fail. */
  failing: boolean;
  /** True when it says that something could not be judged (too little data, too few snapshots in the window). */
  notJudged: boolean;
  /** For a growing object group: the retainer path of a sample new object, one step a label (`sockets: Set`), root first; else null. */
  retainerPath: string[] | null;
  /** The retainer path from the user's variable or the package's module on (`client.mjs › reconnectHistory`); absent when unknown and in older summary.json. */
  retainerShort?: string;
  /**
   * Set when a rise did not persist to the end of the judged window, so it was not called a leak:
   * what it did instead (levelled off, or rose and fell). Null otherwise; absent in summary.json
   * of older versions.
   */
  bounded?: BoundedGrowth | null;
  /**
   * True when the evidence can tell neither a pass nor a failure (the heap trend's 95% CI spans no
   * growth and reaches far above the limit, or its rise is within the V8 warm-up the probe's code
   * statistics may not see; undecided-trend.ts): the verdict is then inconclusive
   * unless something else fails. Absent otherwise and in older summary.json.
   */
  undecided?: boolean;
  /**
   * For object evidence: what it was counted from — the heap snapshots, or the live-object counts
   * (probe/object-census.ts) taken when the snapshots were skipped. Absent in older summary.json.
   */
  objectSource?: ObjectSource;
  /** Where a growing group's objects were allocated, when known. */
  sites?: EvidenceSite[];
  /** A short title for the evidence, when the rule gives one. */
  headline?: string;
}

/**
 * A rise that stopped: memory held for a while, a cache that filled, a one-time step (`plateau`),
 * or a level that rises and falls again (`sawtooth`, e.g. a list emptied every N connections).
 */
export interface BoundedGrowth {
  pattern: 'plateau' | 'sawtooth';
  /** When it levelled off, ms from the start of the run (plateau; null when unknown or a sawtooth). */
  levelledAtMs: number | null;
  /** The level it holds: median of the window's last third, in the evidence's unit (bytes or count). */
  level: number;
  /** Lowest and highest value in the judged window. */
  low: number;
  high: number;
  /** Pace over the whole window and over its last third, per cycle. */
  wholePerCycle: number;
  lastPerCycle: number;
}

/** What a rule returns: the judge adds `rule`; `notJudged`, `retainerPath` and `bounded` default to false, null and null. */
export type RuleEvidence = Omit<Evidence, 'rule' | 'notJudged' | 'retainerPath'> & Partial<Pick<Evidence, 'notJudged' | 'retainerPath'>>;

/** Growth of one memory series over the judged window. */
export interface SeriesGrowth {
  series: 'heapUsed' | 'external' | 'rss';
  perCycle: number;
  /** 95% confidence interval of perCycle. */
  perCycleLow: number;
  perCycleHigh: number;
  perMinute: number;
  /** Mann–Kendall two-sided p-value for a monotonic trend. */
  pValue: number;
  /** Growth in the last part of the window is much less than in the first, with no significant trend of its own. */
  saturating: boolean;
  /**
   * The last third of the window (≥ 5 samples) against the reference slope, when the series
   * rose significantly; null otherwise: its slope with the upper end of its 95% CI, and its
   * Mann–Kendall p. Lets a rule call a series levelling off when its last third still creeps
   * up, but surely below what the rule accepts.
   */
  lastPart: { perCycle: number; perCycleHigh: number; pValue: number; referencePerCycle: number } | null;
  /** Change over the window (last − first, bytes). */
  total: number;
}

/** One object group's count at each snapshot, from the heap snapshot analysis. */
export interface ObjectGroupSeries {
  /** DevTools-style group name, e.g. `Timeout`, `(closure)`, `Object`. */
  name: string;
  counts: number[];
  /** Self size of the group at each snapshot, bytes. */
  selfSizes: number[];
  /** Retained size at each snapshot where known, bytes. */
  retainedSizes?: number[];
  /** Retainer path of a sample new object, one label a step, root first, when known. */
  retainerPath?: string[];
  /** The same path as the user names it (`client.mjs › reconnectHistory`, `ws/lib/permessage-deflate.js › zlibLimiter.jobs`), when known. */
  retainerShort?: string;
}

export interface VerdictInput {
  role: Role;
  scenario: Scenario;
  /** Samples of this role, in time order. */
  samples: Sample[];
  /** Snapshots of this role, in time order, with the cycle count at each. */
  snapshots: SnapshotRecord[];
  /** Object groups counted in those snapshots (same order); empty when none were parsed. */
  objectGroups: ObjectGroupSeries[];
  /** Total cycles and run length, for the judged window. */
  totalMs: number;
  /**
   * True for a judgement while the run is still going (`--until-verdict`): no object groups
   * exist yet, so the heap trend must clear an allowance for V8's warm-up it cannot measure.
   */
  provisional?: boolean;
  /**
   * With `provisional`: the run has ended (the provisional judge's last check). Nothing is left to
   * stop early, so a provisional failure no longer needs PROVISIONAL_MIN_WINDOW_MS judged.
   */
  ended?: boolean;
  /** One process of a side with several (a cluster's workers): named in the verdict. */
  process?: SampleProcess;
}

/** How reports name a judged process: its label when a side has several, else its role. */
export function processName(p: Pick<RoleVerdict, 'role' | 'label'>): string {
  return p.label ?? p.role;
}

/**
 * Post-GC heapUsed growth as the heap trend judged it: the headline figure of every view
 * (terminal, live view, charts, summary.md, JUnit, `compare`), with the raw series beside it.
 */
export interface JudgedHeapUsed {
  /** heapUsed growth net of V8's compiled code (slope, 95% CI and per minute net; p-value the series' own). */
  growth: SeriesGrowth;
  /** The series' own slope, V8's compiled code included, bytes per cycle. */
  rawPerCycle: number;
  /** V8's compiled code taken off, bytes per cycle (0 when it was not measured). */
  codePerCycle: number;
  /** Where the code growth came from, or null when it was not measured. */
  codeSource: 'snapshots' | 'samples' | null;
  /** `verdict.maxGrowthPerCycle`, bytes per cycle. */
  limitPerCycle: number;
  /** Allowance for V8's warm-up added to the limit in a provisional verdict, bytes per cycle (else 0). */
  allowancePerCycle: number;
}

export interface RoleVerdict {
  role: Role;
  /** A process of a command side judged on its own ("server worker 2 (pid 1234)"); absent for a module or built-in side. */
  label?: string;
  pid?: number;
  /** `os`: judged from /proc (a non-Node program: fds by kind); absent: Node's own figures. */
  source?: 'os';
  verdict: Verdict;
  /** One-line reason, e.g. "post-GC heapUsed grows 1,040 B/cycle (limit 128 B)". */
  reason: string;
  judgedWindow: { fromMs: number; toMs: number; fromCycle: number; toCycle: number; samples: number };
  growth: SeriesGrowth[];
  /** Cycles per second in warm-up and in each third of the judged window (cycle-rates.ts); absent in older summary.json. */
  cycleRates?: CycleRates;
  /** Largest first. */
  evidence: Evidence[];
  /**
   * The heap figure the verdict judges: post-GC heapUsed per cycle net of V8's compiled code,
   * against `limitPerCycle` (+ `allowancePerCycle` in a provisional verdict). Views show it as the
   * headline. Always set by judge(); absent in summary.json of older versions (views fall back to `growth`).
   */
  judgedHeapUsed?: JudgedHeapUsed;
}

/** Cycle rate per phase of a run, cycles per second; null where a phase has fewer than two samples. */
export interface CycleRates {
  warmup: number | null;
  /** The judged window's first, middle and last third. */
  window: [number | null, number | null, number | null];
}

/** A verdict rule: a small named check that looks at the input and returns evidence. */
export interface VerdictRule {
  name: string;
  description: string;
  evaluate(input: VerdictInput, window: JudgedWindow): RuleEvidence[];
}

/** The samples inside the judged window (after warm-up), with post-GC samples only. */
export interface JudgedWindow {
  fromMs: number;
  toMs: number;
  /** Post-GC samples in the window (memory is judged on these). */
  samples: Sample[];
  /** Every sample in the window, post-GC or not (handle and listener counts do not need a GC). */
  allSamples: Sample[];
  /** Cycle count at the first and last sample of the window. */
  fromCycle: number;
  toCycle: number;
  /** Cycles completed inside the window (`toCycle − fromCycle`). */
  cycles: number;
  /** Why the window is too short to judge a memory trend, or null (see data-shortfall.ts); computed once here. */
  shortfall: string | null;
}
