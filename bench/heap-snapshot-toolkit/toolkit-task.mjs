// heap-snapshot-toolkit's side of the parse benchmark (bench/parse.mjs), on the same files as ws-soak:
//   parse   <file>   parse() — DevTools' loader, which also builds dominators and retained sizes
//   inspect <file>   parse + aggregates per class (counts, self and retained sizes), the work
//                    `ws-soak inspect` does
// DevTools computes dominators inside parse, so parse and inspect differ only by the aggregates.
// Prints one JSON line: { nodes, classes, ms } (ms from process start).
import { createReadStream } from 'node:fs';
import { parse, DevToolsAPI } from 'heap-snapshot-toolkit';

const [mode, file] = process.argv.slice(2);
const snapshot = await parse(createReadStream(file, 'utf-8'));
const result = { nodes: snapshot.nodeCount };
if (mode === 'inspect') {
  const aggregates = snapshot.aggregatesWithFilter(new DevToolsAPI.HeapSnapshotModel.NodeFilter());
  result.classes = Object.keys(aggregates).length;
} else if (mode !== 'parse') {
  throw new Error(`toolkit-task: unknown mode ${mode} (expected parse or inspect)`);
}
process.stdout.write(JSON.stringify({ ...result, ms: performance.now() }) + '\n');
