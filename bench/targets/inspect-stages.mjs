// Where `ws-soak inspect`'s memory goes: the same stages as src/commands/snapshot-commands.ts's
// inspectCommand (parse, dominators, summary, shortest-path tree, largest objects), each with its
// own peak RSS (VmHWM reset before it) and what it leaves held, plus the graph's own arrays.
// Prints one JSON object. HEAP_MODULE: the build's dist/heap/index.js as a file URL.
import { readFileSync, writeFileSync } from 'node:fs';

const heap = await import(process.env.HEAP_MODULE);
const file = process.argv[2];
const top = 20;

const status = () => readFileSync('/proc/self/status', 'utf8');
const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status())[1]) * 1024;
const stages = [];
const started = performance.now();
function stage(name, run) {
  // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0).
  writeFileSync('/proc/self/clear_refs', '5');
  const before = kb('VmRSS');
  const t = performance.now();
  const value = run();
  stages.push({ name, ms: performance.now() - t, rssBefore: before, peakRss: kb('VmHWM'), rssAfter: kb('VmRSS'), heapUsed: process.memoryUsage().heapUsed });
  return value;
}

writeFileSync('/proc/self/clear_refs', '5');
const rssStart = kb('VmRSS');
const t0 = performance.now();
const graph = await heap.parseSnapshotFile(file);
stages.push({ name: 'parse', ms: performance.now() - t0, rssBefore: rssStart, peakRss: kb('VmHWM'), rssAfter: kb('VmRSS'), heapUsed: process.memoryUsage().heapUsed });
const arrays = {
  nodes: graph.nodes.byteLength,
  edges: graph.edges.byteLength,
  edgeTypes: graph.edgeTypes?.byteLength ?? 0,
  firstEdge: graph.firstEdge.byteLength,
  locations: graph.locations.byteLength,
  strings: graph.strings.length,
};
const tree = stage('dominators', () => heap.computeDominators(graph));
arrays.idom = tree.idom.byteLength;
arrays.retainedSize = tree.retainedSize.byteLength;
const summary = stage('summary', () => heap.summarize(graph, tree));
const paths = stage('shortest-path tree', () => heap.shortestPathTree(graph));
stage('largest objects', () => heap.largestObjects(graph, tree, paths, Math.min(top, heap.DEFAULT_LARGEST_OBJECTS)));
process.stdout.write(
  JSON.stringify({ nodes: graph.nodeCount, edges: graph.edgeCount, groups: summary.length, arrays, stages, totalMs: performance.now() - started }) + '\n',
);
