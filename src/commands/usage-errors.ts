/**
 * Usage errors in ws-soak's words instead of yargs' ("Not enough non-option arguments: got 0,
 * need at least 1"): what is missing with a command line that works, or the unknown command or
 * flag with the list of commands or flags and a did-you-mean.
 */
import { closestMatch } from '../scenario/did-you-mean.js';
import { COMMAND_NAMES, COMMANDS, GLOBAL_OPTIONS, commandUsage, type CommandSpec } from './options.js';

/** yargs' message for too few positionals (English: the CLI pins yargs' locale to `en`). */
const MISSING_POSITIONALS = /^Not enough non-option arguments: got (\d+), need at least \d+$/;

/** yargs' message for unknown flags and extra positionals (`until-verdit, untilVerdit`: it adds the camelCase twin). */
const UNKNOWN_ARGUMENTS = /^Unknown arguments?: ([^,]+)/;

const COMMAND_LIST = `commands: ${COMMAND_NAMES.join(', ')}`;

function isCommandName(word: string): word is keyof typeof COMMANDS {
  return (COMMAND_NAMES as readonly string[]).includes(word);
}

/**
 * The message for a usage error yargs reported as `message`, given the command-line words
 * (`hideBin(process.argv)`); yargs' own message when there is nothing better to say.
 */
export function usageMessage(message: string, args: readonly string[]): string {
  // The only global flag is a boolean, so the first word that is not a flag names the command.
  const word = args.find((a) => !a.startsWith('-'));
  if (word === undefined) return `missing command — e.g. \`${COMMANDS.run.example}\`; ${COMMAND_LIST}`;
  if (!isCommandName(word)) {
    const suggestion = closestMatch(word, COMMAND_NAMES);
    return `unknown command ${word}; ${suggestion === undefined ? '' : `did you mean "${suggestion}"? `}${COMMAND_LIST}`;
  }
  const command: CommandSpec = COMMANDS[word];
  const missing = MISSING_POSITIONALS.exec(message);
  if (missing) {
    const positional = command.positionals[Number(missing[1])];
    if (positional) return `missing ${positional.missing} — e.g. \`${command.example}\``;
  }
  const unknown = UNKNOWN_ARGUMENTS.exec(message)?.[1];
  if (unknown !== undefined) return unknownArgument(command, unknown, args);
  return message;
}

/** `ws-soak run` with neither a scenario file nor a module flag. */
export function missingRunTarget(): string {
  return `missing scenario file — e.g. \`${COMMANDS.run.example}\`, or a module without one: \`ws-soak run --client ./my-client.mjs --duration 2m\``;
}

/** An unknown `--flag` (with the closest flag of the command), or one positional too many. */
function unknownArgument(command: CommandSpec, name: string, args: readonly string[]): string {
  const asFlag = [`--${name}`, `--no-${name}`, `-${name}`];
  if (!args.some((a) => asFlag.includes(a.split('=')[0] ?? a))) return `unexpected argument ${name}; usage: ws-soak ${commandUsage(command)}`;
  const flags = [...Object.keys(GLOBAL_OPTIONS), ...Object.keys(command.options)];
  const suggestion = closestMatch(name, flags);
  const hint = suggestion === undefined ? '' : `did you mean "--${suggestion}"? `;
  return `unknown flag --${name} for ${command.name}; ${hint}flags: ${flags.map((f) => `--${f}`).join(', ')}`;
}
