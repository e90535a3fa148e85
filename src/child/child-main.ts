/**
 * Entry point of every child process the orchestrator starts: the server side, the client
 * side, and the fault proxy between two user modules (proxy-side.ts). It runs the built-in
 * side or the user's module, counts cycles on the built-in side, and, in a process under
 * test, runs the probe (samples and snapshots).
 */
import { unlinkSync } from 'node:fs';
import { CycleCounter } from '../connection/cycle-counter.js';
import { CHILD_CONFIG_ENV } from '../constants.js';
import { isSoakError, SoakError } from '../errors.js';
import type { ChildConfig, FromChild, ToChild } from '../ipc/messages.js';
import { GrowthSitesRecorder } from '../probe/growth-sites.js';
import { Sampler } from '../probe/sampler.js';
import { writeSnapshot, loadHeapdump } from '../probe/snapshot-writer.js';
import { startProxySide } from './proxy-side.js';
import { startSide, type RunningSide } from './start-side.js';

function send(message: FromChild): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function readConfig(): ChildConfig {
  const text = process.env[CHILD_CONFIG_ENV];
  if (!text) throw new SoakError('SOAK_USAGE', `ws-soak child started without ${CHILD_CONFIG_ENV}; it is started by \`ws-soak run\`, not by hand`);
  return JSON.parse(text) as ChildConfig;
}

async function main(): Promise<void> {
  const config = readConfig();
  // Losing the orchestrator means nobody will ever stop us: leave rather than linger, and take what
  // the module under test spawned along (this process leads its group; see SoakChild).
  process.on('disconnect', () => {
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      // Not a group leader (started by hand): only this process goes.
    }
    process.exit(0);
  });

  let sampler: Sampler | null = null;
  if (config.underTest) {
    // Heap snapshots and anything else this process writes are owner-only.
    process.umask(0o077);
    if (config.scenario.snapshots.enabled && config.scenario.snapshots.engine === 'heapdump') loadHeapdump();
  }

  const counter = new CycleCounter((counts) => void send({ type: 'cycles', counts }));
  const side: RunningSide =
    config.role === 'proxy'
      ? await startProxySide(config, (message) => void send(message))
      : await startSide(config, counter, (error) => void failChild(error));
  counter.start();

  if (config.underTest && config.role !== 'proxy') {
    sampler = new Sampler({
      role: config.role,
      intervalMs: config.scenario.sample.intervalMs,
      postGc: config.scenario.sample.gc,
      postGcEveryMs: config.scenario.sample.gcEveryMs,
      plannedMs: config.scenario.durationMs,
      startedAt: config.startedAt,
      emit: (sample) => void send({ type: 'sample', sample }),
      countsFailed: (message) => void send({ type: 'object-counts-failed', message }),
      countStarting: () => send({ type: 'object-count-started' }),
    });
  }

  let stopping = false;
  let sites: GrowthSitesRecorder | null = null;
  process.on('message', (message: ToChild) => {
    if (message.type === 'sites-start' && config.underTest && !sites) {
      sites = new GrowthSitesRecorder();
      sites.start();
      return;
    }
    if (message.type === 'sites-stop') {
      const report = sites?.stop() ?? { targets: [], calls: 0 };
      sites = null;
      void send({ type: 'sites', report });
      return;
    }
    if (message.type === 'snapshot') {
      const { seq, path } = message;
      // The orchestrator watches the file while V8 writes (nothing can be sent meanwhile): tell it the
      // heap's size first, and wait until that is on its way, so it can bound the wait by it.
      send({ type: 'snapshot-started', seq, heapUsed: process.memoryUsage().heapUsed })
        .then(() => writeSnapshot(config.scenario.snapshots.engine, path))
        .then(
          ({ bytes, ms }) => send({ type: 'snapshot-done', seq, bytes, ms }),
          (error: unknown) => {
            // A cut snapshot is of no use and may hold the disk full: never leave one behind.
            removePartial(path);
            const code = (error as NodeJS.ErrnoException | null)?.code;
            return send({ type: 'snapshot-failed', seq, message: error instanceof Error ? error.message : String(error), ...(code ? { code } : {}) });
          },
        );
    } else if (message.type === 'count-objects') {
      sampler?.startObjectCounts();
    } else if (message.type === 'stop' && !stopping) {
      stopping = true;
      void stop();
    }
  });

  async function stop(): Promise<void> {
    // A stop in the middle of a sites phase puts the hooked methods back before the side winds down.
    sites?.stop();
    sampler?.sampleNow(true);
    sampler?.stop();
    await side.stop();
    counter.stop();
    await send({ type: 'stopped' });
    process.exit(0);
  }

  await send({ type: 'ready', url: side.url });
  sampler?.start();
}

function removePartial(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created.
  }
}

/** Tells the orchestrator why this child ends, then ends it. */
async function failChild(error: SoakError): Promise<void> {
  // Started by hand there is no orchestrator to tell: say it where a person sees it.
  if (!process.send) process.stderr.write(`ws-soak: ${error.message}\n`);
  await send({ type: 'fatal', code: error.code, message: error.message });
  process.exit(1);
}

main().catch((error: unknown) => {
  // Before `ready` every failure but a module's own is a failed start, as the orchestrator reports it.
  const code = isSoakError(error) && error.code === 'SOAK_MODULE_LOAD' ? 'SOAK_MODULE_LOAD' : 'SOAK_START_FAILED';
  void failChild(new SoakError(code, error instanceof Error ? error.message : String(error)));
});
