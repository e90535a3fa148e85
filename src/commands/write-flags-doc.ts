/**
 * Regenerates README.md's flag list from the option table. Run after a build
 * (`npm run docs:flags` does both): node dist/commands/write-flags-doc.js
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FLAGS_README_PATH, withFlagsList } from './flags-markdown.js';

/** Rewrites the README of the package this file belongs to (two folders up from dist/commands/). */
async function main(): Promise<void> {
  const target = fileURLToPath(new URL(`../../${FLAGS_README_PATH}`, import.meta.url));
  await writeFile(target, withFlagsList(await readFile(target, 'utf8')));
  process.stdout.write(`wrote ${target}\n`);
}

await main();
