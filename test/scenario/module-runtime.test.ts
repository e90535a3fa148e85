/** A `.ts` module on a Node.js without type stripping is a scenario error, before anything starts. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SoakError } from '../../src/errors.js';
import { assertModulesRunnable, moduleRuntimeProblems, supportsTypeStripping } from '../../src/scenario/module-runtime.js';
import { runCli } from '../helpers/run-cli.js';

const modules = (client: string | null, server: string | null = null) => ({ client: { module: client }, server: { module: server } }) as never;

describe('moduleRuntimeProblems', () => {
  it('knows which Node.js versions strip types', () => {
    expect(supportsTypeStripping('v20.20.0')).toBe(false);
    expect(supportsTypeStripping('v22.5.1')).toBe(false);
    expect(supportsTypeStripping('v22.6.0')).toBe(true);
    expect(supportsTypeStripping('v24.1.0')).toBe(true);
  });

  it('names the file, the key and what to do for a .ts module on Node 20; nothing for .mjs or on Node 22.6', () => {
    expect(moduleRuntimeProblems(modules('/x/client.ts'), 's.yaml', 'v20.20.0')).toEqual([
      's.yaml: client.module: /x/client.ts is TypeScript, which needs Node.js 22.6 or later (this is v20.20.0); ' +
        'compile it to .js (e.g. with tsc) and point client.module at the output, or run ws-soak on Node.js ≥ 22.6',
    ]);
    expect(moduleRuntimeProblems(modules('/x/client.mjs', '/x/server.mts'), 's.yaml', 'v20.20.0')).toHaveLength(1);
    expect(moduleRuntimeProblems(modules('/x/client.mjs'), 's.yaml', 'v20.20.0')).toEqual([]);
    expect(moduleRuntimeProblems(modules('/x/client.ts'), 's.yaml', 'v22.6.0')).toEqual([]);
    try {
      assertModulesRunnable(modules('/x/client.ts'), 's.yaml', 'v20.20.0');
      expect.unreachable();
    } catch (error) {
      expect((error as SoakError).code).toBe('SOAK_SCENARIO_INVALID');
      expect((error as SoakError).message).toContain('s.yaml: client.module: /x/client.ts is TypeScript');
    }
  });

  it.runIf(!supportsTypeStripping(process.version))('ws-soak run: exit 2 before any process starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-soak-ts-'));
    writeFileSync(join(dir, 'client.ts'), 'export default function start(ctx: { url: string }): void {}\n');
    writeFileSync(join(dir, 's.yaml'), 'duration: 5s\nclient:\n  module: ./client.ts\n');
    const started = Date.now();
    const result = await runCli(['run', join(dir, 's.yaml'), '--reports-dir', join(dir, 'reports')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, 's.yaml')}: client.module: ${join(dir, 'client.ts')} is TypeScript, which needs Node.js 22.6 or later`);
    expect(result.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
