/**
 * README.md's flag list, generated from the option table (./options.ts) between the
 * `<!-- flags:start -->` and `<!-- flags:end -->` markers; `npm run docs:flags` rewrites it and
 * test/commands/options.test.ts fails when the README and the table disagree.
 */
import { SoakError } from '../errors.js';
import { COMMAND_NAMES, COMMANDS, GLOBAL_OPTIONS, commandUsage, type OptionSpec } from './options.js';

/** The README file the list lives in, relative to the package root. */
export const FLAGS_README_PATH = 'README.md';
export const FLAGS_START = '<!-- flags:start (generated from src/commands/options.ts: npm run docs:flags) -->';
export const FLAGS_END = '<!-- flags:end -->';

/** A table cell: pipes escaped so a description cannot split the row. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function flagName(name: string, option: OptionSpec): string {
  const aliases = option.alias === undefined ? [] : typeof option.alias === 'string' ? [option.alias] : option.alias;
  const names = [name, ...aliases].map((n) => (n.length === 1 ? `-${n}` : `--${n}`));
  // A boolean that defaults to true is switched off with --no-<name>, as yargs reads it.
  if (option.type === 'boolean' && option.default === true) names.push(`--no-${name}`);
  return names.map((n) => `\`${n}\``).join(', ');
}

function optionRows(options: Readonly<Record<string, OptionSpec>>): string[] {
  return Object.entries(options).map(([name, option]) => {
    const type = option.choices ? option.choices.map((c) => `\`${c}\``).join(' \\| ') : option.type;
    const byDefault = option.default === undefined ? '' : `\`${JSON.stringify(option.default)}\``;
    return `| ${flagName(name, option)} | ${type} | ${byDefault} | ${cell(option.description)} |`;
  });
}

const HEADER = ['| Flag | Type | Default | Description |', '|---|---|---|---|'];

/** The Markdown of every command with its flags, the global flags first. */
export function flagsMarkdown(): string {
  const parts = [`Every command takes:\n\n${[...HEADER, ...optionRows(GLOBAL_OPTIONS)].join('\n')}`];
  for (const name of COMMAND_NAMES) {
    const command = COMMANDS[name];
    const head = `\`ws-soak ${commandUsage(command)}\`: ${command.description}.`;
    const rows = optionRows(command.options);
    parts.push(rows.length === 0 ? `${head} No flags of its own.` : `${head}\n\n${[...HEADER, ...rows].join('\n')}`);
  }
  return parts.join('\n\n');
}

/** `readme` with the text between the markers replaced by flagsMarkdown(); throws without the markers. */
export function withFlagsList(readme: string): string {
  const start = readme.indexOf(FLAGS_START);
  const end = readme.indexOf(FLAGS_END);
  if (start < 0 || end < start) throw new SoakError('SOAK_INTERNAL', `${FLAGS_README_PATH} has no ${FLAGS_START} … ${FLAGS_END} block`);
  return `${readme.slice(0, start + FLAGS_START.length)}\n${flagsMarkdown()}\n${readme.slice(end)}`;
}
