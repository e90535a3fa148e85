// @vscode/v8-heap-parser's side of the parse benchmark (bench/parse.mjs), on the same files as ws-soak:
//   parse   <file>   read the file and decode_bytes (the WASM parser builds its graph)
//   inspect <file>   parse + class groups with retained sizes (dominators), the work `ws-soak inspect` does
// Prints one JSON line: { nodes, classes, ms } (ms from process start). Run with
// `node --require ../lib/rusage-hook.cjs` for peak RSS.
'use strict';
const { readFileSync } = require('node:fs');
const { decode_bytes } = require('@vscode/v8-heap-parser');

const [mode, file] = process.argv.slice(2);
const graph = decode_bytes(readFileSync(file));
const result = { root: graph.root_index };
if (mode === 'inspect') {
  // Every class group with retained sizes: forces the dominator tree, as `ws-soak inspect` does.
  const groups = graph.get_class_groups(0, 0xffffffff, false);
  result.classes = groups.length;
} else if (mode !== 'parse') {
  throw new Error(`vscode-task: unknown mode ${mode} (expected parse or inspect)`);
}
process.stdout.write(JSON.stringify({ ...result, ms: performance.now() }) + '\n');
