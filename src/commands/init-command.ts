/**
 * `ws-soak init [dir]`: writes a commented starter scenario (soak.yaml) and an example client
 * module (my-client.mjs) to soak, so a first run of your own is one edit away. Never overwrites.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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

const CLIENT = `// An example client module, written by \`ws-soak init\`: replace its body with your own client.
// ws-soak calls the default export once with { url, signal } and calls stop() at the end.
// Its imports resolve from this file's folder: \`npm install ws\` here if it has no node_modules with ws.
import WebSocket from 'ws';

export default function start({ url, signal }) {
  let socket = null;
  let retry = null;
  let heartbeat = null;

  function connect() {
    if (signal.aborted) return;
    socket = new WebSocket(url);
    socket.on('open', () => {
      heartbeat = setInterval(() => socket.ping(), 1000);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      // Forget this clearInterval and ws-soak fails the run: a Timeout handle per reconnect.
      clearInterval(heartbeat);
      retry = setTimeout(connect, 5);
    });
  }

  connect();
  return {
    stop() {
      clearTimeout(retry);
      clearInterval(heartbeat);
      socket?.terminate();
    },
  };
}
`;

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
  writeFileSync(paths[1] as string, CLIENT, { flag: 'wx' });
  const scenario = relative(process.cwd(), paths[0] as string) || INIT_FILES.scenario;
  const text =
    `wrote ${paths.join(' and ')}\n` +
    `next: npx ws-soak run ${scenario}   (edit ${INIT_FILES.client}, or point client.module at your own client)\n`;
  return { files: paths, text };
}
