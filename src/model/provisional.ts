/**
 * The provisional verdict while a run goes: what the one provisional judge
 * (src/analysis/provisional-judge.ts) sends as the run's `provisional` event, and all that
 * `--until-verdict` and the live view read of it. A record of its own, shaped for its readers, so
 * the views need nothing from verdict/ or analysis/ (autocannon's progress tracker only listens too).
 */
import type { Role } from '../scenario/types.js';

/** A memory trend so far: growth per cycle (bytes) and its Mann–Kendall p-value. */
export interface ProvisionalTrend {
  /** For heapUsed, as the verdict judges it: net of V8's compiled code. */
  perCycle: number;
  pValue: number;
  /** heapUsed: the raw slope, V8's compiled code included, when code was taken off; else absent. */
  rawPerCycle?: number;
}

/** A piece of failing evidence so far. */
export interface ProvisionalFinding {
  /** The evidence kind: `trend`, `handles`, `listeners` or `objects`. */
  kind: string;
  name: string;
  perCycle: number;
  /** What `perCycle` counts: bytes (trends) or things (handles, listeners, objects). */
  unit: 'bytes' | 'count';
}

/** One process under test, judged on what was measured so far. */
export interface ProvisionalProcess {
  role: Role;
  /** One process of a side with several (a cluster's worker): how reports name it; absent otherwise. */
  label?: string;
  pid?: number;
  /** As in summary.json: pass, fail, inconclusive or error. */
  verdict: 'pass' | 'fail' | 'inconclusive' | 'error';
  /** One line: why this verdict so far. */
  reason: string;
  /** Cycles inside the judged window. */
  cyclesJudged: number;
  heapUsed: ProvisionalTrend | null;
  external: ProvisionalTrend | null;
  /** Failing evidence, most telling first. */
  failing: ProvisionalFinding[];
}

/** One provisional judgement of a run. */
export interface ProvisionalVerdict {
  /** Milliseconds since the run started, when judged. */
  atMs: number;
  /** Where the judged window starts: before it is warm-up, not judged. */
  warmupEndsMs: number;
  /** True for the last judgement, made when the run is done; nothing can settle on it. */
  final: boolean;
  processes: ProvisionalProcess[];
}
