/** `diffCommand` called without two snapshots, and the cycle read from a snapshot's name. */
import { describe, expect, it } from 'vitest';
import { cycleOf, diffCommand } from '../../src/commands/snapshot-commands.js';
import { SoakError } from '../../src/errors.js';

describe('diffCommand', () => {
  it('refuses fewer than two snapshots with SOAK_USAGE before reading any file', async () => {
    for (const files of [[], ['/nonexistent/only-one.heapsnapshot']]) {
      const error = await diffCommand(files, { json: false, top: 5 }).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(SoakError);
      expect((error as SoakError).code).toBe('SOAK_USAGE');
      expect((error as SoakError).message).toBe(`diff needs at least two snapshots, got ${files.length}`);
    }
  });
});

describe('cycleOf', () => {
  it("reads ws-soak's -c<cycle> and cycle-<n> names, else falls back to the position", () => {
    expect(cycleOf('/runs/a/client-3-c1200.heapsnapshot', 2)).toBe(1200);
    expect(cycleOf('cycle-40.heapsnapshot', 1)).toBe(40);
    expect(cycleOf('before.heapsnapshot', 3)).toBe(3);
  });
});
