#!/usr/bin/env node
/**
 * The command line. The only module that prints or exits: commands return data and text.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runCommand } from './commands/run-command.js';
import { EXIT, isSoakError } from './errors.js';
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

function fail(error: unknown): never {
  if (isSoakError(error)) {
    process.stderr.write(`ws-soak: ${error.message}\n`);
    if (verbose && error.cause instanceof Error) process.stderr.write(`${error.cause.stack ?? ''}\n`);
    else if (!verbose) process.stderr.write('(run with --verbose for details, or --help for usage)\n');
    process.exit(error.exitCode);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ws-soak: internal error: ${message}\n`);
  if (verbose && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  else process.stderr.write('This is a bug in ws-soak; run with --verbose and report the stack trace.\n');
  process.exit(EXIT.error);
}

/** First SIGINT/SIGTERM: stop gracefully and keep what was measured. Second SIGINT: kill now. */
function handleSignals(run: SoakRun): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`ws-soak: ${signal} again — killing the child processes now.\n`);
      run.kill();
      process.exit(EXIT.error);
    }
    stopping = true;
    process.stderr.write(`ws-soak: ${signal} — stopping the run and writing the partial report (${signal} again to force).\n`);
    run.stop('interrupted');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('ws-soak')
    .usage('$0 <command> [options]\n\nFind memory leaks in WebSocket reconnect loops.')
    .option('verbose', { type: 'boolean', default: false, describe: 'Show stack traces for errors' })
    .middleware((argv) => {
      verbose = Boolean(argv.verbose);
    })
    .command(
      'run <scenario>',
      'Soak a client or server through reconnect cycles and judge whether it leaks',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (.yaml, .yml or .json)' })
          .option('duration', { type: 'string', describe: 'Override the scenario duration, e.g. 30s, 10m' })
          .option('cycles', { type: 'number', describe: 'Override the number of cycles' })
          .option('out', { type: 'string', describe: 'Write the run into exactly this folder (must be empty)' })
          .option('reports-dir', { type: 'string', default: 'reports', describe: 'Parent folder of timestamped run folders' })
          .option('snapshots', { type: 'boolean', default: true, describe: 'Take heap snapshots (--no-snapshots to skip)' })
          .option('json', { type: 'boolean', default: false, describe: 'Print summary.json to stdout (the report goes to stderr)' })
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress lines' })
          .option('until-verdict', { type: 'boolean', default: false, describe: 'Stop as soon as a leak is settled (CI fails fast)' }),
      async (argv) => {
        const result = await runCommand({
          scenario: argv.scenario as string,
          duration: argv.duration,
          cycles: argv.cycles,
          out: argv.out,
          snapshots: argv.snapshots,
          quiet: argv.quiet,
          untilVerdict: argv['until-verdict'],
          reportsDir: argv['reports-dir'],
          progress: (text) => process.stderr.write(text),
          onRun: handleSignals,
        });
        for (const warning of result.warnings) process.stderr.write(`ws-soak: warning: ${warning}\n`);
        if (result.summary.error) process.stderr.write(`ws-soak: ${result.summary.error.message}\n`);
        if (argv.json) {
          process.stdout.write(JSON.stringify(result.summary, null, 2) + '\n');
          if (!argv.quiet) process.stderr.write(result.text);
        } else {
          process.stdout.write(result.text);
        }
        process.exitCode = VERDICT_EXIT[result.summary.verdict];
      },
    )
    .demandCommand(1, 'Name a command: ws-soak run <scenario>')
    .strict()
    .epilog(EXIT_CODES_HELP)
    .fail((message, error) => {
      if (error) fail(error);
      process.stderr.write(`ws-soak: ${message}\nRun ws-soak --help for usage.\n`);
      process.exit(EXIT.usage);
    })
    .help()
    .parseAsync();
}

main().catch(fail);
