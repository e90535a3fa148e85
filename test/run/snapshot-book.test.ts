/**
 * The snapshot book's pacing: after a snapshot that paused the process for a while, the next one
 * waits until the process has run at least as long again (snapshots back to back under overload
 * froze the loop for most of the judged window). The child is a stand-in that records requests:
 * the book only sends it messages, and the replies are the ones a real child sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SoakChild } from '../../src/ipc/child-process.js';
import type { ToChild } from '../../src/ipc/messages.js';
import type { RunRecord } from '../../src/model/run-record.js';
import { emptyCycleCounts } from '../../src/model/cycle-counts.js';
import { SnapshotBook } from '../../src/run/snapshot-book.js';
import { resolveScenario } from '../../src/scenario/load.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'ws-soak-book-'));
  dirs.push(dir);
  const scenario = resolveScenario({ duration: '60s' }, '');
  const record = { samples: [], snapshots: [], snapshotFailures: [], snapshotsSkipped: [], counts: emptyCycleCounts() } as unknown as RunRecord;
  const sent: ToChild[] = [];
  const child = { role: 'client', send: (message: ToChild) => sent.push(message) } as unknown as SoakChild;
  const book = new SnapshotBook(scenario, dir, record, { warning: () => undefined, snapshot: () => undefined, diskFull: () => undefined });
  return { book, child, sent, record };
}

describe('snapshot book pacing', () => {
  it('is rested before any snapshot', () => {
    const { book } = setUp();
    expect(book.rested(Date.now())).toBe(true);
  });

  it('rests as long as the last snapshot paused the process', () => {
    const { book, child, sent, record } = setUp();
    book.request([child], 1_000, 10);
    expect(sent).toHaveLength(1);
    const seq = (sent[0] as { seq: number }).seq;
    const repliedAt = Date.now();
    book.onReply('client', { type: 'snapshot-done', seq, bytes: 1234, ms: 5_000 });
    expect(record.snapshots).toHaveLength(1);
    expect(book.busy).toBe(false);
    expect(book.rested(repliedAt + 1_000)).toBe(false);
    expect(book.rested(repliedAt + 4_900)).toBe(false);
    expect(book.rested(Date.now() + 5_000)).toBe(true);
  });

  it('rests after a failed snapshot for the time it was pending', async () => {
    const { book, child, sent } = setUp();
    book.request([child], 1_000, 10);
    const seq = (sent[0] as { seq: number }).seq;
    await new Promise((resolve) => setTimeout(resolve, 60));
    const repliedAt = Date.now();
    book.onReply('client', { type: 'snapshot-failed', seq, message: 'out of memory' });
    expect(book.rested(repliedAt + 10)).toBe(false);
    expect(book.rested(repliedAt + 200)).toBe(true);
  });
});
