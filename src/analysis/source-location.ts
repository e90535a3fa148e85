/**
 * Where a recorded stack frame is in the user's terms: mapped back through a source map when the
 * file has one (TypeScript, bundles; node:module's SourceMap, no dependency), and named by its
 * package and version when it lies in node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawFrame } from '../model/growth-sites.js';

/** A frame as reports show it. */
export interface SiteLocation {
  /** Relative to the working directory when inside it; inside a package, relative to the package. */
  file: string;
  line: number;
  column: number;
  function: string;
  /** `name@version` when the file is in node_modules. */
  package?: string;
}

const maps = new Map<string, SourceMap | null>();
const packages = new Map<string, string | null>();

const MAP_COMMENT = /\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/;

function loadMap(file: string): SourceMap | null {
  if (maps.has(file)) return maps.get(file) ?? null;
  let map: SourceMap | null = null;
  try {
    const text = readFileSync(file, 'utf8');
    const tail = text.slice(-4096).trimEnd().split('\n').pop() ?? '';
    const url = MAP_COMMENT.exec(tail)?.[1];
    if (url) {
      const json = url.startsWith('data:')
        ? Buffer.from(url.slice(url.indexOf(',') + 1), url.includes(';base64,') ? 'base64' : 'utf8').toString('utf8')
        : readFileSync(resolve(dirname(file), decodeURIComponent(url)), 'utf8');
      map = new SourceMap(JSON.parse(json) as SourceMapPayload);
    }
  } catch {
    // No readable map: the frame stays as V8 reported it.
  }
  maps.set(file, map);
  return map;
}

/** `file`'s position in its original source, or the frame itself when it has no source map. */
export function mapFrame(frame: RawFrame): RawFrame {
  if (!isAbsolute(frame.file) || !existsSync(frame.file)) return frame;
  const map = loadMap(frame.file);
  if (!map) return frame;
  // SourceMap is 0-based; V8's stack frames are 1-based.
  const entry = map.findEntry(frame.line - 1, frame.column - 1) as Partial<{ originalSource: string; originalLine: number; originalColumn: number; name: string }>;
  if (entry.originalSource === undefined || entry.originalLine === undefined) return frame;
  let source = entry.originalSource;
  if (source.startsWith('file://')) source = fileURLToPath(source);
  else if (!isAbsolute(source)) source = resolve(dirname(frame.file), source);
  return { file: source, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, function: frame.function };
}

/** `name@version` of the package a node_modules file belongs to, and the file's path inside it. */
function packageOf(file: string): { name: string; inside: string } | null {
  const marker = `${sep}node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return null;
  const rest = file.slice(at + marker.length).split(sep);
  const segments = rest[0]?.startsWith('@') ? 2 : 1;
  const root = join(file.slice(0, at + marker.length), ...rest.slice(0, segments));
  let name = packages.get(root);
  if (name === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string; version?: string };
      name = pkg.name ? `${pkg.name}@${pkg.version ?? '?'}` : null;
    } catch {
      name = null;
    }
    packages.set(root, name);
  }
  const fallback = rest.slice(0, segments).join('/');
  return { name: name ?? fallback, inside: rest.slice(segments).join('/') };
}

/** A recorded frame in the user's terms (source-mapped, package-named, relative to the working directory). */
export function locate(frame: RawFrame, cwd = process.cwd()): SiteLocation {
  const mapped = mapFrame(frame);
  const pkg = packageOf(mapped.file);
  const function_ = mapped.function || '(anonymous)';
  if (pkg) return { file: pkg.inside, line: mapped.line, column: mapped.column, function: function_, package: pkg.name };
  const rel = isAbsolute(mapped.file) ? relative(cwd, mapped.file) : mapped.file;
  const file = rel.startsWith('..') || isAbsolute(rel) ? mapped.file : rel;
  return { file, line: mapped.line, column: mapped.column, function: function_ };
}

/** `socket.io-client@4.7.4 lib/socket.js:12:5` or `client.mjs:12:5`. */
export function formatLocation(loc: Pick<SiteLocation, 'file' | 'line' | 'column' | 'package'>, withColumn = true): string {
  const place = `${loc.file}:${loc.line}${withColumn ? `:${loc.column}` : ''}`;
  return loc.package ? `${loc.package} ${place}` : place;
}
