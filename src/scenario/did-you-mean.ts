/** Suggestions for misspelt keys ("aftr" → "after"). */

/** Default largest edit distance at which a known word still counts as a likely misspelling. */
export const SUGGESTION_MAX_EDITS = 2;

/** Levenshtein distance: fewest single-character insertions, deletions or substitutions. */
export function editDistance(a: string, b: string): number {
  // One row of the classic dynamic-programming table is enough: each row needs only the previous.
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `word` within `maxEdits` edits (the first one on a tie),
 * or undefined when none is that close.
 */
export function closestMatch(
  word: string,
  candidates: readonly string[],
  maxEdits: number = SUGGESTION_MAX_EDITS,
): string | undefined {
  let best: string | undefined;
  let bestDistance = maxEdits + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
