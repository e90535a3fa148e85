/**
 * Property tests: random and mutated YAML/JSON thrown at the scenario loader. Every case
 * must end in a valid scenario or a SoakError whose message names the file — never a
 * crash of another kind, a hang, or a stack trace in the message.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isSoakError } from '../../src/errors.js';
import { parseScenarioText, resolveScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';

const FILE = 'fuzz/scenario.yaml';
/** Bounded so the suite stays fast; the seed is printed by fast-check on failure. */
const RUNS = 400;

/** Loads text as the CLI does; returns the scenario or the error's message. */
function load(text: string, file = FILE): { scenario?: Scenario; error?: string } {
  try {
    return { scenario: resolveScenario(parseScenarioText(text, file), file) };
  } catch (error) {
    if (!isSoakError(error)) throw error;
    expect(['SOAK_SCENARIO_INVALID', 'SOAK_SCENARIO_READ']).toContain(error.code);
    return { error: error.message };
  }
}

function expectCleanOutcome(outcome: { scenario?: Scenario; error?: string }): void {
  if (outcome.error !== undefined) {
    expect(outcome.error.startsWith(FILE)).toBe(true);
    expect(outcome.error).not.toMatch(/\n\s+at /);
    expect(outcome.error).not.toContain('[object Object]');
  } else {
    expect(outcome.scenario?.durationMs ?? outcome.scenario?.cycles).not.toBeNull();
  }
}

const VALID = {
  name: 'fuzz',
  duration: '10s',
  warmup: '25%',
  sample: { interval: '1s', gc: true },
  snapshots: { keep: 3, engine: 'v8' },
  client: { count: 2 },
  disconnect: { after: '20ms', jitter: '5ms' },
  traffic: { messages: 1, size: '1KiB' },
  verdict: { maxGrowthPerCycle: '128B', minCycles: 100 },
};

type Path = string[];
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}
const PATHS = pathsOf(VALID).filter((p) => p.length > 0);

function mutate(base: unknown, path: Path, action: 'set' | 'delete' | 'rename', value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (action === 'delete') delete node[last];
  else if (action === 'rename') {
    node[`${last}x`] = node[last];
    delete node[last];
  } else node[last] = value;
  return copy;
}

describe('scenario loader under random input', () => {
  it('the valid base scenario loads', () => {
    expect(load(stringify(VALID)).scenario?.durationMs).toBe(10_000);
  });

  it('random JSON values: a scenario or a clear error', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expectCleanOutcome(load(JSON.stringify(value)));
      }),
      { numRuns: RUNS },
    );
  });

  it('random text as YAML: a scenario or a clear error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
        expectCleanOutcome(load(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('a valid scenario with one key set to anything, deleted or misspelled', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PATHS),
        fc.constantFrom('set' as const, 'delete' as const, 'rename' as const),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('1e9', '-1s', '0B', 'NaN', '∞', '999999999999d', '')),
        (path, action, value) => {
          const outcome = load(stringify(mutate(VALID, path, action, value)));
          expectCleanOutcome(outcome);
          if (outcome.error !== undefined && action !== 'delete') {
            // The message points at the key that was changed (or its section).
            expect(outcome.error).toContain(path[0]);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('nonsense sizes, counts and durations are errors that state the allowed range', () => {
    expect(load(stringify({ ...VALID, client: { count: 1e9 } })).error).toContain(
      'client.count: expected an integer from 1 to 1000, got 1000000000',
    );
    expect(load(stringify({ ...VALID, duration: '30d' })).error).toMatch(/duration: expected .*7d.*got "30d"/);
  });
});
