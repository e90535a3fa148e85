/**
 * `ws-soak init [dir]`: writes a commented starter scenario (soak.yaml) and an example client
 * module (my-client.mjs) to soak, so a first run of your own is one edit away. Never overwrites.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { SoakError } from '../errors.js';

/** The files `init` writes, by name. */
export const INIT_FILES = { scenario: 'soak.yaml', client: 'my-client.mjs' } as const;

const SCENARIO = `# A starter scenario, written by \`ws-soak init\`. Run it with: npx ws-soak run soak.yaml
# Every key is optional but one of duration/cycles; the full list is in ws-soak's README.
name: my-client
description: My reconnecting client, soaked against the built-in server.
duration: 60s               # how long to soak (or cycles: 5000, whichever comes first)
warmup: 25%                 # the start is not judged: V8 and your caches warm up there
under-test: client          # measure the client (your module) for leaks
client:
  module: ./my-client.mjs   # relative to this file; its own imports resolve from its folder
disconnect:
  mode: close-1000          # how the built-in server ends each connection (terminate, ping-timeout, …)
  after: 20ms               # each connection lives this long: more cycles per second settle sooner
sample:
  interval: 1s              # memory samples (with a forced GC) in the client's process
verdict:
  maxGrowthPerCycle: 128B   # post-GC heap growth per reconnect above which a steady rise fails
`;

/** The example client shipped in the package (scenarios/ is in its `files`), copied as the starter module. */
const EXAMPLE_CLIENT = new URL('../../scenarios/examples/reconnecting-client.mjs', import.meta.url);

const CLIENT_HEADER =
  '// Written by `ws-soak init` from ws-soak\'s scenarios/examples/reconnecting-client.mjs: replace it with your client.\n' +
  "// Its imports resolve from this file's folder: `npm install ws` here if that folder has no ws.\n";

/** What `init` wrote, and what to tell the user. */
export interface InitResult {
  files: string[];
  text: string;
}

/** Writes the starter files into `dir` (created if needed); SOAK_OUT_DIR when one of them exists. */
export function initCommand(dir = '.'): InitResult {
  const folder = resolve(dir);
  const paths = [join(folder, INIT_FILES.scenario), join(folder, INIT_FILES.client)];
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length > 0) {
    throw new SoakError('SOAK_OUT_DIR', `${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}; ws-soak init never overwrites: choose another folder (ws-soak init <dir>) or move the file away`);
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(paths[0] as string, SCENARIO, { flag: 'wx' });
  writeFileSync(paths[1] as string, CLIENT_HEADER + readFileSync(EXAMPLE_CLIENT, 'utf8'), { flag: 'wx' });
  const scenario = relative(process.cwd(), paths[0] as string) || INIT_FILES.scenario;
  const text =
    `wrote ${paths.join(' and ')}\n` +
    `next: npx ws-soak run ${scenario}   (edit ${INIT_FILES.client}, or point client.module at your own client)\n`;
  return { files: paths, text };
}
