/**
 * Regenerates docs/scenario.schema.json from the zod schema. Run after a build:
 *   node dist/scenario/write-json-schema.js
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SCENARIO_JSON_SCHEMA_PATH, scenarioJsonSchemaText } from './json-schema.js';

/** Writes the schema into the package this file belongs to (two folders up from dist/scenario/). */
async function main(): Promise<void> {
  const target = fileURLToPath(new URL(`../../${SCENARIO_JSON_SCHEMA_PATH}`, import.meta.url));
  await writeFile(target, scenarioJsonSchemaText());
  process.stdout.write(`wrote ${target}\n`);
}

await main();
