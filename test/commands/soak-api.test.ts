/**
 * The programmatic API as a user's own test would use it: `import { soak } from 'ws-soak'`
 * (the package's own export, dist/index.js), soaking a tiny clean client module for a few seconds.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { soak, soakRun, SoakError } from 'ws-soak';

const CLEAN_CLIENT = `
import WebSocket from 'ws';
export default function start({ url, signal }) {
  let socket = null;
  let retry = null;
  const connect = () => {
    if (signal.aborted) return;
    socket = new WebSocket(url);
    socket.on('error', () => {});
    socket.on('close', () => { retry = setTimeout(connect, 1); });
  };
  connect();
  return { stop() { clearTimeout(retry); socket?.terminate(); } };
}
`;

describe("soak() from 'ws-soak'", () => {
  it('soaks a tiny clean client module for a few seconds and resolves to its summary: pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-soak-api-'));
    // The module's imports (ws) resolve from its own folder: put it where ws-soak's node_modules is found.
    const module = join(import.meta.dirname, '..', 'fixtures', `api-clean-client-${process.pid}.mjs`);
    writeFileSync(module, CLEAN_CLIENT);
    try {
      const { summary, dir: runDir } = await soakRun({
        scenario: {
          cycles: 700,
          duration: '25s',
          warmup: '30%',
          sample: { interval: '250ms' },
          disconnect: { after: '5ms' },
          verdict: { minCycles: 100 },
          client: { module },
        },
        snapshots: false,
        out: join(dir, 'run'),
      });
      expect(summary.error).toBeNull();
      expect(summary.verdict, summary.reason).toBe('pass');
      expect(summary.processes[0]?.role).toBe('client');
      expect(summary.processes[0]?.judgedHeapUsed?.growth.perCycle).toBeLessThan(128);
      expect(runDir).toBe(join(dir, 'run'));
      expect(existsSync(join(dir, 'run', 'report.html'))).toBe(true);
    } finally {
      const { rmSync } = await import('node:fs');
      rmSync(module, { force: true });
    }
  }, 60_000);

  it('rejects a missing module with a SoakError naming it, before anything starts', async () => {
    const error = await soak({ client: './no-such-client.mjs' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoakError);
    expect((error as SoakError).code).toBe('SOAK_SCENARIO_INVALID');
    expect((error as SoakError).message).toContain('client.module: cannot find "./no-such-client.mjs"');
  });
});
