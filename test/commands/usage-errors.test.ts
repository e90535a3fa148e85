import { describe, expect, it } from 'vitest';
import { usageMessage } from '../../src/commands/usage-errors.js';
import { runCli } from '../helpers/run-cli.js';

const COMMAND_LIST = 'commands: run, report, compare, inspect, diff, init';
const HINT = 'Run ws-soak --help for usage.\n';

describe('usage errors of the real CLI (exit 2, stderr only)', () => {
  it.each([
    [['run'], 'missing scenario file — e.g. `ws-soak run scenarios/quick.yaml`, or a module without one: `ws-soak run --client ./my-client.mjs --duration 2m`'],
    [['frobnicate'], `unknown command frobnicate; ${COMMAND_LIST}`],
    [['rn', 'scenarios/quick.yaml'], `unknown command rn; did you mean "run"? ${COMMAND_LIST}`],
    [['--verbose'], `missing command — e.g. \`ws-soak run scenarios/quick.yaml\`; ${COMMAND_LIST}`],
    [['compare', 'reports/a'], 'missing run folder to compare with the baseline — e.g. `ws-soak compare reports/last-good reports/tonight`'],
    [
      ['run', 'scenarios/quick.yaml', '--until-verdit'],
      'unknown flag --until-verdit for run; did you mean "--until-verdict"? flags: --verbose, --duration, --cycles, --out, --reports-dir, --snapshots, --sites, --json, --quiet, --until-verdict, --client, --server, --attach, --open',
    ],
    [['inspect', 'a.heapsnapshot', '--frob'], 'unknown flag --frob for inspect; flags: --verbose, --json, --top'],
    [['inspect', 'a.heapsnapshot', 'b.heapsnapshot'], 'unexpected argument b.heapsnapshot; usage: ws-soak inspect <file>'],
  ])('ws-soak %j', async (args, message) => {
    const result = await runCli(args, { timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`ws-soak: ${message}\n${HINT}`);
  });
});

describe('usageMessage', () => {
  it('names the first missing positional of the command given', () => {
    const yargsText = (got: number, need: number) => `Not enough non-option arguments: got ${got}, need at least ${need}`;
    expect(usageMessage(yargsText(0, 1), ['diff'])).toBe('missing run folder or snapshot files — e.g. `ws-soak diff reports/quick-20261124T013600Z`');
    expect(usageMessage(yargsText(0, 1), ['--verbose', 'report'])).toBe('missing run folder — e.g. `ws-soak report reports/quick-20261124T013600Z`');
    expect(usageMessage(yargsText(0, 1), ['inspect'])).toBe('missing snapshot file or run folder — e.g. `ws-soak inspect reports/quick-20261124T013600Z`');
  });

  it('suggests the closest command only when it is close', () => {
    expect(usageMessage('Unknown argument: reprot', ['reprot'])).toBe(`unknown command reprot; did you mean "report"? ${COMMAND_LIST}`);
    expect(usageMessage('Unknown arguments: inspekt, x', ['inspekt', 'x'])).toBe(`unknown command inspekt; did you mean "inspect"? ${COMMAND_LIST}`);
    expect(usageMessage('Unknown argument: zzz', ['zzz'])).toBe(`unknown command zzz; ${COMMAND_LIST}`);
  });

  it('tells an unknown flag (also --no-<flag> and --flag=value) from a positional too many', () => {
    expect(usageMessage('Unknown argument: snapshot', ['run', 'a.yaml', '--no-snapshot'])).toBe(
      'unknown flag --snapshot for run; did you mean "--snapshots"? flags: --verbose, --duration, --cycles, --out, --reports-dir, --snapshots, --sites, --json, --quiet, --until-verdict, --client, --server, --attach, --open',
    );
    expect(usageMessage('Unknown argument: topp', ['diff', 'a', 'b', '--topp=3'])).toBe('unknown flag --topp for diff; did you mean "--top"? flags: --verbose, --json, --top');
    expect(usageMessage('Unknown argument: b', ['run', 'a', 'b'])).toBe('unexpected argument b; usage: ws-soak run [scenario]');
  });

  it("keeps yargs' message when it has nothing better to say", () => {
    expect(usageMessage('Invalid values: something else', ['run', 'a'])).toBe('Invalid values: something else');
  });
});
