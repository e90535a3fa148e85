/**
 * Turns zod issues into one human line each:
 *   scenarios/x.yaml: disconnect.after: expected a duration like "200ms", got "fast"
 *   scenarios/x.yaml: disconnect.aftr: unknown key; did you mean "after"?
 */
import { z } from 'zod';
import { SoakError } from '../errors.js';
import { closestMatch } from './did-you-mean.js';

/** Most problems listed in one error; the rest are counted. */
export const MAX_PROBLEMS_SHOWN = 10;
/** Longest rendering of a found value before it is cut with "…". */
export const MAX_VALUE_CHARS = 60;

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/** Renders a found value JSON-style, cut to `MAX_VALUE_CHARS`. */
export function showValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'nothing';
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else if (typeof value === 'function' || typeof value === 'symbol') text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      // YAML aliases can build cycles, which JSON cannot show.
      text = Array.isArray(value) ? '[…]' : '{…}';
    }
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** A dotted key path as people write it: `snapshots.atCycles[2]`, `verdict["odd key"]`. */
export function formatPath(path: readonly PathKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else {
      const name = String(key);
      if (/^[A-Za-z_$][\w$-]*$/.test(name)) text += text === '' ? name : `.${name}`;
      else text += `[${JSON.stringify(name)}]`;
    }
  }
  return text;
}

/** Strips wrappers (defaults, optionals, pipes) down to the schema that decides the shape. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let node = schema;
  for (let depth = 0; depth < 50; depth++) {
    if (node instanceof z.ZodPipe) node = node.in instanceof z.ZodTransform ? node.out : node.in;
    else if (
      node instanceof z.ZodDefault ||
      node instanceof z.ZodPrefault ||
      node instanceof z.ZodOptional ||
      node instanceof z.ZodNullable ||
      node instanceof z.ZodReadonly
    ) {
      node = node.def.innerType;
    } else return node;
  }
  return node;
}

/** The mapping schemas a (wrapped) schema may be: one for an object, several for a union. */
function objectsIn(schema: z.core.$ZodType): z.ZodObject[] {
  const node = unwrap(schema);
  if (node instanceof z.ZodObject) return [node];
  if (node instanceof z.ZodUnion) return node.options.flatMap((option) => objectsIn(option));
  return [];
}

/** The keys allowed in the mapping at `path` of `schema`; empty when the path leads nowhere. */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PathKey[]): string[] {
  let objects = objectsIn(schema);
  for (const key of path) {
    if (typeof key !== 'string') return [];
    objects = objects.flatMap((o) => {
      const child = o.shape[key];
      return child === undefined ? [] : objectsIn(child);
    });
  }
  return [...new Set(objects.flatMap((o) => Object.keys(o.shape)))];
}

function isStandalone(issue: Issue): boolean {
  return issue.code === 'custom' && issue.params?.['standalone'] === true;
}

/** The branch of a failed union that the value was evidently meant for, if exactly one. */
function intendedBranch(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] | undefined {
  const plausible = issue.errors.filter(
    (branch) => !branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
  );
  return plausible.length === 1 ? plausible[0] : undefined;
}

function linesFor(issue: Issue, schema: z.core.$ZodType, where: string, base: readonly PathKey[]): string[] {
  const path = [...base, ...issue.path];
  const prefix = (p: readonly PathKey[]): string => (p.length === 0 ? `${where}: ` : `${where}: ${formatPath(p)}: `);
  if (issue.code === 'invalid_union') {
    const branch = intendedBranch(issue);
    if (branch !== undefined) return branch.flatMap((inner) => linesFor(inner, schema, where, path));
  }
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, path);
    return issue.keys.map((key) => {
      const suggestion = closestMatch(key, known);
      const hint =
        suggestion !== undefined
          ? `did you mean "${suggestion}"?`
          : `allowed keys: ${known.map((k) => JSON.stringify(k)).join(', ')}`;
      return `${prefix([...path, key])}unknown key; ${hint}`;
    });
  }
  const got = isStandalone(issue) || !('input' in issue) ? '' : `, got ${showValue(issue.input)}`;
  return [`${prefix(path)}${issue.message}${got}`];
}

/**
 * One line per problem, in schema order, without repeats. `where` starts each line: the scenario
 * file as given, or a flag name such as `--duration`.
 */
export function describeIssues(issues: readonly Issue[], schema: z.core.$ZodType, where: string): string[] {
  return [...new Set(issues.flatMap((issue) => linesFor(issue, schema, where, [])))];
}

/** One `SOAK_SCENARIO_INVALID` error listing up to `MAX_PROBLEMS_SHOWN` problems, one per line. */
export function scenarioInvalidError(lines: readonly string[]): SoakError {
  const shown = lines.slice(0, MAX_PROBLEMS_SHOWN);
  const hidden = lines.length - shown.length;
  if (hidden > 0) shown.push(`(${hidden} more problem${hidden === 1 ? '' : 's'} not shown)`);
  return new SoakError('SOAK_SCENARIO_INVALID', shown.join('\n'));
}
