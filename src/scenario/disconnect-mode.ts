/**
 * `disconnect.mode`: the names of the ways the harness ends connections, and the field that
 * reads one name, a list of names (taken in turn) or a mapping of names to weights (a random mix).
 */
import { z } from 'zod';
import { closestMatch } from './did-you-mean.js';
import type { DisconnectMode, DisconnectModeKind, ModeSelection } from './types.js';

/** Modes named by a single word. */
const PLAIN_MODES = ['terminate', 'ping-timeout', 'idle-timeout', 'half-open', 'mid-message', 'server-restart'] as const;

/** Examples used for suggestions on misspelt names ("termnate" → "terminate"). */
const SUGGESTABLE = [...PLAIN_MODES, 'close-1000', 'handshake-reject-503'];

/** Most entries in a list or a weighted mapping. */
export const MAX_MODE_CHOICES = 100;

/**
 * True when `code` may be sent in a close frame (RFC 6455 §7.4): 1000–1003, 1007–1014 and
 * 3000–4999. 1004–1006 and 1015 are reserved and never sent.
 */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}

const EXPECTED_NAME =
  'expected a disconnect mode: close-<code> (e.g. close-1000, close-4001), terminate, ping-timeout, idle-timeout, ' +
  'half-open, mid-message, handshake-reject-<status> (e.g. handshake-reject-503) or server-restart';

/** The mode a name stands for, or a reason it stands for none. */
export function parseModeName(name: string): DisconnectMode | { problem: string } {
  if ((PLAIN_MODES as readonly string[]).includes(name)) {
    return { name, kind: name as (typeof PLAIN_MODES)[number] };
  }
  const close = /^close-(\d{1,5})$/.exec(name);
  if (close) {
    const code = Number(close[1]);
    if (isSendableCloseCode(code)) return { name, kind: 'close', code };
    return { problem: 'expected a close code from 1000 to 1003, 1007 to 1014 or 3000 to 4999 (1004–1006 and 1015 are never sent in a close frame)' };
  }
  const reject = /^handshake-reject-(\d{1,3})$/.exec(name);
  if (reject) {
    const status = Number(reject[1]);
    if (status >= 400 && status <= 599) return { name, kind: 'handshake-reject', status };
    return { problem: 'expected an HTTP error status from 400 to 599 after handshake-reject-, e.g. handshake-reject-503' };
  }
  const suggestion = closestMatch(name, SUGGESTABLE);
  return { problem: suggestion === undefined ? EXPECTED_NAME : `${EXPECTED_NAME} (did you mean "${suggestion}"?)` };
}

const LIKE = 'expected a mode name like "close-1000", a list of names, or a mapping of names to weights like { close-1000: 3, terminate: 1 }';

/** Parses a name inside a field, reporting a problem at `path`. */
function modeIn(name: string, ctx: z.RefinementCtx, path: PropertyKey[]): DisconnectMode | null {
  const parsed = parseModeName(name);
  if ('problem' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.problem, input: name, path });
    return null;
  }
  return parsed;
}

const oneName = z
  .string({ error: LIKE })
  .transform((name, ctx): ModeSelection => {
    const mode = modeIn(name, ctx, []);
    return mode ? { pick: 'rotate', choices: [{ mode, weight: 1 }] } : (z.NEVER as never);
  });

const nameList = z
  .array(z.string({ error: 'expected a mode name like "close-1000"' }), { error: LIKE })
  .min(1, { error: 'expected at least one mode name' })
  .max(MAX_MODE_CHOICES, { error: `expected at most ${MAX_MODE_CHOICES} mode names` })
  .transform((names, ctx): ModeSelection => {
    const modes = names.map((name, i) => modeIn(name, ctx, [i]));
    if (modes.some((m) => m === null)) return z.NEVER as never;
    return { pick: 'rotate', choices: (modes as DisconnectMode[]).map((mode) => ({ mode, weight: 1 })) };
  });

const weightError = 'expected a weight: a number from 0 to 1000000';
const weightedMix = z
  .record(z.string(), z.number({ error: weightError }).min(0, { error: weightError }).max(1_000_000, { error: weightError }), {
    error: LIKE,
  })
  .transform((weights, ctx): ModeSelection => {
    const entries = Object.entries(weights);
    if (entries.length === 0 || entries.length > MAX_MODE_CHOICES) {
      ctx.addIssue({ code: 'custom', message: `expected 1 to ${MAX_MODE_CHOICES} mode names with weights`, input: weights });
      return z.NEVER as never;
    }
    if (!entries.some(([, weight]) => weight > 0)) {
      ctx.addIssue({ code: 'custom', message: 'expected at least one weight above 0', input: weights });
      return z.NEVER as never;
    }
    const choices = entries.map(([name, weight]) => ({ mode: modeIn(name, ctx, [name]), weight }));
    if (choices.some((c) => c.mode === null)) return z.NEVER as never;
    return { pick: 'weighted', choices: choices as ModeSelection['choices'] };
  });

/** `disconnect.mode`: a name, a list of names, or `{ name: weight }`. Outputs a `ModeSelection`. */
export function modeSelectionField() {
  return z.union([oneName, nameList, weightedMix], { error: LIKE });
}

/** The kinds of mode a selection can pick, including those with weight 0 (they still shape validation). */
export function kindsIn(selection: ModeSelection): Set<DisconnectModeKind> {
  return new Set(selection.choices.map((c) => c.mode.kind));
}

/** Modes only the built-in server can carry out (they act before or beyond a single connection). */
export const SERVER_ONLY_KINDS: ReadonlySet<DisconnectModeKind> = new Set(['handshake-reject', 'server-restart']);

/** Modes after which the harness stays quiet: a peer that never checks the connection never ends it. */
export const QUIET_KINDS: ReadonlySet<DisconnectModeKind> = new Set(['ping-timeout', 'idle-timeout', 'half-open']);
