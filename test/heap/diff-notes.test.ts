/** The notes under `diff` for groups people misread: (compiled code) and rope strings; each shown only when it applies. */
import { describe, expect, it } from 'vitest';
import { diffNotes } from '../../src/heap/diff-notes.js';
import type { GroupDelta } from '../../src/heap/compare.js';

const delta = (name: string, countDelta: number) => ({ name, countDelta }) as GroupDelta;

describe('diffNotes', () => {
  it('explains a growing (compiled code) as V8 compilation, not judged; says nothing when it does not grow', () => {
    expect(diffNotes([delta('(compiled code)', 40)], [], null)).toEqual([
      "(compiled code) is V8 compiling and optimizing your functions; it grows for minutes in any busy process. It is not judged: the verdict takes it off heapUsed.",
    ]);
    expect(diffNotes([delta('(compiled code)', -3)], [], null)).toEqual([]);
  });

  it('says when a growing (string) group is mostly ropes, and not when few of the new strings are', () => {
    const [note] = diffNotes([delta('(string)', 17)], [], { strings: 1_700, ropes: 1_600 });
    expect(note).toBe(
      "(string): 94.1% of the 1,700 new string objects are ropes (V8's concatenated strings): a string built with + or a template is a tree of pieces, " +
        'so one retained string can count as many (string) objects. Look at what holds them, not at the count.',
    );
    expect(diffNotes([delta('(string)', 17)], [], { strings: 1_700, ropes: 100 })).toEqual([]);
    expect(diffNotes([delta('Session', 17)], [], { strings: 1_700, ropes: 1_600 })).toEqual([]);
  });
});
