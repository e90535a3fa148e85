/**
 * Text from files and processes (scenario names, class names, a child's stderr) made safe for a
 * terminal: escape sequences and control characters could recolour, move the cursor, retitle the
 * window or hide lines. Newlines and tabs stay.
 */

/** CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`) and other two-byte escapes. */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
/** C0 controls but tab and newline, DEL, and C1 controls (U+0080–U+009F, which some terminals obey). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** `text` without escape sequences or control characters (tab and newline kept). */
export function stripControl(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}
