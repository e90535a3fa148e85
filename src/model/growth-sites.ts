/**
 * What the sites phase recorded in a process under test (probe/growth-sites.ts), handed from the
 * child through the run to the analysis: each collection, listener list or timer list that gained
 * entries during the phase, and the call stacks that added them.
 */

/** One stack frame as V8 reports it (1-based line and column; `file` a path or a `node:` URL). */
export interface RawFrame {
  file: string;
  line: number;
  column: number;
  function: string;
}

/** One call stack that added entries, innermost frame first, and how many entries it added that are still there. */
export interface RawAddSite {
  frames: RawFrame[];
  count: number;
}

/** `Object`: a plain object used as a map (`registry[id] = session`). */
export type GrowthTargetKind = 'Array' | 'Map' | 'Set' | 'Object' | 'listeners' | 'timers';

/** A collection that grew during the sites phase. */
export interface GrowthTarget {
  kind: GrowthTargetKind;
  /** For `listeners`: the owner's class and the event name (`process 'exit'`, `AbortSignal 'abort'`); for `timers`: `Timeout`. */
  label: string;
  /** Entries at the end of the phase minus at its start (for timers: created in the phase and still live). */
  growth: number;
  /** DevTools-style group of the first entry added (`Object`, `WebSocket`, `(string)`, `(closure)`). */
  entryGroup: string;
  sites: RawAddSite[];
}

/** A process's answer to `sites-stop`. */
export interface GrowthSitesReport {
  targets: GrowthTarget[];
  /** Calls to the hooked methods during the phase (for the cost note). */
  calls: number;
}

/** Per process under test, with the phase's length and cycles, as the run records it. */
export interface SitesPhaseRecord {
  /** Wall time the phase added to the run, ms. */
  ms: number;
  /** Cycles completed during the phase. */
  cycles: number;
  reports: Partial<Record<'client' | 'server', GrowthSitesReport>>;
  /** A command side's processes by pid (a cluster's workers, each judged on its own); absent for other sides. */
  byPid?: Record<number, GrowthSitesReport>;
  /** Why a process gave no report (it exited, it did not answer in time). */
  failures: string[];
}

/** A frame of Node's own code (`node:events`, `node:internal/timers`), or of no file at all (eval, native). */
export function isNodeInternal(frame: RawFrame): boolean {
  return frame.file === '' || frame.file.startsWith('node:') || !frame.file.includes('/');
}

/** A frame inside an installed package. */
export function isPackageFrame(frame: RawFrame): boolean {
  return frame.file.includes('/node_modules/');
}
