import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProvisionalVerdict } from '../../src/model/provisional.js';
import { renderLiveFrame, type LiveState } from '../../src/report/live-frame.js';

function state(provisional: ProvisionalVerdict | null): LiveState {
  return {
    title: 'ws-soak test',
    elapsedMs: 5_000,
    cycles: 1_234,
    cyclesPerSecond: 250,
    progress: { fraction: 0.5, ofTotal: '0:05 / 0:10', etaMs: 5_000 },
    heap: [{ role: 'client', mib: [] }],
    provisional,
    lastSnapshot: null,
    warnings: [],
  };
}

const failing: ProvisionalVerdict = {
  atMs: 5_000,
  warmupEndsMs: 1_250,
  final: false,
  processes: [
    {
      role: 'client',
      verdict: 'fail',
      reason: 'leaks',
      cyclesJudged: 120,
      heapUsed: { perCycle: 1040, pValue: 0.001 },
      external: null,
      failing: [
        { kind: 'trend', name: 'heapUsed', perCycle: 1040, unit: 'bytes' },
        { kind: 'handles', name: 'Timeout', perCycle: 1, unit: 'count' },
      ],
    },
  ],
};

describe('renderLiveFrame', () => {
  it('shows the evidence as forming until the first provisional verdict arrives', () => {
    expect(renderLiveFrame(state(null), 100)).toContain('evidence: forming…');
  });

  it('shows warm-up while the provisional verdict was judged before the judged window starts', () => {
    const lines = renderLiveFrame(state({ ...failing, atMs: 2_000, warmupEndsMs: 3_000 }), 100);
    expect(lines).toContain('evidence: warming up until 0:03 (not judged)');
    expect(lines.join('\n')).not.toContain('so far');
  });

  it('shows the provisional verdict it was given, with its failing evidence in the one formatter', () => {
    const lines = renderLiveFrame(state(failing), 120);
    expect(lines).toContain('evidence so far (provisional):');
    expect(lines).toContain('  client: FAIL so far · 120 cycles judged');
    expect(lines).toContain('    heapUsed +1.02 KiB/cycle (p=0.0010) · external —');
    expect(lines).toContain('    ✗ [trend] heapUsed +1.02 KiB/cycle');
    expect(lines).toContain('    ✗ [handles] Timeout +1.00/cycle');
    expect(lines[1]).toContain('1,234 cycles');
  });

  it('shows heapUsed as the verdict judges it, the raw figure beside it, and counts with separators', () => {
    const judged: ProvisionalVerdict = {
      ...failing,
      processes: [{ ...failing.processes[0]!, verdict: 'pass', cyclesJudged: 2_602, heapUsed: { perCycle: 26, rawPerCycle: 138, pValue: 0.2 }, failing: [] }],
    };
    const lines = renderLiveFrame({ ...state(judged), heap: [{ role: 'client', mib: [8, 8.1, 8.2] }] }, 100);
    expect(lines).toContain('  client: PASS so far · 2,602 cycles judged');
    expect(lines).toContain('    heapUsed +26 B/cycle (raw +138 B/cycle incl. V8 code, p=0.20) · external —');
    expect(lines).toContain('client: post-GC heapUsed, 3 post-GC samples');
  });
});

describe('the live view only listens', () => {
  it('imports nothing from verdict/ or analysis/: its verdict comes from the run\'s provisional event', () => {
    for (const file of ['live-view.ts', 'live-frame.ts']) {
      const source = readFileSync(new URL(`../../src/report/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.length).toBeGreaterThan(3);
      expect(imports.filter((i) => /\/(verdict|analysis)\//.test(i ?? ''))).toEqual([]);
    }
  });
});
