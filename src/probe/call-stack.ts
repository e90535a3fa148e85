/**
 * The caller's stack as plain frames: through V8's structured stack API (CallSite objects), or, in a
 * process ws-soak only visits (an attached target), from the text of `stack`. The structured API
 * needs an `Error.prepareStackTrace` callback of ours, and V8 inlines it into Node's optimized
 * prepareStackTraceCallback, whose code then keeps our script (its whole source) alive after we
 * left: an attached server's own snapshot after detaching still held the recorder's source.
 */
import { fileURLToPath } from 'node:url';
import { SITES_STACK_DEPTH } from '../constants.js';
import type { RawFrame } from '../model/growth-sites.js';

export { isNodeInternal, isPackageFrame } from '../model/growth-sites.js';

interface Holder {
  stack?: NodeJS.CallSite[];
}

function fileOf(site: NodeJS.CallSite): string {
  const name = site.getFileName() ?? site.getScriptNameOrSourceURL() ?? '';
  // ESM frames come as file:// URLs; CommonJS frames as paths. One form for everything after.
  if (name.startsWith('file://')) {
    try {
      return fileURLToPath(name);
    } catch {
      return name;
    }
  }
  return name;
}

/** Frames above `above` (the hook), innermost first, at most SITES_STACK_DEPTH. */
export function callerFrames(above: (...args: never[]) => unknown, form: 'sites' | 'text' = 'sites'): RawFrame[] {
  if (form === 'text') return framesFromText(above);
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  const holder: Holder = {};
  try {
    Error.stackTraceLimit = SITES_STACK_DEPTH;
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder, above);
    // Reading `stack` runs prepareStackTrace (lazily), so it must happen before the restore.
    const sites = holder.stack ?? [];
    return sites.map((site) => ({
      file: fileOf(site),
      line: site.getLineNumber() ?? 0,
      column: site.getColumnNumber() ?? 0,
      function: site.getFunctionName() ?? site.getMethodName() ?? '',
    }));
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

/** `    at fn (file:line:col)`, `    at file:line:col`, `    at async fn (…)`, `    at new Foo (…)`. */
const FRAME_LINE = /^\s*at (?:(?:async |new )?(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

function framesFromText(above: (...args: never[]) => unknown): RawFrame[] {
  const limit = Error.stackTraceLimit;
  const holder: { stack?: string } = {};
  try {
    Error.stackTraceLimit = SITES_STACK_DEPTH;
    Error.captureStackTrace(holder, above);
    const text = typeof holder.stack === 'string' ? holder.stack : '';
    return text.split('\n').slice(1).flatMap((line) => {
      const match = FRAME_LINE.exec(line);
      if (!match) return [];
      const [, fn, file, row, col] = match as unknown as [string, string | undefined, string, string, string];
      let path = file;
      if (path.startsWith('file://')) {
        try {
          path = fileURLToPath(path);
        } catch {
          // Keep the URL as it is.
        }
      }
      return [{ file: path, line: Number(row), column: Number(col), function: fn ?? '' }];
    });
  } finally {
    Error.stackTraceLimit = limit;
  }
}
