/**
 * Notices a process under test that stopped sending samples: a busy loop, a deadlock in
 * native code, a debugger pause. Silence while a snapshot is being written is expected.
 *
 * A side ws-soak starts itself (a forked child, an attached server) is watched from the run's
 * start. A program's tree (a command side) is watched process by process, each from its first
 * sample: a Node process of it that never accepts or opens a connection (a launcher, a build
 * step) never samples and is no WebSocket process under test, so its silence is not a hang.
 */
import type { Role, Scenario } from '../scenario/types.js';
import type { RunError } from '../model/run-record.js';

/** Missed sample intervals before a process counts as hung. */
export const HUNG_AFTER_INTERVALS = 5;
/** Never call a process hung sooner than this, whatever the interval. */
export const HUNG_MIN_SILENCE_MS = 5_000;

/** One process watched: a whole side, or one process (`pid`, `label`) of a program's tree. */
interface Watched {
  role: Role;
  pid?: number;
  label?: string;
  at: number;
}

export class SampleWatchdog {
  private readonly watched = new Map<string, Watched>();
  private readonly roles = new Set<Role>();
  private readonly limitMs: number;

  constructor(scenario: Scenario) {
    this.limitMs = Math.max(HUNG_MIN_SILENCE_MS, HUNG_AFTER_INTERVALS * scenario.sample.intervalMs);
  }

  /**
   * Begins watching `roles` (the sides under test). Those in `perProcess` (command sides) are
   * watched process by process, each from its first sample; the others as a whole from `now`.
   */
  start(now: number, roles: Role[], perProcess: readonly Role[] = []): void {
    for (const role of roles) {
      this.roles.add(role);
      if (!perProcess.includes(role)) this.watched.set(role, { role, at: now });
    }
  }

  /** A sample of `role` arrived; `process` names the process of a program's tree it is of. */
  heard(role: Role, now: number, process?: { pid: number; label: string }): void {
    if (!this.roles.has(role)) return;
    const whole = this.watched.get(role);
    if (whole) {
      whole.at = now;
      return;
    }
    if (!process) return;
    const key = `${role}:${process.pid}`;
    const entry = this.watched.get(key);
    if (entry) entry.at = now;
    else this.watched.set(key, { role, pid: process.pid, label: process.label, at: now });
  }

  /** A process of a program's tree went away (its probe's connection closed): its silence is no hang. */
  forget(role: Role, pid: number): void {
    this.watched.delete(`${role}:${pid}`);
  }

  /** The first process silent for too long (and its side not busy writing a snapshot), as a run error. */
  silentRole(now: number, writingSnapshot: (role: Role) => boolean): (RunError & { role: Role }) | null {
    for (const entry of this.watched.values()) {
      if (writingSnapshot(entry.role)) {
        entry.at = now;
        continue;
      }
      const silentMs = now - entry.at;
      if (silentMs < this.limitMs) continue;
      const who = entry.label === undefined ? `the ${entry.role} process under test` : `${entry.label}, a process under test,`;
      return {
        code: 'SOAK_TARGET_HUNG',
        role: entry.role,
        message:
          `${who} stopped answering: no sample for ${(silentMs / 1000).toFixed(1)} s ` +
          `(samples are due every ${this.limitMs / HUNG_AFTER_INTERVALS / 1000} s). Its event loop is blocked — ` +
          'a busy loop or a long synchronous call in the code under test. It was stopped; the samples until then are kept.',
      };
    }
    return null;
  }
}
