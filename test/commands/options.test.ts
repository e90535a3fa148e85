import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAGS_END, FLAGS_README_PATH, FLAGS_START, flagsMarkdown, withFlagsList } from '../../src/commands/flags-markdown.js';
import { COMMAND_NAMES, COMMANDS, GLOBAL_OPTIONS, type CommandSpec } from '../../src/commands/options.js';
import { helpWidth } from '../../src/commands/yargs-options.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

/** `ws-soak [command] --help` with stdout piped, as CI and `| less` see it. */
async function help(command: string | null, columns: string): Promise<string> {
  const result = await runCli(command === null ? ['--help'] : [command, '--help'], { env: { COLUMNS: columns }, timeoutMs: 20_000 });
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  return result.stdout;
}

/** The `--flags` (and `-x` aliases) that start a line of the help's "Options:" section. */
function helpFlags(text: string): string[] {
  const section = text.split('\nOptions:\n')[1]?.split('\n\n')[0] ?? '';
  return section.split('\n').flatMap((line) => /^ {2}((?:-{1,2}[\w-]+(?:, )?)+)/.exec(line)?.[1]?.split(', ') ?? []);
}

/** The positional names listed in the help's "Positionals:" section. */
function helpPositionals(text: string): string[] {
  const section = text.split('\nPositionals:\n')[1]?.split('\n\n')[0] ?? '';
  return section.split('\n').flatMap((line) => /^ {2}([\w-]+) /.exec(line)?.[1] ?? []);
}

/** Every text a person reads in the table: commands', positionals' and flags' descriptions. */
function tableTexts(command: CommandSpec | null): string[] {
  if (command === null) return [...COMMAND_NAMES.map((n) => COMMANDS[n].description), ...Object.values(GLOBAL_OPTIONS).map((o) => o.description)];
  return [command.description, ...command.positionals.map((p) => p.description), ...Object.values(command.options).map((o) => o.description)];
}

function expectWrappedAt(text: string, columns: number, texts: string[]): void {
  expect(text.split('\n').filter((l) => l.length > columns)).toEqual([]);
  // A word cut at the margin ("reconnect cy" / "cles") no longer reads as the table's text.
  const flowed = text.replace(/\s+/g, ' ');
  expect(texts.filter((t) => !flowed.includes(t))).toEqual([]);
}

describe('the option table', () => {
  it(`is what ${FLAGS_README_PATH} lists between the flags markers (regenerate: npm run docs:flags)`, () => {
    const readme = readFileSync(join(ROOT, FLAGS_README_PATH), 'utf8');
    expect(readme).toContain(FLAGS_START);
    expect(readme).toContain(FLAGS_END);
    expect(readme).toBe(withFlagsList(readme));
  });

  it('lists every flag in the README with type and default', () => {
    const markdown = flagsMarkdown();
    expect(markdown).toContain('| `--reports-dir` | string | `"reports"` | Parent folder of timestamped run folders |');
    expect(markdown).toContain('| `--snapshots`, `--no-snapshots` | boolean | `true` |');
    expect(markdown).toContain('| `--tolerance` | string | `"25%"` |');
    expect(markdown).toContain('`ws-soak diff <snapshots> [more..]`');
    expect(markdown).toContain('`ws-soak report <run-dir>`: Re-render report.html, junit.xml, summary.md and chart.txt of an existing run folder. No flags of its own.');
  });

  it('throws SOAK_INTERNAL when the README has no markers', () => {
    expect(() => withFlagsList('# no list here\n')).toThrow(expect.objectContaining({ code: 'SOAK_INTERNAL', message: expect.stringContaining(FLAGS_START) }));
  });

  it.each(COMMAND_NAMES)('is every option and positional of `ws-soak %s --help`, and nothing else', async (name) => {
    const command: CommandSpec = COMMANDS[name];
    const text = await help(name, '80');
    const fromTable = [...Object.keys(GLOBAL_OPTIONS), ...Object.keys(command.options)].map((n) => `--${n}`);
    expect(helpFlags(text).sort()).toEqual([...fromTable, '--help', '--version'].sort());
    expect(helpPositionals(text)).toEqual(command.positionals.map((p) => p.name));
    for (const option of Object.values(command.options)) expect(text.replace(/\s+/g, ' ')).toContain(option.description);
  });

  it('is the only place src/cli.ts gets options from: no yargs option or positional declared there', () => {
    const cli = readFileSync(join(ROOT, 'src', 'cli.ts'), 'utf8');
    expect(cli.match(/\.(option|options|positional)\(/g)).toEqual(['.options(']);
    expect(cli).toContain('.options(yargsOptions(GLOBAL_OPTIONS))');
    for (const name of COMMAND_NAMES) expect(cli).toContain(`withCommand(y, COMMANDS.${name})`);
  });

  it('is every command and global flag of `ws-soak --help`', async () => {
    const text = await help(null, '80');
    expect(helpFlags(text).sort()).toEqual(['--help', '--verbose', '--version']);
    const commands = [...text.matchAll(/^ {2}ws-soak (\w+)/gm)].map((m) => m[1]);
    expect(commands).toEqual([...COMMAND_NAMES]);
  });
});

describe('--help wrapping (yargs/yargs#2112: yargs 17 cut "reconnect cy|cles")', () => {
  it.each([null, ...COMMAND_NAMES])('wraps `%s --help` at word boundaries within 80 columns', async (name) => {
    const text = await help(name, '80');
    expectWrappedAt(text, 80, tableTexts(name === null ? null : COMMANDS[name]));
    if (name === null) expect(text).toContain('Soak a client or server through reconnect\n');
  });

  it('follows COLUMNS when stdout is piped, so a 60-column terminal gets 60', async () => {
    const text = await help(null, '60');
    expect(text.split('\n').filter((l) => l.length > 60)).toEqual([]);
    // So narrow that a command's usage wraps beside its description: check word by word.
    const tokens = new Set(text.split(/\s+/));
    expect(tableTexts(null).flatMap((t) => t.split(' ')).filter((w) => !tokens.has(w))).toEqual([]);
    expect(text.split('\n').some((l) => l.length > 55)).toBe(true);
  });

  it('takes the terminal width, else COLUMNS, else 80, and never more than 80', () => {
    expect(helpWidth(undefined, undefined)).toBe(80);
    expect(helpWidth(undefined, '100')).toBe(80);
    expect(helpWidth(undefined, '60')).toBe(60);
    expect(helpWidth(undefined, 'wide')).toBe(80);
    expect(helpWidth(120, '60')).toBe(80);
    expect(helpWidth(70, undefined)).toBe(70);
  });
});
