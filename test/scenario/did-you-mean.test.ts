import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/scenario/did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('after', 'after')).toBe(0);
    expect(editDistance('aftr', 'after')).toBe(1);
    expect(editDistance('underTest', 'under-test')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestMatch', () => {
  const keys = ['after', 'jitter', 'every'];

  it('finds a key within two edits', () => {
    expect(closestMatch('aftr', keys)).toBe('after');
    expect(closestMatch('evey', keys)).toBe('every');
  });

  it('finds nothing when every key is three or more edits away', () => {
    expect(closestMatch('mode', keys)).toBeUndefined();
    expect(closestMatch('a', keys)).toBeUndefined();
  });

  it('prefers the closer of two candidates', () => {
    expect(closestMatch('cycle', ['cycles', 'cyc'])).toBe('cycles');
  });
});
