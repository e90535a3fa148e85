/** The text and JSON of `ws-soak inspect` and `ws-soak diff`: the Summary and Comparison tables, and the groups that grow. */
import { formatBytes, formatCount, formatPercent, formatSignedBytes, formatSignedCount, formatSignedRate } from '../format/units.js';
import type { GroupDelta } from './compare.js';
import type { HeapGraph } from './graph.js';
import type { GroupGrowth } from './growth.js';
import type { LargestObject } from './largest-objects.js';
import type { CommonPath } from './retainers.js';
import type { GroupSummary } from './summary.js';

/** Rows shown when the caller does not say. */
export const DEFAULT_TOP_GROUPS = 20;

/** `inspect --json`: the Summary of one snapshot. */
export interface InspectJson {
  readonly source: string;
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Bytes. */
  readonly totalSize: number;
  /** The top groups by retained size. */
  readonly groups: readonly GroupSummary[];
  /** Groups left out of `groups`. */
  readonly omittedGroups: number;
  /** The largest single objects by retained size, with what holds them. */
  readonly largestObjects?: readonly LargestObject[];
}

/** `diff --json`: the Comparison of two snapshots. */
export interface DiffJson {
  readonly before: string;
  readonly after: string;
  readonly groups: readonly GroupDelta[];
  readonly omittedGroups: number;
  /** Groups that grow steadily, when three or more snapshots were given. */
  readonly growing?: readonly (GroupGrowth & { readonly retainerPath?: CommonPath })[];
}

/** Plain data for `inspect --json`. */
export function inspectJson(graph: HeapGraph, summary: readonly GroupSummary[], topN = DEFAULT_TOP_GROUPS, largest?: readonly LargestObject[]): InspectJson {
  return {
    ...(largest && { largestObjects: largest }),
    source: graph.source,
    nodeCount: graph.nodeCount,
    edgeCount: graph.edgeCount,
    totalSize: graph.totalSize(),
    groups: summary.slice(0, topN),
    omittedGroups: Math.max(0, summary.length - topN),
  };
}

/** The Summary as a table: class, count, self size, retained size (with its share of the heap). */
export function formatInspect(graph: HeapGraph, summary: readonly GroupSummary[], topN = DEFAULT_TOP_GROUPS, largest?: readonly LargestObject[]): string {
  const total = graph.totalSize();
  const head = `${graph.source}: ${formatCount(graph.nodeCount)} nodes, ${formatCount(graph.edgeCount)} edges, ${formatBytes(total)} total`;
  const rows = summary
    .slice(0, topN)
    .map((g) => [g.name, formatCount(g.count), formatBytes(g.selfSize), formatBytes(g.retainedSize), formatPercent(g.retainedSize, total)]);
  const lines = [head, '', table(['Class', 'Count', 'Self size', 'Retained size', '% of heap'], rows)];
  if (summary.length > topN) lines.push(`… ${formatCount(summary.length - topN)} more groups`);
  if (largest?.length) {
    lines.push('', 'Largest objects (retained size: what freeing that one object would free), and what holds each:');
    lines.push(table(['Class', 'Retained size', 'Self size'], largest.map((o) => [o.className, formatBytes(o.retainedSize), formatBytes(o.selfSize)])));
    for (const o of largest) lines.push(`  ${o.className} @${o.nodeId}: ${o.path}`);
  }
  return lines.join('\n');
}

/** Plain data for `diff --json`. */
export function diffJson(
  before: { readonly source: string },
  after: { readonly source: string },
  deltas: readonly GroupDelta[],
  opts: { topN?: number; growing?: readonly GroupGrowth[]; paths?: ReadonlyMap<string, CommonPath> } = {},
): DiffJson {
  const topN = opts.topN ?? DEFAULT_TOP_GROUPS;
  return {
    before: before.source,
    after: after.source,
    groups: deltas.slice(0, topN),
    omittedGroups: Math.max(0, deltas.length - topN),
    ...(opts.growing && {
      growing: opts.growing.slice(0, topN).map((g) => {
        const retainerPath = opts.paths?.get(g.name);
        return retainerPath ? { ...g, retainerPath } : g;
      }),
    }),
  };
}

/**
 * The Comparison as a table (# New, # Deleted, # Delta, sizes), then, when given, the groups
 * that grow steadily across snapshots with the retainer path most of their new objects share.
 */
export function formatDiff(
  before: { readonly source: string },
  after: { readonly source: string },
  deltas: readonly GroupDelta[],
  opts: { topN?: number; growing?: readonly GroupGrowth[]; paths?: ReadonlyMap<string, CommonPath>; notes?: readonly string[] } = {},
): string {
  const topN = opts.topN ?? DEFAULT_TOP_GROUPS;
  const lines = [`${before.source} → ${after.source}`, ''];
  if (deltas.length === 0) lines.push('No objects were allocated or freed between the two snapshots.');
  else {
    const rows = deltas
      .slice(0, topN)
      .map((d) => [d.name, formatCount(d.newCount), formatCount(d.deletedCount), formatSignedCount(d.countDelta), formatBytes(d.allocatedSize), formatBytes(d.freedSize), formatSignedBytes(d.sizeDelta)]);
    lines.push(table(['Class', '# New', '# Deleted', '# Delta', 'Alloc. size', 'Freed size', 'Size delta'], rows));
    if (deltas.length > topN) lines.push(`… ${formatCount(deltas.length - topN)} more groups`);
  }
  if (opts.growing) lines.push('', formatGrowth(opts.growing, { topN, paths: opts.paths }));
  if (opts.notes?.length) lines.push('', ...opts.notes.map((n) => `note: ${n}`));
  return lines.join('\n');
}

/** Steadily growing groups, one row each, with the common retainer path under the row when known. */
export function formatGrowth(
  growing: readonly GroupGrowth[],
  opts: { topN?: number; paths?: ReadonlyMap<string, CommonPath> } = {},
): string {
  if (growing.length === 0) return 'No group grows steadily across the snapshots.';
  const topN = opts.topN ?? DEFAULT_TOP_GROUPS;
  const first = growing[0]!;
  const head = `Growing across ${first.cycles.length} snapshots (cycles ${first.cycles.join(', ')}):`;
  const rows = growing
    .slice(0, topN)
    .map((g) => [g.name, g.counts.map(formatCount).join(' → '), formatSignedRate(g.growthPerCycle), formatSignedBytes(g.selfSizePerCycle)]);
  const out = [head, table(['Class', 'Count', 'Per cycle', 'Bytes per cycle'], rows)];
  for (const g of growing.slice(0, topN)) {
    const path = opts.paths?.get(g.name);
    // The user's name for where it lives first (client.mjs › history), then the whole shape.
    if (path) out.push(`  ${g.name}: held ${path.short ? `by ${path.short}` : 'this way'} in ${path.shapeCount} of ${path.sampled} new objects sampled: ${path.shape}`);
  }
  if (growing.length > topN) out.push(`… ${formatCount(growing.length - topN)} more growing groups`);
  return out.join('\n');
}

/** Left-aligned first column, right-aligned numbers, two spaces between columns. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
