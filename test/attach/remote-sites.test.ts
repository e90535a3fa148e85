/**
 * The sites recorder over the inspector (attach/remote-sites.ts) in a real process: the attach
 * fixture with LEAK=1 and its inspector open, real WebSocket connections to it. While the phase
 * runs its methods are hooked (so the fixture's check can see a hook); after `stop()` the recorded
 * site is the fixture's `kept.push` line and every method, global, listener and handle is as it
 * was, with no trace of the recorder in a heap snapshot; a recorder ws-soak never comes back for
 * takes itself out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { InspectorSession, listTargets } from '../../src/attach/inspector-session.js';
import { RemoteSites } from '../../src/attach/remote-sites.js';
import { recorderExpression } from '../../src/attach/recorder-source.js';
import { PROBE_MARKER } from '../../src/attach/remote-probe.js';
import { ATTACH_SERVER, freePort, startAttachTarget, type AttachTarget } from '../helpers/attach-target.js';
import { tempDir } from '../helpers/run-cli.js';

const started: Array<{ t: AttachTarget; s: InspectorSession }> = [];

afterEach(async () => {
  for (const { t, s } of started.splice(0)) {
    await s.close();
    await t.stop();
  }
});

async function inspected(): Promise<{ t: AttachTarget; s: InspectorSession }> {
  const port = await freePort();
  const t = await startAttachTarget({ leak: true, statePath: join(tempDir('ws-soak-remote-sites-'), 'state.json'), nodeArgs: [`--inspect=127.0.0.1:${port}`] });
  const targets = await listTargets('127.0.0.1', port);
  const s = await InspectorSession.connect(targets![0]!.webSocketDebuggerUrl!, 5_000);
  started.push({ t, s });
  return { t, s };
}

/** `n` connections to the fixture, one after another, each closed once open. */
async function connections(port: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => ws.close());
      ws.once('close', () => resolve());
      ws.once('error', reject);
    });
  }
}

/**
 * The target's state once its last connection is gone: a socket still closing (and its timer)
 * shows up in `before` and not in `after` on a busy machine (seen in CI).
 */
async function settledState(t: AttachTarget): Promise<Awaited<ReturnType<AttachTarget['state']>>> {
  let state = await t.state();
  for (let i = 0; i < 10 && (state.resources['TCPSocketWrap'] || state.resources['Timeout']); i++) {
    await new Promise((r) => setTimeout(r, 200));
    state = await t.state();
  }
  return state;
}

/** The fixture's line that keeps a record per connection, found in its source. */
const KEPT_LINE = readFileSync(ATTACH_SERVER, 'utf8').split('\n').findIndex((l) => l.includes('kept.push(')) + 1;

describe('RemoteSites', () => {
  it('records where the attached process adds its entries, then leaves it as found', async () => {
    const { t, s } = await inspected();
    await connections(t.port, 3);
    const before = await settledState(t);
    expect(Object.values(before.hooks).every(Boolean)).toBe(true);

    const sites = new RemoteSites(s);
    await sites.start();
    expect(sites.installed).toBe(true);
    const during = await t.state();
    // The fixture's check sees the hooks: it can fail.
    expect(during.hooks['Array.prototype.push']).toBe(false);
    expect(during.hooks['import { setTimeout }']).toBe(false);
    await connections(t.port, 12);
    const report = await sites.stop();
    expect(sites.installed).toBe(false);

    const kept = report.targets.find((target) => target.kind === 'Array' && target.sites.some((site) => site.frames[0]?.file === ATTACH_SERVER));
    expect(kept?.growth).toBe(12);
    expect(kept?.entryGroup).toBe('Object');
    expect(kept?.sites[0]?.frames[0]).toMatchObject({ file: ATTACH_SERVER, line: KEPT_LINE });
    // Nothing of the recorder's own code is reported as a site.
    expect(JSON.stringify(report)).not.toContain('ws-soak-attached-recorder');

    const after = await settledState(t);
    expect(after.hooks).toEqual(before.hooks);
    expect(after.globals).toEqual(before.globals);
    expect(after.listeners).toEqual(before.listeners);
    // The recorder's safety timer is gone with it.
    expect(after.resources).toEqual(before.resources);
    expect(after.kept).toBe(15);
    // Node's http server copied the hooked `on`/`addListener`/`prependListener` onto each socket it
    // upgraded meanwhile; the kept ones would hold the recorder for good: put back, no trace in the heap.
    expect(sites.mended).toBeGreaterThanOrEqual(12);
    expect(readFileSync(after.snapshot, 'utf8')).not.toContain(PROBE_MARKER);
  }, 60_000);

  it('takes itself out of a process ws-soak never comes back to', async () => {
    const { t, s } = await inspected();
    const sites = new RemoteSites(s, 300);
    await sites.start();
    expect((await t.state()).hooks['Map.prototype.set']).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(Object.values((await t.state()).hooks).every(Boolean)).toBe(true);
    // A stop after that still answers (with what was recorded until then).
    expect((await sites.stop()).targets).toBeInstanceOf(Array);
  }, 60_000);

  it('is one expression built from the compiled recorder, marked for the leftover check', () => {
    const expression = recorderExpression(1_000);
    expect(expression).toContain(PROBE_MARKER);
    expect(expression).toContain('class GrowthSitesRecorder');
    expect(expression).not.toMatch(/^\s*(import|export)\s/m);
  });
});
