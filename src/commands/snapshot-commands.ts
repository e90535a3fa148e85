/**
 * `ws-soak inspect <file or run folder>` and `ws-soak diff <snapshots or run folder…>`: what a heap snapshot holds,
 * and what grew between snapshots and what retains it. Both stream the files, so
 * snapshots beyond V8's maximum string length work. They return text or JSON data.
 */
import { basename } from 'node:path';
import { DIFF_GROUPS_WITH_PATHS } from '../constants.js';
import {
  commonRetainerPath,
  compareSnapshots,
  computeDominators,
  countGroups,
  DEFAULT_LARGEST_OBJECTS,
  diffJson,
  diffNotes,
  formatDiff,
  formatInspect,
  groupNodes,
  growingGroupsFromTables,
  inspectJson,
  largestObjects,
  newStringNodes,
  objectTable,
  parseSnapshotFile,
  shortestPathTree,
  summarize,
  type CommonPath,
  type CountTable,
  type HeapGraph,
  type NodeGroups,
  type ObjectTable,
} from '../heap/index.js';
import { parseAhead, type ParseAhead } from '../heap/parse-ahead.js';
import { SoakError } from '../errors.js';
import { cycleInSnapshotName } from '../run-folder/layout.js';
import { diffFiles, inspectFile } from './snapshot-args.js';
import { formatRunSites, runFolderSites } from './run-sites.js';

/** Objects per cycle below which a group's growth is shown but not called growth (V8 warm-up noise). */
const DIFF_MIN_GROWTH_PER_CYCLE = 0.05;

/** `inspect <file or run folder>`: a run folder stands for its last snapshot of the process under test. */
export async function inspectCommand(arg: string, options: { json: boolean; top: number }): Promise<string> {
  const { files, note } = inspectFile(arg);
  const graph = await parseSnapshotFile(files[0] as string);
  const tree = computeDominators(graph);
  const summary = summarize(graph, tree);
  // The class rows hide one big collection among its class: list the largest single objects too.
  const largest = largestObjects(graph, tree, shortestPathTree(graph), Math.min(options.top, DEFAULT_LARGEST_OBJECTS));
  if (options.json) return JSON.stringify(inspectJson(graph, summary, options.top, largest), null, 2) + '\n';
  return `${note ? `${note}\n\n` : ''}${formatInspect(graph, summary, options.top, largest)}\n`;
}

/** The cycle count in a ws-soak snapshot name (`client-3-c1200.heapsnapshot`), else the file's position. */
export function cycleOf(file: string, position: number): number {
  return cycleInSnapshotName(basename(file)) ?? position;
}

/** `diff <files or run folders…>`: a run folder stands for its snapshots of the process under test, in cycle order. */
export async function diffCommand(args: string[], options: { json: boolean; top: number }): Promise<string> {
  const { files, note } = diffFiles(args);
  const cycles = files.map((f, i) => cycleOf(f, i + 1));
  // Without distinct cycle counts in the names, order is all we know: use positions.
  const distinct = new Set(cycles).size === cycles.length && cycles.every((c, i) => i === 0 || c > (cycles[i - 1] ?? 0));
  const xs = distinct ? cycles : files.map((_, i) => i + 1);

  const tables: CountTable[] = [];
  // Of the first snapshot only its objects by id are kept (ObjectTable, 16 bytes a node); of the
  // others only the latest graph, let go of before the next is read (bench/parse.mjs: 3 × 246 MB
  // snapshots peaked at 1,099 MiB with three graphs held, 863 with two, ~650 with one). The next
  // file's parse starts before this one is counted, so its edges worker overlaps the counting.
  let first: ObjectTable | null = null;
  let last: HeapGraph | null = null;
  let lastGroups: NodeGroups | null = null;
  // Only the last graph's edge names are ever read (retainer paths): the others decode node names only.
  const start = (i: number): ParseAhead => parseAhead(files[i] as string, { nodeNamesOnly: i < files.length - 1 });
  let next: ParseAhead | null = start(0);
  for (let i = 0; next; i++) {
    last = null;
    lastGroups = null;
    let graph: HeapGraph | null = await next.graph;
    next = i + 1 < files.length ? start(i + 1) : null;
    if (next) {
      // If the counting below throws, the next parse's error must not surface as an unhandled rejection.
      next.graph.catch(() => undefined);
      await next.working;
    }
    const groups: NodeGroups = groupNodes(graph);
    tables.push({ cycle: xs[i] ?? i + 1, groups: countGroups(graph, groups) });
    if (i === 0) first = objectTable(graph, groups);
    else if (i === files.length - 1) {
      last = graph;
      lastGroups = groups;
    }
    // A suspended async function can keep a dead local alive across the next await: clear it.
    graph = null;
  }
  if (!first || !last || !lastGroups) throw new SoakError('SOAK_INTERNAL', `diff read ${files.length} snapshots but kept no first or last graph`);

  const growing = files.length >= 3 ? growingGroupsFromTables(tables, { minGrowthPerCycle: DIFF_MIN_GROWTH_PER_CYCLE / (distinct ? 1 : 100) }) : [];
  const deltas = compareSnapshots(first, objectTable(last, lastGroups));
  const paths = new Map<string, CommonPath>();
  const sinceIds = first.ids;
  const groups = lastGroups;
  const tree = shortestPathTree(last);
  const names = growing.length ? growing.map((g) => g.name) : deltas.filter((d) => d.countDelta > 0).map((d) => d.name);
  for (const name of names.slice(0, DIFF_GROUPS_WITH_PATHS)) {
    const path = commonRetainerPath(last, name, { sinceIds, groups, tree });
    if (path) paths.set(name, path);
  }
  const notes = diffNotes(deltas, growing, newStringNodes(last, sinceIds));
  const opts = { topN: options.top, growing, paths, notes };
  // Given a run folder, the lines that add to what grows, from its sites phase.
  const sites = runFolderSites(args);
  if (options.json) return JSON.stringify({ ...diffJson(first, last, deltas, opts), ...(sites.length && { sites }) }, null, 2) + '\n';
  const sitesText = formatRunSites(sites);
  return `${note ? `${note}\n\n` : ''}${formatDiff(first, last, deltas, opts)}\n${sitesText ? `\n${sitesText}\n` : ''}`;
}
