/**
 * The layout's promise, checked: data flows one way through the stages, so no folder of src/
 * imports a later stage's folder, and no file reaches itself through its imports (type imports
 * count: a type circle is still two modules that cannot be understood apart).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * Each stage may import its own folder and the stages above it, never one below; within a line,
 * a folder may import those listed before it.
 */
const STAGES: string[][] = [
  // Shared by everything: tunables, the error type, the user-module contracts, the tool's version.
  ['constants', 'errors', 'contracts', 'version'],
  // Pure helpers shared by later stages: statistics, and the one formatter of numbers and units.
  ['stats', 'format'],
  ['scenario'],
  // Records that cross stages (samples, counts, run record, a child's exit).
  ['model'],
  // The parent–child protocol and the parent's side of a child process.
  ['ipc'],
  // Inside the child processes: the harness's sides of a connection, the probe, the entry point.
  ['tls', 'connection', 'client', 'server', 'proxy', 'probe'],
  ['child'],
  // The orchestrator's side of a running process it attached to: the probe over the inspector protocol.
  ['attach'],
  // The orchestrator and the folder it writes.
  ['run-folder'],
  ['run'],
  // Reading what the run measured.
  ['heap', 'verdict'],
  ['analysis'],
  ['report'],
  ['commands'],
  ['failure-message', 'cli'],
  ['index'],
];

const rank = new Map<string, number>();
STAGES.forEach((line, stage) => line.forEach((name, i) => rank.set(name, stage * 100 + i)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `run/run.ts` -> `run`; `cli.ts` -> `cli`. */
function stageOf(file: string): string {
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.ts$/, '');
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)|(?:^|\n)\s*import\s+'(\.[^']+)'/g;

/** Relative imports of every source file, resolved to source paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => resolve(dirname(file), (m[1] ?? m[2] ?? m[3])!).replace(/\.js$/, '.ts'));
    graph.set(file, targets);
  }
  return graph;
}

describe('import stages', () => {
  const graph = importGraph();

  it('reads the imports (the check would pass vacuously otherwise)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get(join(SRC, 'run/run.ts'))).toContain(join(SRC, 'ipc/child-process.ts'));
  });

  it('places every folder and top-level file of src/ in a stage', () => {
    const unplaced = [...new Set([...graph.keys()].map(stageOf))].filter((stage) => !rank.has(stage));
    expect(unplaced).toEqual([]);
  });

  it('has no import from a stage into a later one', () => {
    const backward: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        const from = stageOf(file);
        const to = stageOf(target);
        if (from !== to && (rank.get(to) ?? Infinity) > (rank.get(from) ?? -Infinity)) {
          backward.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
        }
      }
    }
    expect(backward).toEqual([]);
  });

  it('has no import circle between files', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      path.push(file);
      for (const target of graph.get(file) ?? []) {
        if (state.get(target) === 'open') circles.push([...path.slice(path.indexOf(target)), target].map((f) => relative(SRC, f)).join(' -> '));
        else if (!state.has(target)) visit(target);
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(circles).toEqual([]);
  });
});
