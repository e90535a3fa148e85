/**
 * The option table (./options.ts) in yargs' terms: `--help` and the parser read the same entries,
 * and the types of the parsed flags follow from the table's literal types.
 */
import type { Argv, InferredOptionTypes } from 'yargs';
import { HELP_MAX_COLUMNS } from '../constants.js';
import type { CommandSpec, OptionSpec } from './options.js';

/** One table entry as a yargs option: `description` is yargs' `describe`. */
type YargsOption<T extends OptionSpec> = Omit<T, 'description'> & { describe: string };

/** A whole option table as yargs options, keeping each entry's literal `type` and `default`. */
export type YargsOptions<T extends Readonly<Record<string, OptionSpec>>> = { -readonly [K in keyof T]: YargsOption<T[K]> };

/** The table's entries with `describe` for `description`, for `yargs.options()`. */
export function yargsOptions<T extends Readonly<Record<string, OptionSpec>>>(table: T): YargsOptions<T> {
  const options: Record<string, unknown> = {};
  for (const [name, { description, ...rest }] of Object.entries(table)) options[name] = { ...rest, describe: description };
  // Object.entries forgets the keys' types; the mapping above is exactly YargsOptions<T>.
  return options as YargsOptions<T>;
}

/** Declares a command's positionals (strings; an optional last one repeatable unless `single`) and its flags. */
export function withCommand<T, O extends Readonly<Record<string, OptionSpec>>>(
  y: Argv<T>,
  command: CommandSpec & { options: O },
): Argv<Omit<T, keyof O> & InferredOptionTypes<YargsOptions<O>>> {
  for (const p of command.positionals) {
    y.positional(p.name, { type: 'string', describe: p.description, ...(p.required ? { demandOption: true } : p.single ? {} : { array: true }) });
  }
  return y.options(yargsOptions(command.options));
}

/**
 * Columns `--help` wraps at: the terminal's width, or `COLUMNS` when stdout is piped, at most
 * HELP_MAX_COLUMNS. (yargs 18 wraps at word boundaries; yargs 17's ESM build cut words in the
 * middle, yargs/yargs#2112.)
 */
export function helpWidth(terminalColumns: number | undefined, columnsEnv: string | undefined): number {
  const fromEnv = Number.parseInt(columnsEnv ?? '', 10);
  const columns = terminalColumns ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : HELP_MAX_COLUMNS);
  return Math.min(HELP_MAX_COLUMNS, columns);
}
