/** A hand-made summary.json for the view tests: one client judged over 2,602 cycles, its heap figure net of V8's code. */
import type { Summary } from '../../src/analysis/summary.js';
import type { Evidence, RoleVerdict, SeriesGrowth } from '../../src/verdict/types.js';

export const growth = (series: SeriesGrowth['series'], perCycle: number): SeriesGrowth => ({
  series,
  perCycle,
  perCycleLow: perCycle - 20,
  perCycleHigh: perCycle + 20,
  perMinute: perCycle * 60 * 40,
  pValue: 0.2,
  saturating: false,
  lastPart: null,
  total: perCycle * 2_602,
});

export function roleVerdict(verdict: RoleVerdict['verdict'], evidence: Evidence[] = []): RoleVerdict {
  return {
    role: 'client',
    verdict,
    reason: verdict === 'fail' ? 'post-GC heapUsed +1,032 B/cycle (95% CI 1,010–1,050; limit 128 B)' : 'post-GC heapUsed +26 B/cycle without V8\'s compiled code (limit 128 B), no handle, listener or object growth over 2,602 cycles',
    judgedWindow: { fromMs: 15_000, toMs: 60_000, fromCycle: 1_000, toCycle: 3_602, samples: 37 },
    growth: [growth('heapUsed', 138), growth('external', 0), growth('rss', 900)],
    evidence,
    judgedHeapUsed: {
      growth: { ...growth('heapUsed', 138), perCycle: 26, perCycleLow: 6, perCycleHigh: 46, perMinute: 26 * 60 * 40 },
      rawPerCycle: 138,
      codePerCycle: 112,
      codeSource: 'snapshots',
      limitPerCycle: 128,
      allowancePerCycle: 0,
    },
  };
}

export function makeSummary(verdict: Summary['verdict'], overrides: Partial<Summary> = {}): Summary {
  const p = roleVerdict(verdict === 'error' ? 'pass' : verdict);
  return {
    tool: 'ws-soak',
    version: '0.1.0',
    scenario: 'basic',
    scenarioFile: '/tmp/basic.yaml',
    verdict,
    reason: p.reason,
    startedAt: '2026-12-02T07:00:00.000Z',
    durationMs: 60_000,
    cycles: 4_802,
    cyclesPerSecond: 80,
    connectionsOpened: 4_803,
    closeCodes: { '1000': 4_802 },
    closeCodesSeenBy: 'client',
    connections: {},
    endedBy: 'duration',
    interrupted: false,
    snapshots: ['client-1-c1200.heapsnapshot', 'client-2-c2400.heapsnapshot'],
    snapshotDetails: [],
    snapshotFailures: [],
    snapshotsSkipped: [],
    pids: { client: 1, server: 2 },
    orchestrator: { heapUsedStart: 0, heapUsedEnd: 0, rssStart: 0, rssEnd: 0 } as unknown as Summary['orchestrator'],
    processes: [p],
    error: null,
    verdictAtMs: null,
    environment: { node: 'v20.20.0', platform: 'linux', arch: 'x64' },
    ...overrides,
  };
}
