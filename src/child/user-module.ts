/** Loads a user's client or server module and checks it keeps the contract. */
import { pathToFileURL } from 'node:url';
import { SoakError } from '../errors.js';

function firstLine(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0]}`;
  return String(error);
}

/**
 * Imports `path` and returns its default export as a function.
 * `key` is the scenario key that named the module, for the error message.
 */
export async function loadUserModule(path: string, key: string): Promise<(ctx: never) => unknown> {
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new SoakError(
      'SOAK_MODULE_LOAD',
      `${key} ${path}: the module could not be loaded (${firstLine(error)}). ` +
        'Check that it runs with `node` on its own and that its imports are installed.',
      { cause: error },
    );
  }
  let start = namespace.default;
  // A CommonJS module's `module.exports = { default }` arrives one level down.
  if (start && typeof start === 'object' && typeof (start as { default?: unknown }).default === 'function') {
    start = (start as { default: unknown }).default;
  }
  if (typeof start !== 'function') {
    const found = start === undefined ? 'no default export' : `a default export of type ${typeof start}`;
    throw new SoakError(
      'SOAK_MODULE_LOAD',
      `${key} ${path}: expected a default export that is a function (the module's start), found ${found}. ` +
        'Write `export default function start(ctx) { … }` (see README "Your own client or server").',
    );
  }
  return start as (ctx: never) => unknown;
}

/** Calls a user's start function, turning a throw or a rejection into an error that names the module. */
export async function callUserStart<T>(start: (ctx: never) => unknown, ctx: unknown, key: string, path: string): Promise<T> {
  try {
    return (await start(ctx as never)) as T;
  } catch (error) {
    throw new SoakError(
      'SOAK_MODULE_LOAD',
      `${key} ${path}: the module's start function threw: ${firstLine(error)}`,
      { cause: error },
    );
  }
}
