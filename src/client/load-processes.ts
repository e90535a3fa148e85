/**
 * load.processes: extra client processes, started by the client process, that run the built-in
 * client against the same server to add churn. They are never sampled or judged; their counts are
 * added to the client side's totals. Each one leaves as soon as its parent does.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CHILD_CONFIG_ENV } from '../constants.js';
import type { CycleCounter } from '../child/cycle-counter.js';
import { SoakError } from '../errors.js';
import type { ChildConfig, FromChild } from '../run/messages.js';

const CHILD_MAIN = fileURLToPath(new URL('../child/child-main.js', import.meta.url));
/** Time a load process gets to stop before it is killed. */
const LOAD_STOP_TIMEOUT_MS = 3_000;

export interface LoadProcesses {
  stop(): Promise<void>;
}

/** The configuration of one load process: the built-in client, unmeasured, counting for its parent. */
function workerConfig(config: ChildConfig, ca: string | undefined): ChildConfig {
  return {
    ...config,
    scenario: { ...config.scenario, client: { ...config.scenario.client, module: null } },
    underTest: false,
    countsCycles: false,
    loadWorker: true,
    ...(ca === undefined ? {} : { ca }),
  };
}

function stopOne(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), LOAD_STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ type: 'stop' }, (error) => void error);
    else child.kill('SIGKILL');
  });
}

/** Resolves once `child` is ready; rejects if it fails or exits first. */
function ready(child: ChildProcess, index: number): Promise<void> {
  const failed = (reason: string) =>
    new SoakError('SOAK_START_FAILED', `load process ${index + 1} of load.processes did not start: ${reason}`);
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromChild) => {
      if (message.type === 'ready') done(resolve);
      else if (message.type === 'fatal') done(() => reject(failed(message.message)));
    };
    const onExit = (code: number | null, signal: string | null) => done(() => reject(failed(`it exited (${signal ?? `exit code ${code}`})`)));
    const done = (settle: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/**
 * Starts `config.scenario.load.processes` load processes and resolves once all are connecting,
 * so the churn is there from the start of the run; their counts go to `counter`.
 *
 * @throws SoakError `SOAK_START_FAILED` when one of them fails to start (the others are stopped)
 */
export async function startLoadProcesses(config: ChildConfig, counter: CycleCounter, ca: string | undefined): Promise<LoadProcesses> {
  const env = { ...process.env, [CHILD_CONFIG_ENV]: JSON.stringify(workerConfig(config, ca)) };
  const children: ChildProcess[] = [];
  for (let i = 0; i < config.scenario.load.processes; i++) {
    const child = fork(CHILD_MAIN, [], {
      env,
      // No --expose-gc or type stripping: a load process is never sampled and runs no user module.
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    child.on('message', (message: FromChild) => {
      if (message.type === 'cycles') counter.loadCounts(i, message.counts);
    });
    children.push(child);
    // Named in client.log, so a process left behind can be traced to its run.
    process.stdout.write(`ws-soak: load process ${i + 1} of ${config.scenario.load.processes} started, pid ${child.pid}\n`);
  }
  const stop = async () => {
    await Promise.all(children.map(stopOne));
  };
  try {
    await Promise.all(children.map(ready));
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
