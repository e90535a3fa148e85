/**
 * The fault proxy's place in a run whose two sides are user modules: its child process is started
 * after the server (with the server's URL) and before the client (which gets the proxy's URL), its
 * counts become the run's (the client leg counts the cycles), and a failure of its own is a
 * harness error. With a built-in side there is no fault proxy: that side ends the connections.
 */
import { join } from 'node:path';
import { SoakError } from '../errors.js';
import { SoakChild } from '../ipc/child-process.js';
import type { ChildConfig } from '../ipc/messages.js';
import { describeExit, stderrEnding, type ChildExit } from '../model/child-exit.js';
import type { ProxyCounts } from '../model/proxy-counts.js';
import type { RunError, RunRecord } from '../model/run-record.js';
import { isUserSide } from '../scenario/command-fields.js';
import type { Scenario } from '../scenario/types.js';

/** Both sides are user modules: the fault proxy goes between them. */
export function needsFaultProxy(scenario: Scenario): boolean {
  return isUserSide(scenario, 'server') && isUserSide(scenario, 'client');
}

/** File the proxy process's output goes to, in the run folder. */
export const PROXY_LOG = 'proxy.log';

/** What the run hears from its proxy process. */
export interface ProxyStageHooks {
  counts(counts: ProxyCounts): void;
  fail(error: RunError): void;
  /** The run is under way (a failure before that is kept until the client has started). */
  running(): boolean;
}

/** The proxy's child process, seen from the run. */
export class ProxyStage {
  private earlyFailure: RunError | null = null;

  private constructor(
    /** Its process: stopped and reaped by the run like the other children. */
    readonly child: SoakChild<'proxy'>,
    /** The URL the client gets: the proxy's, with the server URL's path and query. */
    readonly url: string,
  ) {}

  /** Starts the proxy child in front of `serverUrl`; resolves once it listens. */
  static async start(config: Omit<ChildConfig, 'role' | 'url'>, serverUrl: string, dir: string, hooks: ProxyStageHooks): Promise<ProxyStage> {
    const child = new SoakChild({ ...config, role: 'proxy', url: serverUrl }, { logPath: join(dir, PROXY_LOG), execArgv: [] });
    const { url } = await child.waitReady(config.scenario.server.startTimeoutMs);
    if (!url) throw new SoakError('SOAK_START_FAILED', 'the fault proxy process did not report its URL');
    const stage = new ProxyStage(child, url);
    child.on('message', (message) => {
      if (message.type === 'proxy-counts') hooks.counts(message.counts);
      else if (message.type === 'fatal') {
        const error: RunError = { code: message.code, message: message.message };
        if (hooks.running()) hooks.fail(error);
        else stage.earlyFailure ??= error;
      }
    });
    child.on('exit', (exit) => {
      if (hooks.running()) hooks.fail(proxyCrash(exit, child.stderrTail()));
    });
    return stage;
  }

  /** Throws what the proxy reported while the client was starting (a bad upstream answer, a non-WebSocket client). */
  throwEarlyFailure(): void {
    if (this.earlyFailure) throw new SoakError(this.earlyFailure.code, this.earlyFailure.message);
  }

  stop(): Promise<ChildExit> {
    return this.child.stop();
  }

  kill(): void {
    this.child.kill();
  }
}

/** The proxy's latest counts into the record: the client leg is the run's count (what the client saw). */
export function applyProxyCounts(record: RunRecord, counts: ProxyCounts): void {
  record.counts = counts.client;
  record.closeCodes = counts.client.closeCodes;
  record.sides = { client: counts.client, server: counts.server };
  record.proxy = counts.proxy;
}

/** The proxy process exited during the run: the harness failed, not the code under test. */
export function proxyCrash(exit: ChildExit, stderrTail: string[]): RunError {
  return { code: 'SOAK_INTERNAL', message: `ws-soak's fault proxy process exited during the run (${describeExit(exit)})${stderrEnding(stderrTail)}`, exit, stderrTail };
}
