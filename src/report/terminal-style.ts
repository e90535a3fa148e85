/**
 * How the terminal shows the final screen: its width, and whether it takes colour. Colour follows
 * the common conventions: `NO_COLOR` (any non-empty value, no-color.org) turns it off,
 * `FORCE_COLOR` (not `0` or `false`) turns it on even when piped; otherwise a TTY that is not
 * `TERM=dumb` gets colour. Pure: the CLI passes the environment and the stream's TTY state.
 */

/** What the final screen is drawn for. */
export interface TerminalStyle {
  /** Columns to wrap at (Infinity: do not wrap). */
  columns: number;
  /** ANSI colour and bold. */
  color: boolean;
}

/** Narrowest and widest a wrapped line may be: below 40 nothing fits; wider lines are hard to read. */
const MIN_COLUMNS = 40;
const MAX_COLUMNS = 160;
/** When the width is not known (piped, or a pseudo-terminal that reports 0). */
export const DEFAULT_COLUMNS = 100;

/** Whether to colour output for a stream, from the environment and whether the stream is a TTY. */
export function colorSupported(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY && env['TERM'] !== 'dumb';
}

/**
 * The style for a stream: a terminal wraps at its width (`columns`, else `COLUMNS`, else
 * DEFAULT_COLUMNS); a pipe or file is not wrapped unless `COLUMNS` says so, so logs stay greppable.
 */
export function terminalStyle(env: Readonly<Record<string, string | undefined>>, stream: { isTTY?: boolean; columns?: number }): TerminalStyle {
  const fromEnv = Number(env['COLUMNS']) || 0;
  const color = colorSupported(env, stream.isTTY === true);
  if (stream.isTTY !== true && fromEnv === 0) return { columns: Infinity, color };
  const columns = stream.columns && stream.columns > 0 ? stream.columns : fromEnv || DEFAULT_COLUMNS;
  return { columns: Math.min(MAX_COLUMNS, Math.max(MIN_COLUMNS, columns)), color };
}

/** No colour, no wrapping: files, pipes, tests. */
export const PLAIN_STYLE: TerminalStyle = { columns: Infinity, color: false };

const ANSI = { bold: '1', red: '31', green: '32', yellow: '33', dim: '2' } as const;

/** `text` in the given ANSI attributes when `style.color`, else unchanged. */
export function paint(style: Pick<TerminalStyle, 'color'>, text: string, ...attrs: Array<keyof typeof ANSI>): string {
  if (!style.color || attrs.length === 0) return text;
  return `\x1b[${attrs.map((a) => ANSI[a]).join(';')}m${text}\x1b[0m`;
}

/** A space between a number and its unit (`128 B/cycle`, `2.5 MiB`) is not a place to break. */
const UNIT_AFTER_NUMBER = /^(B|KiB|MiB|GiB|TiB)(\b|\/)/;

/** The last space in `text` at or before `limit` where a line may break, or -1. */
function breakAt(text: string, limit: number, from: number): number {
  for (let i = Math.min(limit, text.length - 1); i > from; i--) {
    if (text[i] !== ' ') continue;
    if (/\d/.test(text[i - 1] ?? '') && UNIT_AFTER_NUMBER.test(text.slice(i + 1))) continue;
    return i;
  }
  return -1;
}

/**
 * Wraps `line` at word boundaries (never between a number and its unit) to at most `columns`
 * characters; continuation lines get the line's own indentation plus `hang` spaces. Spacing
 * inside the line is kept; a word longer than a line (a path) stays whole.
 */
export function wrapLine(line: string, columns: number, hang = 4): string[] {
  if (line.length <= columns) return [line];
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const next = indent + ' '.repeat(hang);
  const out: string[] = [];
  let rest = line;
  let lead = indent.length;
  while (rest.length > columns) {
    let cut = breakAt(rest, columns, lead);
    // No space in reach: break after the long word instead.
    if (cut < 0) cut = rest.indexOf(' ', columns);
    if (cut < 0) break;
    out.push(rest.slice(0, cut).trimEnd());
    rest = next + rest.slice(cut).trimStart();
    lead = next.length;
  }
  out.push(rest);
  return out;
}

/** Every line of `text` wrapped to `columns` (see wrapLine); a trailing newline is kept. */
export function wrapText(text: string, columns: number): string {
  const trailing = text.endsWith('\n');
  const lines = (trailing ? text.slice(0, -1) : text).split('\n').flatMap((l) => wrapLine(l, columns));
  return lines.join('\n') + (trailing ? '\n' : '');
}
