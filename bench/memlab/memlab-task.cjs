// memlab's side of the parse benchmark (bench/parse.mjs), on the same files as ws-soak:
//   parse  <file>            utils.getSnapshotFromFile
//   inspect <file>           parse + dominators and retained sizes (TraceFinder) + counts per class,
//                            the work `ws-soak inspect` does
//   diff <a> <b> [more…]     parse each, counts per class of each, objects in the last one that
//                            are not in the first (by node id) per class, shortest paths in the last,
//                            the work `ws-soak diff` does
// Prints one JSON line: { nodes, edges, classes, ms } (ms from process start). Run with
// `node --require ../lib/rusage-hook.cjs` for peak RSS.
'use strict';
const { utils, TraceFinder, config } = require('@memlab/core');

// memlab prints progress with terminal escapes: keep the output to the JSON line.
config.muteConsole = true;

async function load(file) {
  return utils.getSnapshotFromFile(file, { buildNodeIdIndex: true });
}

function countByClass(snapshot) {
  const counts = new Map();
  snapshot.nodes.forEach((node) => {
    const name = node.type === 'object' || node.type === 'closure' ? node.name : `(${node.type})`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  return counts;
}

async function main() {
  const [mode, ...files] = process.argv.slice(2);
  let result;
  if (mode === 'parse') {
    const snapshot = await load(files[0]);
    result = { nodes: snapshot.nodes.length, edges: snapshot.edges.length };
  } else if (mode === 'inspect') {
    const snapshot = await load(files[0]);
    new TraceFinder().calculateAllNodesRetainedSizes(snapshot);
    result = { nodes: snapshot.nodes.length, edges: snapshot.edges.length, classes: countByClass(snapshot).size };
  } else if (mode === 'diff') {
    let firstIds = null;
    let last = null;
    for (const file of files) {
      const snapshot = await load(file);
      countByClass(snapshot);
      if (firstIds === null) {
        firstIds = new Set();
        snapshot.nodes.forEach((node) => void firstIds.add(node.id));
      } else last = snapshot;
    }
    const added = new Map();
    last.nodes.forEach((node) => {
      if (!firstIds.has(node.id)) added.set(node.name, (added.get(node.name) ?? 0) + 1);
    });
    new TraceFinder().annotateShortestPaths(last);
    result = { nodes: last.nodes.length, edges: last.edges.length, classes: added.size };
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  process.stdout.write(JSON.stringify({ ...result, ms: performance.now() }) + '\n');
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
