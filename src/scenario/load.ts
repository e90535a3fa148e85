/**
 * Reading a scenario file (YAML or JSON) into a resolved `Scenario`. The only outcomes are a
 * `Scenario` or a `SoakError`; nothing here prints.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, type YAMLError } from 'yaml';
import { SoakError } from '../errors.js';
import { scenarioInvalidError } from './errors-format.js';
import { assertModulesRunnable } from './module-runtime.js';
import { resolveScenario } from './resolve.js';
import type { Scenario } from './types.js';

export { resolveScenario } from './resolve.js';
export { applyOverrides, type ScenarioOverrides } from './overrides.js';

/** File extensions a scenario file may have, and which syntax each one means. */
const SYNTAX_BY_EXTENSION: Readonly<Record<string, 'YAML' | 'JSON'>> = {
  '.yaml': 'YAML',
  '.yml': 'YAML',
  '.json': 'JSON',
};

/** Most YAML aliases expanded while reading, against "billion laughs" files. */
const MAX_YAML_ALIASES = 100;

/** Short words for the file-system errors people meet. */
const FS_ERROR_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a folder on the path is a file',
  EISDIR: 'is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

function readError(file: string, reason: string, cause?: unknown): SoakError {
  return new SoakError('SOAK_SCENARIO_READ', `${file}: cannot read scenario file (${reason})`, { cause });
}

/** "Nested mappings are not allowed … at line 1, column 4:\n\n<excerpt>" → its first clause. */
function syntaxLine(file: string, syntax: string, error: YAMLError): string {
  const position = error.linePos?.[0];
  const where = position === undefined ? file : `${file}:${position.line}:${position.col}`;
  let text = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  // In JSON mode the yaml package calls an unquoted word an "unresolved plain scalar".
  const unquoted = /^Unresolved plain scalar (".*")$/.exec(text);
  if (syntax === 'JSON' && unquoted !== null) text = `unquoted text ${unquoted[1]}; JSON strings need double quotes`;
  return `${where}: ${syntax} syntax error: ${text}`;
}

/**
 * Parses scenario file text into plain data, with line:col in syntax errors.
 *
 * @param text - the file's contents
 * @param file - the file as given; its extension picks YAML or JSON and it starts every message
 * @throws SoakError `SOAK_SCENARIO_INVALID` for an empty file or a syntax error
 */
export function parseScenarioText(text: string, file: string): unknown {
  const syntax = SYNTAX_BY_EXTENSION[path.extname(file).toLowerCase()] ?? 'YAML';
  const empty = `${file}: the file is empty; expected scenario keys such as "duration: 60s"`;
  // A byte-order mark is invisible in editors; JSON mode would reject it.
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') throw scenarioInvalidError([empty]);
  const doc = parseDocument(source, { schema: syntax === 'JSON' ? 'json' : 'core', uniqueKeys: true });
  if (doc.errors.length > 0) throw scenarioInvalidError(doc.errors.map((e) => syntaxLine(file, syntax, e)));
  if (doc.contents === null) throw scenarioInvalidError([empty]);
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // Unresolved or excessive aliases only surface here, without a position.
    throw scenarioInvalidError([`${file}: ${syntax} error: ${(error as Error).message}`]);
  }
}

/**
 * Reads, parses and resolves a scenario file (.yaml, .yml or .json). Module paths in it are
 * relative to the file's folder.
 *
 * @throws SoakError `SOAK_SCENARIO_READ` when the file cannot be read,
 *   `SOAK_SCENARIO_INVALID` when it cannot be parsed, fails validation, or names a `.ts` module
 *   this Node.js cannot run
 */
export async function loadScenario(file: string): Promise<Scenario> {
  if (SYNTAX_BY_EXTENSION[path.extname(file).toLowerCase()] === undefined) {
    throw readError(file, 'expected a .yaml, .yml or .json file');
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const words = FS_ERROR_WORDS[code];
    throw readError(file, words !== undefined ? `${code}: ${words}` : String((error as Error).message), error);
  }
  const scenario = resolveScenario(parseScenarioText(text, file), file);
  assertModulesRunnable(scenario, file);
  return scenario;
}
