/**
 * The scenario file format as JSON Schema, for editors (YAML language server, VS Code) and
 * docs/scenario.schema.json. Generated from the zod schema so the two cannot drift.
 */
import { z } from 'zod';
import { scenarioFileSchema } from './schema.js';

/** Where the generated schema is committed, relative to the package root. */
export const SCENARIO_JSON_SCHEMA_PATH = 'docs/scenario.schema.json';

/**
 * The JSON Schema of a scenario file as people write it (the input side: durations and sizes
 * are strings such as "200ms" and "64KiB", not the numbers they become).
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioFileSchema, { io: 'input', target: 'draft-2020-12' });
}

/** The exact text of docs/scenario.schema.json: pretty-printed, ending in a newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
