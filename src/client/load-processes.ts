/**
 * load.processes: extra client processes, started by the client process, that run the built-in
 * client against the same server to add churn. They are never sampled or judged; their counts are
 * added to the client side's totals. Each one leaves as soon as its parent does.
 */
import { LOAD_PROCESS_STOP_TIMEOUT_MS } from '../constants.js';
import type { CycleCounter } from '../connection/cycle-counter.js';
import { SoakError } from '../errors.js';
import { SoakChild } from '../ipc/child-process.js';
import type { ChildConfig } from '../ipc/messages.js';

export interface LoadProcesses {
  stop(): Promise<void>;
}

/** The configuration of one load process: the built-in client, unmeasured, counting for its parent. */
function workerConfig(config: ChildConfig, ca: string | undefined): ChildConfig & { role: 'client' } {
  return {
    ...config,
    role: 'client',
    scenario: { ...config.scenario, client: { ...config.scenario.client, module: null, command: null } },
    underTest: false,
    countsCycles: false,
    loadWorker: true,
    ...(ca === undefined ? {} : { ca }),
  };
}

/** Resolves once `child` is ready; rejects if it fails or exits first. */
async function ready(child: SoakChild, index: number): Promise<void> {
  const outcome = await child.readyOutcome();
  if (outcome.type === 'ready') return;
  const reason = outcome.type === 'fatal' ? outcome.message : `it exited (${outcome.exit.signal ?? `exit code ${outcome.exit.code}`})`;
  throw new SoakError('SOAK_START_FAILED', `load process ${index + 1} of load.processes did not start: ${reason}`);
}

/**
 * Starts `config.scenario.load.processes` load processes and resolves once all are connecting,
 * so the churn is there from the start of the run; their counts go to `counter`.
 *
 * @throws SoakError `SOAK_START_FAILED` when one of them fails to start (the others are stopped)
 */
export async function startLoadProcesses(config: ChildConfig, counter: CycleCounter, ca: string | undefined): Promise<LoadProcesses> {
  const worker = workerConfig(config, ca);
  const children: SoakChild[] = [];
  for (let i = 0; i < config.scenario.load.processes; i++) {
    // In the client's process group, so they end with it. No log file: a load process writes to this
    // process's output (client.log). No --expose-gc or type stripping either: a load process is never
    // sampled and runs no user module.
    const child = new SoakChild(worker, { execArgv: [], stopTimeoutMs: LOAD_PROCESS_STOP_TIMEOUT_MS, ownGroup: false });
    child.on('message', (message) => {
      if (message.type === 'cycles') counter.loadCounts(i, message.counts);
    });
    children.push(child);
    // Named in client.log, so a process left behind can be traced to its run.
    process.stdout.write(`ws-soak: load process ${i + 1} of ${config.scenario.load.processes} started, pid ${child.pid}\n`);
  }
  const stop = async () => {
    await Promise.all(children.map((child) => child.stop()));
  };
  try {
    await Promise.all(children.map(ready));
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
