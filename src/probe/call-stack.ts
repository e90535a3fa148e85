/** The caller's stack as plain frames, through V8's structured stack API (no string parsing). */
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
export function callerFrames(above: (...args: never[]) => unknown): RawFrame[] {
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
