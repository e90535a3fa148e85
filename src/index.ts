/** Public API: the user-module contracts and the types of what a run writes. */
export type { ClientContext, ClientHandle, ClientModule, ServerContext, ServerHandle, ServerModule } from './contracts.js';
export type { Summary } from './analysis/summary.js';
export type { Sample, MemoryFigures, SnapshotRecord } from './run/sample.js';
export type { Scenario } from './scenario/types.js';
export type { Verdict, Evidence, EvidenceSite, RoleVerdict, SeriesGrowth } from './verdict/types.js';
export { SoakError, EXIT } from './errors.js';
