/**
 * The sites phase at the end of a run that found a leak: the processes under test record where
 * their collections gain entries (probe/growth-sites.ts) for max(SITES_MIN_MS, SITES_MIN_CYCLES
 * cycles), at most SITES_MAX_MS, then report. A run that passes never has one.
 */
import { SITES_MAX_MS, SITES_MIN_CYCLES, SITES_MIN_MS, SITES_REPLY_TIMEOUT_MS } from '../constants.js';
import type { SoakChild } from '../ipc/child-process.js';
import type { FromChild } from '../ipc/messages.js';
import type { GrowthSitesReport, SitesPhaseRecord } from '../model/growth-sites.js';
import type { Role } from '../scenario/types.js';

const POLL_MS = 100;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function awaitReport(child: SoakChild, timeoutMs: number): Promise<GrowthSitesReport | string> {
  return new Promise((resolve) => {
    const done = (value: GrowthSitesReport | string): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(value);
    };
    const onMessage = (message: FromChild): void => {
      if (message.type === 'sites') done(message.report);
    };
    const onExit = (): void => done(`the ${child.role} process exited during the sites phase`);
    const timer = setTimeout(() => done(`the ${child.role} process gave no sites within ${timeoutMs / 1000} s`), timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Runs the phase on `targets` (processes under test still running); `cycles` reads the run's count. */
export async function runSitesPhase(targets: readonly SoakChild[], cycles: () => number): Promise<SitesPhaseRecord> {
  const started = Date.now();
  const startCycles = cycles();
  const live = targets.filter((c) => !c.hasExited);
  for (const child of live) child.send({ type: 'sites-start' });
  for (;;) {
    const elapsed = Date.now() - started;
    if (elapsed >= SITES_MAX_MS || live.every((c) => c.hasExited)) break;
    if (elapsed >= SITES_MIN_MS && cycles() - startCycles >= SITES_MIN_CYCLES) break;
    await sleep(POLL_MS);
  }
  const phaseCycles = cycles() - startCycles;
  const replies = live.map((child) => {
    const reply = awaitReport(child, SITES_REPLY_TIMEOUT_MS);
    child.send({ type: 'sites-stop' });
    return reply;
  });
  const record: SitesPhaseRecord = { ms: 0, cycles: phaseCycles, reports: {}, failures: [] };
  for (const [i, reply] of (await Promise.all(replies)).entries()) {
    const role = live[i]?.role as Role;
    if (typeof reply === 'string') record.failures.push(reply);
    else record.reports[role] = reply;
  }
  record.ms = Date.now() - started;
  return record;
}
