/**
 * The one table of every command, positional and flag: src/cli.ts builds yargs (and so `--help`)
 * from it, README.md's flag list is generated from it (`npm run docs:flags`), and
 * test/commands/options.test.ts keeps the three in step, as vitest's `cli-config.ts` does.
 * Data only, no imports: the CLI loads it before any command's code.
 */

/** A `--flag`. `default` is what yargs fills in when the flag is absent. */
export interface OptionSpec {
  type: 'string' | 'number' | 'boolean';
  description: string;
  default?: string | number | boolean;
  alias?: string | readonly string[];
  choices?: readonly string[];
}

/** A positional argument, in command-line order. */
export interface PositionalSpec {
  name: string;
  description: string;
  /** Required (`<name>`), or optional and repeatable (`[name..]`), or with `single` optional once (`[name]`). */
  required: boolean;
  /** An optional positional taken at most once. */
  single?: boolean;
  /** What a usage error calls it when it is missing ("scenario file"). */
  missing: string;
}

/** One command: its name, what it does, its positionals and its own flags (the global ones aside). */
export interface CommandSpec {
  name: string;
  description: string;
  /** A whole command line that works, shown when a positional is missing. */
  example: string;
  positionals: readonly PositionalSpec[];
  options: Readonly<Record<string, OptionSpec>>;
}

/** Flags every command takes. */
export const GLOBAL_OPTIONS = {
  verbose: { type: 'boolean', default: false, description: 'Show stack traces for errors, and retainer paths in full from the GC roots (short by default: client.mjs › history)' },
} as const satisfies Record<string, OptionSpec>;

const RUN_OPTIONS = {
  duration: { type: 'string', description: 'Override the scenario duration, e.g. 30s, 10m' },
  cycles: { type: 'number', description: 'Override the number of cycles' },
  out: { type: 'string', description: 'Write the run into exactly this folder (must be empty)' },
  'reports-dir': { type: 'string', default: 'reports', description: 'Parent folder of timestamped run folders' },
  snapshots: { type: 'boolean', default: true, description: 'Take heap snapshots (--no-snapshots to skip)' },
  sites: {
    type: 'boolean',
    default: true,
    description: 'After a run that found a leak, a few seconds more to find the lines that add to the growing collections (--no-sites to skip)',
  },
  json: { type: 'boolean', default: false, description: 'Print summary.json to stdout (the report goes to stderr)' },
  quiet: { type: 'boolean', default: false, description: 'No progress lines' },
  'until-verdict': { type: 'boolean', default: false, description: 'Stop as soon as a leak is settled (CI fails fast)' },
  client: { type: 'string', description: 'Soak this client module without a scenario file (with --duration; default 60s)' },
  server: { type: 'string', description: 'Soak this server module without a scenario file (with --duration; default 60s)' },
  attach: { type: 'number', description: 'Soak this running Node process (pid) over its inspector: sets server.attach.pid; the scenario gives server.url' },
  open: { type: 'boolean', default: false, description: 'Open report.html when the run is done (xdg-open or open; never in CI)' },
} as const satisfies Record<string, OptionSpec>;

const COMPARE_OPTIONS = {
  tolerance: { type: 'string', default: '25%', description: 'Growth per cycle allowed over the baseline, e.g. 25% or 0.25' },
  slack: {
    type: 'string',
    description: "Absolute growth per cycle allowed on top (default: the run scenario's verdict.maxGrowthPerCycle)",
  },
  json: { type: 'boolean', default: false, description: 'Print the comparison as JSON on stdout' },
} as const satisfies Record<string, OptionSpec>;

/** `inspect` and `diff` take the same flags. */
const SNAPSHOT_OPTIONS = {
  json: { type: 'boolean', default: false, description: 'Print JSON' },
  top: { type: 'number', default: 20, description: 'Groups to show' },
} as const satisfies Record<string, OptionSpec>;

/** Every command, in the order `--help` and the README list them. */
export const COMMANDS = {
  run: {
    name: 'run',
    description: 'Soak a client or server through reconnect cycles and judge whether it leaks',
    example: 'ws-soak run scenarios/quick.yaml',
    positionals: [
      { name: 'scenario', required: false, single: true, missing: 'scenario file', description: 'Scenario file (.yaml, .yml or .json); or none, with --client or --server' },
    ],
    options: RUN_OPTIONS,
  },
  report: {
    name: 'report',
    description: 'Re-render report.html, junit.xml, summary.md and chart.txt of an existing run folder',
    example: 'ws-soak report reports/quick-20261124T013600Z',
    positionals: [{ name: 'run-dir', required: true, missing: 'run folder', description: 'A folder written by ws-soak run' }],
    options: {},
  },
  compare: {
    name: 'compare',
    description: 'Compare a run with a baseline run; exit 1 when it regressed beyond the tolerance',
    example: 'ws-soak compare reports/last-good reports/tonight',
    positionals: [
      { name: 'baseline', required: true, missing: 'baseline run folder', description: 'Run folder of the last good run' },
      { name: 'run', required: true, missing: 'run folder to compare with the baseline', description: 'Run folder to judge against it' },
    ],
    options: COMPARE_OPTIONS,
  },
  inspect: {
    name: 'inspect',
    description: 'Summarise a .heapsnapshot (a run folder: its last snapshot): node and edge counts, total size, top object groups and largest retainers',
    example: 'ws-soak inspect reports/quick-20261124T013600Z',
    positionals: [{ name: 'file', required: true, missing: 'snapshot file or run folder', description: 'A .heapsnapshot file, or a run folder (its last snapshot of the process under test)' }],
    options: SNAPSHOT_OPTIONS,
  },
  diff: {
    name: 'diff',
    description:
      'Compare snapshots (DevTools Comparison view); with 3 or more, the groups that grow per cycle and what retains them. A run folder stands for its snapshots in cycle order',
    example: 'ws-soak diff reports/quick-20261124T013600Z',
    positionals: [
      { name: 'snapshots', required: true, missing: 'run folder or snapshot files', description: 'A run folder (its snapshots of the process under test, in cycle order), or the earliest snapshot' },
      { name: 'more', required: false, missing: 'later snapshot files', description: 'Later snapshots, in cycle order' },
    ],
    options: SNAPSHOT_OPTIONS,
  },
  init: {
    name: 'init',
    description: 'Write a commented starter scenario (soak.yaml) and an example client module (my-client.mjs) into a folder; never overwrites',
    example: 'ws-soak init soak',
    positionals: [{ name: 'dir', required: false, single: true, missing: 'folder', description: 'Folder to write them into (default: the current folder)' }],
    options: {},
  },
} as const satisfies Record<string, CommandSpec>;

/** The command names, in order. */
export const COMMAND_NAMES = Object.keys(COMMANDS) as Array<keyof typeof COMMANDS>;

/** The yargs command string, e.g. `diff <snapshots> [more..]`. */
export function commandUsage(command: CommandSpec): string {
  const args = command.positionals.map((p) => (p.required ? `<${p.name}>` : p.single ? `[${p.name}]` : `[${p.name}..]`));
  return [command.name, ...args].join(' ');
}
