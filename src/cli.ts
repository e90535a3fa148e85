#!/usr/bin/env node
/**
 * The command line. The only module that prints or exits: commands return data and text.
 * Each command's code is imported when that command runs: `inspect` and `diff` need none of the
 * run's modules (zod, yaml, the orchestrator), which cost 0.3 s and ~30 MB of RSS to load.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { COMMANDS, GLOBAL_OPTIONS, commandUsage } from './commands/options.js';
import { missingRunTarget, usageMessage } from './commands/usage-errors.js';
import { helpWidth, withCommand, yargsOptions } from './commands/yargs-options.js';
import { EXIT } from './errors.js';
import { failureMessage } from './failure-message.js';
import { stripControl } from './report/terminal-text.js';
import type { SoakRun } from './run/run.js';
import type { Verdict } from './verdict/types.js';

const EXIT_CODES_HELP = `Exit codes:
  0  pass: no leak found
  1  leak found (fail)
  2  bad usage or invalid scenario
  3  harness or target error (crash, hang, start-up failure)
  4  inconclusive: not enough data to judge`;

const VERDICT_EXIT: Record<Verdict, number> = { pass: EXIT.pass, fail: EXIT.leak, error: EXIT.error, inconclusive: EXIT.inconclusive };

let verbose = process.argv.includes('--verbose');

// After a hang-up the terminal is gone: a write to it fails (EIO, EPIPE), and that must not end the
// run with an uncaught error before the report is written. What cannot be shown is dropped.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

/** Text for the terminal: escape sequences and control characters from names and child output removed. */
const say = (text: string) => process.stderr.write(stripControl(text));

/** A usage error in ws-soak's words: exit 2. */
function usageError(message: string): never {
  process.stderr.write(`ws-soak: ${message}\nRun ws-soak --help for usage.\n`);
  process.exit(EXIT.usage);
}

function fail(error: unknown): never {
  const { text, exitCode } = failureMessage(error, verbose);
  say(text);
  process.exit(exitCode);
}

/** The run in progress, so a bug that escapes everything still takes its children along. */
let activeRun: SoakRun | null = null;

// Node's own answer to an uncaught error is exit 1, which here means "leak found": a bug in ws-soak
// must say it is one and exit 3.
const onUncaught = (error: unknown) => {
  activeRun?.kill();
  fail(error);
};
process.on('uncaughtException', onUncaught);
process.on('unhandledRejection', onUncaught);

/**
 * First SIGINT/SIGTERM/SIGHUP: stop gracefully, give a pending snapshot a few seconds, keep what was
 * measured, write the partial report (exit 1 or 4). The children do not get the group's signal (each
 * has its own process group): the run stops them in order. Second signal: kill the children now; the
 * summary is still written. Third: exit 3 at once.
 */
function handleSignals(run: SoakRun): void {
  activeRun = run;
  let received = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    received++;
    if (received === 1) {
      say(`ws-soak: ${signal} — stopping the run and writing the partial report (${signal} again to force).\n`);
      run.stop('interrupted');
    } else if (received === 2) {
      say(`ws-soak: ${signal} again — killing the child processes now; the partial report is still written (once more to quit at once).\n`);
      run.kill();
    } else {
      run.kill();
      process.exit(EXIT.error);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
}

async function main(): Promise<void> {
  const args = hideBin(process.argv);
  await yargs(args)
    .scriptName('ws-soak')
    .locale('en')
    .usage('$0 <command> [options]\n\nFind memory leaks in WebSocket reconnect loops.')
    .options(yargsOptions(GLOBAL_OPTIONS))
    .middleware((argv) => {
      verbose = Boolean(argv.verbose);
    })
    .command(
      commandUsage(COMMANDS.run),
      COMMANDS.run.description,
      (y) => withCommand(y, COMMANDS.run),
      async (argv) => {
        // Until a verdict sets it, any way out (an emptied event loop included) is an error, never a pass.
        process.exitCode = EXIT.error;
        const { runCommand } = await import('./commands/run-command.js');
        const { terminalStyle } = await import('./report/terminal-style.js');
        // The final screen goes to stdout, or with --json to stderr; --json output is never coloured.
        const screen = argv.json ? process.stderr : process.stdout;
        const style = terminalStyle(process.env, screen);
        if (!argv.scenario && !argv.client && !argv.server) usageError(missingRunTarget());
        const result = await runCommand({
          scenario: argv.scenario as string | undefined,
          client: argv.client,
          server: argv.server,
          attach: argv.attach,
          duration: argv.duration,
          cycles: argv.cycles,
          out: argv.out,
          snapshots: argv.snapshots,
          sites: argv.sites,
          quiet: argv.quiet,
          verbose: argv.verbose,
          untilVerdict: argv['until-verdict'],
          reportsDir: argv['reports-dir'],
          progress: (text) => say(text),
          onRun: handleSignals,
          style: argv.json ? { ...style, color: false } : style,
          // The live view draws on stderr: erase its last frame when the final screen lands on the same terminal.
          replaceLiveFrame: screen.isTTY === true,
        });
        for (const warning of result.warnings) say(`ws-soak: warning: ${warning}\n`);
        if (argv.json) {
          process.stdout.write(JSON.stringify(result.summary, null, 2) + '\n');
          if (!argv.quiet) say(result.text);
        } else if (result.summary.verdict === 'error') {
          // An error is said once, for people: on stderr, with the verdict line last. The final screen
          // strips control characters from names itself, so its own colour survives.
          process.stderr.write(result.text);
        } else {
          process.stdout.write(result.text);
        }
        process.exitCode = VERDICT_EXIT[result.summary.verdict];
        if (argv.open && result.dir) {
          const { openReport } = await import('./commands/open-report.js');
          const { join } = await import('node:path');
          const note = await openReport(join(result.dir, 'report.html'));
          if (note) process.stderr.write(`ws-soak: ${note}\n`);
        }
      },
    )
    .command(
      commandUsage(COMMANDS.report),
      COMMANDS.report.description,
      (y) => withCommand(y, COMMANDS.report),
      async (argv) => {
        const { reportCommand } = await import('./commands/report-command.js');
        const result = reportCommand({ dir: argv['run-dir'] as string });
        for (const warning of result.warnings) say(`ws-soak: warning: ${warning}\n`);
        process.stdout.write(stripControl(result.text));
        process.exitCode = result.written.length > 0 ? EXIT.pass : EXIT.error;
      },
    )
    .command(
      commandUsage(COMMANDS.compare),
      COMMANDS.compare.description,
      (y) => withCommand(y, COMMANDS.compare),
      async (argv) => {
        const { compareCommand } = await import('./commands/compare-command.js');
        const result = compareCommand({ baseline: argv.baseline as string, run: argv.run as string, tolerance: argv.tolerance, slack: argv.slack });
        for (const warning of result.warnings) process.stderr.write(`ws-soak: warning: ${warning}\n`);
        process.stdout.write(argv.json ? JSON.stringify(result.comparison, null, 2) + '\n' : result.text);
        process.exitCode = result.exitCode;
      },
    )
    .command(
      commandUsage(COMMANDS.inspect),
      COMMANDS.inspect.description,
      (y) => withCommand(y, COMMANDS.inspect),
      async (argv) => {
        const { inspectCommand } = await import('./commands/snapshot-commands.js');
        process.stdout.write(await inspectCommand(argv.file as string, { json: argv.json, top: argv.top }));
      },
    )
    .command(
      commandUsage(COMMANDS.diff),
      COMMANDS.diff.description,
      (y) => withCommand(y, COMMANDS.diff),
      async (argv) => {
        const files = [argv.snapshots as string, ...((argv.more as string[] | undefined) ?? [])];
        const { diffCommand } = await import('./commands/snapshot-commands.js');
        process.stdout.write(await diffCommand(files, { json: argv.json, top: argv.top }));
      },
    )
    .command(
      commandUsage(COMMANDS.init),
      COMMANDS.init.description,
      (y) => withCommand(y, COMMANDS.init),
      async (argv) => {
        const { initCommand } = await import('./commands/init-command.js');
        process.stdout.write(initCommand(argv.dir as string | undefined).text);
      },
    )
    .demandCommand(1, 'Name a command: ws-soak run <scenario>')
    .strict()
    .wrap(helpWidth(process.stdout.columns, process.env['COLUMNS']))
    .epilog(EXIT_CODES_HELP)
    .fail((message, error) => {
      if (error) fail(error);
      usageError(usageMessage(message, args));
    })
    .help()
    .parseAsync();
}

main().catch(fail);
