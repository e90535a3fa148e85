/**
 * The scenario FILE format: user-facing keys, limits, defaults and help text. Parsing a file's
 * contents with `scenarioFileSchema` yields milliseconds and bytes; `resolveScenario` then maps the
 * result onto the `Scenario` type. To add a key: add it to its section here (with `.describe()`),
 * map it in resolve.ts, and regenerate docs/scenario.schema.json.
 */
import { z } from 'zod';
import {
  STANDALONE_MESSAGE,
  booleanField,
  choiceField,
  durationField,
  integerField,
  modulePathField,
  sectionField,
  sizeField,
  textField,
  warmupField,
} from './field-types.js';
import {
  checkConnectionRules,
  clientConnectionFields,
  disconnectConnectionFields,
  loadSection,
  proxySection,
  serverConnectionFields,
  trafficConnectionFields,
} from './connection-fields.js';
import { checkCommandRules, clientCommandFields, serverCommandFields } from './command-fields.js';
import { checkAttachRules, serverAttachFields } from './attach-fields.js';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

/** Shortest and longest run a scenario or `--duration` may ask for, in milliseconds. */
export const RUN_DURATION_LIMITS_MS = { min: SECOND_MS, max: 7 * DAY_MS } as const;
/** Most cycles a scenario or `--cycles` may ask for. */
export const MAX_CYCLES = 1_000_000_000;

/** `duration:` — shared with the `--duration` flag so both give the same messages. */
export const runDurationField = durationField({
  minMs: RUN_DURATION_LIMITS_MS.min,
  maxMs: RUN_DURATION_LIMITS_MS.max,
  example: '30s',
});
/** `cycles:` — shared with the `--cycles` flag. */
export const cyclesField = integerField(1, MAX_CYCLES);

const sampleSection = sectionField({
  interval: durationField({ minMs: 50, maxMs: MINUTE_MS, example: '1s' })
    .prefault('1s')
    .describe('Time between memory samples in each process under test, 50ms to 60s.'),
  gc: booleanField()
    .prefault(true)
    .describe('Also take post-GC samples (a full gc(), then the memory figures): what the verdict judges.'),
  gcEvery: durationField({ minMs: 50, maxMs: HOUR_MS, example: '5s' })
    .optional()
    .describe(
      'Time between post-GC samples, e.g. "5s". Default: automatic — with every sample for the first 30s, then spreading out to one per 15s from 7.5 minutes on, and at most 1% of the time in forced GCs.',
    ),
});

const snapshotObject = sectionField({
  enabled: booleanField().prefault(true).describe('Take heap snapshots during the run.'),
  every: durationField({ minMs: SECOND_MS, maxMs: 7 * DAY_MS, example: '15s' })
    .optional()
    .describe('Time between snapshots, e.g. "15s". Not together with atCycles. Default: an automatic schedule.'),
  atCycles: z
    .array(integerField(1, MAX_CYCLES), { error: 'expected a list of cycle counts like [500, 1000]' })
    .min(1, { error: 'expected a list of cycle counts like [500, 1000]' })
    .max(10_000, { error: 'expected at most 10000 cycle counts' })
    .refine((counts) => counts.every((c, i) => i === 0 || c > (counts[i - 1] ?? 0)), {
      error: 'expected strictly increasing cycle counts',
    })
    .optional()
    .describe('Cycle counts at which to snapshot, strictly increasing, e.g. [500, 1000]. Not together with every.'),
  keep: integerField(1, 100)
    .prefault(5)
    .describe('Most snapshots kept per process under test (oldest are deleted), 1 to 100.'),
  maxBytes: sizeField({ minBytes: 1, maxBytes: 1024 ** 4, example: '2GiB' })
    .optional()
    .describe('Disk budget for all snapshots of the run, e.g. "2GiB"; once reached, further snapshots are skipped.'),
  engine: choiceField(['v8', 'heapdump'])
    .prefault('v8')
    .describe('How to write snapshots: "v8" (node:v8, built in) or "heapdump" (the optional heapdump package).'),
}).superRefine((value, ctx) => {
  if (value.every !== undefined && value.atCycles !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'set either "every" or "atCycles", not both',
      params: STANDALONE_MESSAGE,
    });
  }
});

const snapshotsSection = z
  .union([booleanField(), snapshotObject], {
    error: 'expected true, false or a mapping with the keys "enabled", "every", "atCycles", "keep", "maxBytes", "engine"',
  })
  // `snapshots: false` is shorthand for `snapshots: { enabled: false }`.
  .transform((value) => (typeof value === 'boolean' ? snapshotObject.parse({ enabled: value }) : value));

const serverSection = sectionField({
  module: modulePathField()
    .optional()
    .describe('Your WebSocket server module, relative to this file. Default: the built-in server.'),
  host: textField(1, 255).prefault('127.0.0.1').describe('Address the server listens on.'),
  port: integerField(0, 65_535).prefault(0).describe('Port the server listens on; 0 picks a free port.'),
  startTimeout: durationField({ minMs: 100, maxMs: 10 * MINUTE_MS, example: '15s' })
    .prefault('15s')
    .describe('Time a server (yours or the built-in one) and the client get to start before the run fails, 100ms to 10m.'),
  ...serverConnectionFields,
  ...serverCommandFields,
  ...serverAttachFields,
});

const clientSection = sectionField({
  module: modulePathField()
    .optional()
    .describe('Your WebSocket client module, relative to this file. Default: the built-in client. With server.module set too, it connects to ctx.url: ws-soak\'s fault proxy in front of your server.'),
  count: integerField(1, 1000).prefault(1).describe('Concurrent connections the built-in client keeps, 1 to 1000.'),
  ...clientConnectionFields,
  ...clientCommandFields,
});

const disconnectSection = sectionField({
  after: durationField({ minMs: 0, maxMs: HOUR_MS, example: '200ms' })
    .prefault('50ms')
    .describe('How long each connection lives before the harness closes it, 0ms to 1h.'),
  jitter: durationField({ minMs: 0, maxMs: HOUR_MS, example: '20ms' })
    .prefault('0ms')
    .describe('Random extra lifetime per connection, uniform from 0 to this, up to 1h.'),
  ...disconnectConnectionFields,
});

const trafficSection = sectionField({
  messages: integerField(0, 100_000).prefault(0).describe('Messages the server sends on each connection, 0 to 100000.'),
  size: sizeField({ minBytes: 0, maxBytes: 64 * MIB, example: '64B' })
    .prefault('64B')
    .describe('Size of each message, e.g. "64B" or "4KiB", up to 64MiB.'),
  ...trafficConnectionFields,
});

const verdictSection = sectionField({
  maxGrowthPerCycle: sizeField({ minBytes: 0, maxBytes: GIB, example: '128B' })
    .prefault('128B')
    .describe('Post-GC heap growth per cycle above which a significant upward trend fails the run.'),
  maxGrowth: sizeField({ minBytes: 0, maxBytes: 16 * GIB, example: '10MiB' })
    .nullable()
    .optional()
    .describe('Total post-GC heap growth over the judged window above which the run fails; null or absent: no limit.'),
  minCycles: integerField(1, MAX_CYCLES)
    .prefault(200)
    .describe('Fewest cycles in the judged window for a pass or fail; fewer gives "inconclusive".'),
});

/** Every key a scenario file may have at the top level, with its type, default and help. */
export const scenarioFileSchema = sectionField({
  name: textField(1, 100).optional().describe('Name shown in reports. Default: the file name without its extension.'),
  description: textField(0, 2000).prefault('').describe('What this scenario exercises.'),
  duration: runDurationField
    .optional()
    .describe('Stop after this long, 1s to 7d, e.g. "60s". Set duration, cycles or both (whichever comes first).'),
  cycles: cyclesField
    .optional()
    .describe('Stop after this many connect/disconnect cycles. Set duration, cycles or both (whichever comes first).'),
  warmup: warmupField({ maxPercent: 90, maxMs: 7 * DAY_MS })
    .prefault('25%')
    .describe('Start of the run left out of the verdict: a share of the run ("25%", up to "90%") or a time ("10s").'),
  'under-test': choiceField(['client', 'server', 'both'])
    .prefault('client')
    .describe('Which side is measured for leaks: client, server or both.'),
  sample: sampleSection.prefault({}).describe('Memory sampling.'),
  snapshots: snapshotsSection
    .prefault({})
    .describe('Heap snapshots; `snapshots: false` turns them off.'),
  server: serverSection.prefault({}).describe('The WebSocket server side.'),
  client: clientSection.prefault({}).describe('The WebSocket client side.'),
  disconnect: disconnectSection.prefault({}).describe('How and when the harness ends each connection.'),
  traffic: trafficSection.prefault({}).describe('Messages exchanged on each connection.'),
  proxy: proxySection.prefault({}).describe('A TCP proxy on 127.0.0.1 between client and server (started when idleTimeout is set).'),
  load: loadSection.prefault({}).describe('Extra client processes that add churn without being judged.'),
  verdict: verdictSection.prefault({}).describe('Thresholds for the leak verdict.'),
})
  // Cross-checks run even when some keys are invalid (`when`), so one pass reports every problem.
  .superRefine(
    (value, ctx) => {
      if (value.duration === undefined && value.cycles === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'set "duration", "cycles" or both, to say when the run ends',
          params: STANDALONE_MESSAGE,
        });
      }
      if (hasModule(value.client) && hasModule(value.server) && loadProcesses(value.load) > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['load', 'processes'],
          message: 'needs the built-in client or server: with client.module and server.module both set, the fault proxy counts your own client only',
          params: STANDALONE_MESSAGE,
        });
      }
      checkConnectionRules(value, ctx);
      checkCommandRules(value, ctx);
      checkAttachRules(value, ctx);
    },
    { when: () => true },
  )
  .meta({
    title: 'ws-soak scenario',
    description: 'A ws-soak scenario: how to soak a WebSocket client or server through reconnect cycles.',
    anyOf: [{ required: ['duration'] }, { required: ['cycles'] }],
  });

/** `load.processes` of a (possibly partly invalid) section value; 0 when absent or not a number. */
function loadProcesses(section: unknown): number {
  const value = typeof section === 'object' && section !== null ? (section as { processes?: unknown }).processes : undefined;
  return typeof value === 'number' ? value : 0;
}

/** True when a (possibly partly invalid) section value has a `module` or `command` key set. */
function hasModule(section: unknown): boolean {
  if (typeof section !== 'object' || section === null) return false;
  const s = section as { module?: unknown; command?: unknown };
  return s.module != null || s.command != null;
}

/** A scenario file after validation: units converted, defaults filled, module paths as written. */
export type ScenarioFile = z.output<typeof scenarioFileSchema>;
