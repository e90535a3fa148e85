/**
 * The sites phase in an attached process, over its inspector: the recorder a forked child runs
 * (probe/growth-sites.ts, bundled by recorder-source.ts) is installed with one `Runtime.evaluate`
 * that returns a handle to it, no global: the handle lives in an object group of ours until
 * `stop()` calls it (`Runtime.callFunctionOn`), which puts every hooked method back and returns
 * what was recorded, and the group is released. The frames are the target's file paths; they are
 * source-mapped and package-named on ws-soak's side (analysis/source-location.ts reads the files).
 */
import { SITES_MAX_MS, SITES_REPLY_TIMEOUT_MS } from '../constants.js';
import type { GrowthSitesReport } from '../model/growth-sites.js';
import { InspectorCallError, type InspectorSession } from './inspector-session.js';
import { recorderExpression } from './recorder-source.js';

/** Holds the handle to the recorder in the target while the phase runs. */
const OBJECT_GROUP = 'ws-soak-sites';

/**
 * If ws-soak never calls `stop()` (it was killed mid-phase), the recorder takes itself out after
 * the longest phase, the reply wait and as much again: the target is never left hooked for good.
 */
const SAFETY_MS = 2 * (SITES_MAX_MS + SITES_REPLY_TIMEOUT_MS);

type Reply = Record<string, unknown>;

function thrown(method: string, reply: Reply): void {
  const details = reply['exceptionDetails'] as { exception?: { description?: string }; text?: string } | undefined;
  if (details) throw new InspectorCallError(method, details.exception?.description ?? details.text ?? 'threw');
}

export class RemoteSites {
  /** The remote object of the installed recorder, while it is installed. */
  private handle: string | null = null;

  /** `safetyMs`: how long the recorder may stay in without ws-soak (a test shortens it). */
  constructor(
    private readonly session: InspectorSession,
    private readonly safetyMs = SAFETY_MS,
  ) {}

  get installed(): boolean {
    return this.handle !== null;
  }

  /**
   * Installs the recorder.
   *
   * @throws InspectorCallError when the target cannot run it (Node < 20.16 has no process.getBuiltinModule), with what to do
   */
  async start(): Promise<void> {
    if (this.handle) return;
    const usable = await this.session.call('Runtime.evaluate', { expression: "typeof globalThis.process?.getBuiltinModule === 'function'", returnByValue: true, silent: true });
    if ((usable['result'] as { value?: unknown } | undefined)?.value !== true) {
      throw new InspectorCallError('Runtime.evaluate', 'the attached process has no process.getBuiltinModule (Node >= 20.16 or 22.3 has), which the sites recorder needs; run it on a newer Node.js for growth sites');
    }
    const reply = await this.session.call('Runtime.evaluate', {
      expression: recorderExpression(this.safetyMs),
      includeCommandLineAPI: false,
      silent: true,
      objectGroup: OBJECT_GROUP,
    });
    try {
      thrown('Runtime.evaluate', reply);
    } catch (error) {
      await this.release();
      throw error;
    }
    this.handle = (reply['result'] as { objectId?: string } | undefined)?.objectId ?? null;
    if (!this.handle) throw new InspectorCallError('Runtime.evaluate', 'the sites recorder gave no handle back');
  }

  /**
   * Puts every method back, and every copy of a hook an emitter took meanwhile (see
   * recorder-source.ts), and returns what was recorded (an empty report when it was never installed).
   */
  async stop(): Promise<GrowthSitesReport> {
    const objectId = this.handle;
    if (!objectId) return { targets: [], calls: 0 };
    try {
      const reply = await this.session.call('Runtime.callFunctionOn', {
        objectId,
        functionDeclaration: 'function () { return this.stop(); }',
        returnByValue: true,
        silent: true,
      });
      thrown('Runtime.callFunctionOn', reply);
      const { report, mended } = (reply['result'] as { value: { report: GrowthSitesReport; mended: number } }).value;
      this.mended = mended;
      return report;
    } finally {
      this.handle = null;
      await this.release();
    }
  }

  /** Copies of a hook put back at the last stop() (for the tests). */
  mended = 0;

  /** Before detaching: the recorder out, whatever happened to the phase (best effort; the safety timer covers the rest). */
  async remove(): Promise<void> {
    if (!this.handle) return;
    await this.stop().catch(() => undefined);
  }

  private async release(): Promise<void> {
    if (!this.session.isClosed) await this.session.call('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => undefined);
  }
}
