// ws-soak's side of the parse-only measurement: parseSnapshotFile on one file, as
// memlab-task.cjs `parse` does with memlab. Prints { nodes, edges, ms } (ms from process start).
const { parseSnapshotFile } = await import(process.env.PARSE_MODULE);
const graph = await parseSnapshotFile(process.argv[2]);
process.stdout.write(JSON.stringify({ nodes: graph.nodeCount, edges: graph.edgeCount, ms: performance.now() }) + '\n');
