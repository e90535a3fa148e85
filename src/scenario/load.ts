/**
 * Reading a scenario file (YAML or JSON) into a resolved `Scenario`. The only outcomes are a
 * `Scenario` or a `SoakError`; nothing here prints.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, type YAMLError } from 'yaml';
import { SCENARIO_FILE_MAX_BYTES } from '../constants.js';
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
export async function loadScenario(file: string, edit: (raw: unknown) => unknown = (raw) => raw): Promise<Scenario> {
  if (SYNTAX_BY_EXTENSION[path.extname(file).toLowerCase()] === undefined) {
    throw readError(file, 'expected a .yaml, .yml or .json file');
  }
  const scenario = resolveScenario(edit(parseScenarioText(await readScenarioFile(file), file)), file);
  assertModulesRunnable(scenario, file);
  return scenario;
}

/** What a file that is not a regular file is, for the refusal. */
function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The file's text: refused at once when it is not a regular file (a FIFO would block the read for
 * good, /dev/zero never ends) or larger than SCENARIO_FILE_MAX_BYTES.
 */
async function readScenarioFile(file: string): Promise<string> {
  try {
    const before = await stat(file);
    if (before.isDirectory()) throw readError(file, 'EISDIR: is a folder');
    if (!before.isFile()) throw readError(file, `it is ${kindOf(before)}; a scenario must be a regular file`);
    // O_NONBLOCK: should the file turn into a FIFO between the check and the open, the open does not hang.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw readError(file, `it is ${kindOf(stats)}; a scenario must be a regular file`);
      if (stats.size > SCENARIO_FILE_MAX_BYTES) throw tooLarge(file, stats.size);
      const buffer = Buffer.alloc(SCENARIO_FILE_MAX_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      // It grew after the stat: the cap holds on what is read, too.
      if (bytesRead > SCENARIO_FILE_MAX_BYTES) throw tooLarge(file, bytesRead);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof SoakError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const words = FS_ERROR_WORDS[code];
    throw readError(file, words !== undefined ? `${code}: ${words}` : String((error as Error).message), error);
  }
}

function tooLarge(file: string, bytes: number): SoakError {
  return readError(
    file,
    `the file is ${bytes.toLocaleString('en-US')} bytes; a scenario file may be at most ${SCENARIO_FILE_MAX_BYTES / 1024 / 1024} MiB (${SCENARIO_FILE_MAX_BYTES.toLocaleString('en-US')} bytes)`,
  );
}
