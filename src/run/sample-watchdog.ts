/**
 * Notices a process under test that stopped sending samples: a busy loop, a deadlock in
 * native code, a debugger pause. Silence while a snapshot is being written is expected.
 */
import type { Role, Scenario } from '../scenario/types.js';
import type { RunError } from '../model/run-record.js';

/** Missed sample intervals before a process counts as hung. */
export const HUNG_AFTER_INTERVALS = 5;
/** Never call a process hung sooner than this, whatever the interval. */
export const HUNG_MIN_SILENCE_MS = 5_000;

export class SampleWatchdog {
  private readonly lastHeard = new Map<Role, number>();
  private readonly limitMs: number;

  constructor(scenario: Scenario) {
    this.limitMs = Math.max(HUNG_MIN_SILENCE_MS, HUNG_AFTER_INTERVALS * scenario.sample.intervalMs);
  }

  start(now: number, roles: Role[]): void {
    for (const role of roles) this.lastHeard.set(role, now);
  }

  heard(role: Role, now: number): void {
    if (this.lastHeard.has(role)) this.lastHeard.set(role, now);
  }

  /** The first role silent for too long (and not busy writing a snapshot), as a run error. */
  silentRole(now: number, writingSnapshot: (role: Role) => boolean): (RunError & { role: Role }) | null {
    for (const [role, at] of this.lastHeard) {
      if (writingSnapshot(role)) {
        this.lastHeard.set(role, now);
        continue;
      }
      const silentMs = now - at;
      if (silentMs < this.limitMs) continue;
      return {
        code: 'SOAK_TARGET_HUNG',
        role,
        message:
          `the ${role} process under test stopped answering: no sample for ${(silentMs / 1000).toFixed(1)} s ` +
          `(samples are due every ${this.limitMs / HUNG_AFTER_INTERVALS / 1000} s). Its event loop is blocked — ` +
          'a busy loop or a long synchronous call in the code under test. It was stopped; the samples until then are kept.',
      };
    }
    return null;
  }
}
