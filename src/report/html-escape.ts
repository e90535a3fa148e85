/**
 * Escaping for the HTML report: scenario names, close reasons and evidence come from user
 * modules and files, so every value is escaped before it reaches the page.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * JSON safe inside `<script type="application/json">`: `<`, `>` and `&` become \u escapes (no
 * `</script>` can end the block early), and so do U+2028/U+2029.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A script body safe to inline: `</script` cannot occur in it (inside JS strings `<\/` means the same). */
export function scriptForInline(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}
