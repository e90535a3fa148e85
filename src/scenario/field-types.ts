/**
 * Building blocks for the scenario file schema: each field type accepts what people write
 * ("200ms", "64KiB", 5), converts it, and fails with a message of the form "expected …".
 * The formatter (errors-format.ts) adds the key path and ", got <value>".
 */
import { z } from 'zod';
import { formatBytes, formatDuration } from '../format/units.js';
import { DURATION_PATTERN, SIZE_PATTERN, parseDuration, parseSize } from './units.js';
import type { Warmup } from './types.js';

/**
 * Issue `params` for a message that stands on its own (a cross-check, not a bad value):
 * the formatter does not append ", got …".
 */
export const STANDALONE_MESSAGE = { standalone: true } as const;

/** A duration string ("200ms") within [min, max] milliseconds; outputs milliseconds. */
export function durationField(limits: { minMs: number; maxMs: number; example: string }) {
  const like = `expected a duration like "${limits.example}"`;
  const range = `expected a duration from ${formatDuration(limits.minMs)} to ${formatDuration(limits.maxMs)}`;
  return z
    .string({ error: like })
    .regex(DURATION_PATTERN, { error: like })
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === null || ms < limits.minMs || ms > limits.maxMs) {
        ctx.addIssue({ code: 'custom', message: ms === null ? like : range, input: text });
        return z.NEVER;
      }
      return ms;
    });
}

const PERCENT_PATTERN = /^(\d+(?:\.\d+)?) ?%$/;

/** The warm-up: a share of the run ("25%", up to `maxPercent`) or a duration up to `maxMs`. */
export function warmupField(limits: { maxPercent: number; maxMs: number }) {
  const error =
    `expected a share of the run from "0%" to "${limits.maxPercent}%"` +
    ` or a duration up to ${formatDuration(limits.maxMs)} like "10s"`;
  const pattern = new RegExp(`${PERCENT_PATTERN.source}|${DURATION_PATTERN.source}`);
  return z
    .string({ error })
    .regex(pattern, { error })
    .transform((text, ctx): Warmup => {
      const percent = PERCENT_PATTERN.exec(text);
      if (percent !== null) {
        const value = Number(percent[1]);
        if (value <= limits.maxPercent) return { kind: 'fraction', fraction: value / 100 };
      } else {
        const ms = parseDuration(text);
        if (ms !== null && ms <= limits.maxMs) return { kind: 'ms', ms };
      }
      ctx.addIssue({ code: 'custom', message: error, input: text });
      return z.NEVER;
    });
}

/** A size ("64KiB", or a bare integer of bytes) within [min, max] bytes; outputs bytes. */
export function sizeField(limits: { minBytes: number; maxBytes: number; example: string }) {
  const like = `expected a size like "${limits.example}"`;
  const range = `expected a size from ${formatBytes(limits.minBytes)} to ${formatBytes(limits.maxBytes)}`;
  return z
    .union(
      [
        z.number().int().min(limits.minBytes, { error: range }).max(limits.maxBytes, { error: range }),
        z.string().regex(SIZE_PATTERN, { error: like }),
      ],
      { error: like },
    )
    .transform((value, ctx) => {
      const bytes = parseSize(value);
      if (bytes === null || bytes < limits.minBytes || bytes > limits.maxBytes) {
        ctx.addIssue({ code: 'custom', message: bytes === null ? like : range, input: value });
        return z.NEVER;
      }
      return bytes;
    });
}

/** An integer within [min, max]; every failure says the same thing, with the range. */
export function integerField(min: number, max: number) {
  const error = `expected an integer from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** `true` or `false`; YAML's "yes"/"on" are strings in YAML 1.2 and are rejected. */
export function booleanField() {
  return z.boolean({ error: 'expected true or false' });
}

/** One of a few fixed words. */
export function choiceField<const T extends readonly [string, ...string[]]>(values: T) {
  const error = `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return z.enum(values, { error });
}

/** Free text of `minLength` to `maxLength` characters. */
export function textField(minLength: number, maxLength: number) {
  const length =
    minLength > 0
      ? `expected text of ${minLength} to ${maxLength} characters`
      : `expected text of at most ${maxLength} characters`;
  return z.string({ error: 'expected text' }).min(minLength, { error: length }).max(maxLength, { error: length });
}

const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts'] as const;

/** A path to a JavaScript or TypeScript module (existence is checked when resolving). */
export function modulePathField() {
  const error = `expected a path to a ${MODULE_EXTENSIONS.slice(0, -1).join(', ')} or ${MODULE_EXTENSIONS.at(-1)} file`;
  const pattern = new RegExp(`\\.(?:${MODULE_EXTENSIONS.map((e) => e.slice(1)).join('|')})$`);
  return z.string({ error }).regex(pattern, { error });
}

/**
 * A mapping with exactly these keys (unknown keys are errors). A wrong type says which keys
 * belong here; unknown keys are worded by the formatter, which suggests the closest key.
 */
export function sectionField<S extends z.core.$ZodLooseShape>(shape: S) {
  const keys = Object.keys(shape).map((k) => JSON.stringify(k));
  const expected = `expected a mapping with the keys ${keys.join(', ')}`;
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'invalid_type' ? expected : undefined),
  });
}

/** A number (not necessarily whole) within [min, max]. */
export function numberField(min: number, max: number) {
  const error = `expected a number from ${min} to ${max}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}
