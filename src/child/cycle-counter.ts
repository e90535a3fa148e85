/**
 * Counts cycles on the harness's own side of the connection and reports the running
 * totals to the orchestrator at most every CYCLE_REPORT_INTERVAL_MS, so that IPC
 * traffic stays flat however fast connections churn.
 */
import { CYCLE_REPORT_INTERVAL_MS } from '../constants.js';
import type { CycleCounts } from '../run/messages.js';

export class CycleCounter {
  private readonly counts: CycleCounts = { cycles: 0, closeCodes: {}, opened: 0 };
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;

  constructor(private readonly send: (counts: CycleCounts) => void) {}

  start(): void {
    this.timer = setInterval(() => this.flush(), CYCLE_REPORT_INTERVAL_MS);
    // The counter must never be what keeps a child alive.
    this.timer.unref();
  }

  opened(): void {
    this.counts.opened++;
    this.dirty = true;
  }

  /** A connection that had opened has closed with `code`: one cycle. */
  closed(code: number): void {
    this.counts.cycles++;
    const key = String(code);
    this.counts.closeCodes[key] = (this.counts.closeCodes[key] ?? 0) + 1;
    this.dirty = true;
  }

  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.send({ ...this.counts, closeCodes: { ...this.counts.closeCodes } });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.dirty = true;
    this.flush();
  }
}
