// @vscode/v8-heap-parser's side of the parse benchmark (bench/parse.mjs), on the same files as ws-soak:
//   parse   <file>   read the file and decode_bytes (the WASM parser builds its graph)
//   inspect <file>   parse + class groups with retained sizes (dominators), the work `ws-soak inspect` does
//   diff <files…>    each file in turn: parse + class groups without retained sizes, freed before the
//                    next; the least of what `ws-soak diff` does (which also matches objects by id and
//                    finds retainer paths in the last), so the comparison favours vscode
// Prints one JSON line: { nodes, classes, ms } (ms from process start). Run with
// `node --require ../lib/rusage-hook.cjs` for peak RSS.
'use strict';
const { readFileSync } = require('node:fs');
const { decode_bytes } = require('@vscode/v8-heap-parser');

const [mode, file, ...more] = process.argv.slice(2);
if (mode === 'diff') {
  const classes = [];
  for (const f of [file, ...more]) {
    const g = decode_bytes(readFileSync(f));
    classes.push(g.get_class_groups(0, 0xffffffff, true).length);
    g.free();
  }
  process.stdout.write(JSON.stringify({ classes, ms: performance.now() }) + '\n');
  process.exit(0);
}
const graph = decode_bytes(readFileSync(file));
const result = { root: graph.root_index };
if (mode === 'inspect') {
  // Every class group with retained sizes: forces the dominator tree, as `ws-soak inspect` does.
  const groups = graph.get_class_groups(0, 0xffffffff, false);
  result.classes = groups.length;
} else if (mode !== 'parse') {
  throw new Error(`vscode-task: unknown mode ${mode} (expected parse, inspect or diff)`);
}
process.stdout.write(JSON.stringify({ ...result, ms: performance.now() }) + '\n');
