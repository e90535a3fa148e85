/** Public API: `soak()`, the user-module contracts and the types of what a run writes (every type `Summary` refers to). */
export { soak, soakRun, type SoakOptions, type SoakResult } from './commands/soak-api.js';
export type { ClientContext, ClientHandle, ClientModule, ServerContext, ServerHandle, ServerModule } from './contracts.js';
export type { Summary } from './analysis/summary.js';
export type { ChildExit } from './model/child-exit.js';
export type { CycleCounts } from './model/cycle-counts.js';
export type { RunError, SnapshotFailure, SnapshotSkip } from './model/run-record.js';
export type { Sample, MemoryFigures, PostGcFigures, SnapshotRecord } from './model/sample.js';
export type { Role, Scenario } from './scenario/types.js';
export type { Verdict, Evidence, EvidenceKind, EvidenceSite, JudgedHeapUsed, RoleVerdict, SeriesGrowth } from './verdict/types.js';
export { SoakError, EXIT, type SoakErrorCode } from './errors.js';
