/**
 * Text from a run (scenario, class and series names, error messages) made inert in Markdown that
 * GitHub renders (summary.md goes to $GITHUB_STEP_SUMMARY): HTML tags and entities become text,
 Markdown punctuation that makes markup inline (emphasis, code, links, tables) is backslash-escaped, and nothing breaks a table row or a line.
 */

/** HTML-significant characters, as entities (GitHub renders raw HTML in Markdown). */
const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** `text` as literal Markdown inline text: one line, no markup, no HTML, no pipes. */
export function markdownText(text: string): string {
  return text
    .replace(/[&<>"]/g, (c) => HTML[c]!)
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, ' ');
}
