/**
 * junit.xml for CI test reports: one test case per process under test. A leak is a
 * `<failure>` whose message lists the evidence; an error is an `<error>`; an inconclusive run is
 * a `<failure type="inconclusive">`, because the run's exit code (4) fails the CI step too.
 */
import type { Summary } from '../analysis/summary.js';
import type { Role, Scenario } from '../scenario/types.js';
import { formatPerCycle } from '../format/units.js';
import { processName, type RoleVerdict } from '../verdict/types.js';
import { processHeadlines } from './headlines.js';
import { judgedHeapRow, rawDetail } from './judged-growth.js';

/** Failing evidence lines put in a failure's `message` attribute; all of them go in its body. */
const MESSAGE_MAX_ITEMS = 5;

/** Characters XML 1.0 does not allow at all (control characters other than tab, LF, CR; lone surrogates). */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe in an XML attribute or element. */
export function escapeXml(value: unknown): string {
  return String(value)
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;');
}

/** Element text: newlines kept as they are. */
function escapeXmlText(value: string): string {
  return escapeXml(value).replace(/&#10;/g, '\n');
}

function roles(summary: Summary, scenario: Scenario): Role[] {
  const fromScenario: Role[] = scenario.underTest === 'both' ? ['client', 'server'] : [scenario.underTest];
  const judged = summary.processes.map((p) => p.role);
  return [...new Set([...judged, ...fromScenario])];
}

function evidenceLines(p: RoleVerdict, failingOnly: boolean): string[] {
  return p.evidence.filter((e) => !failingOnly || e.failing).map((e) => `[${e.kind}] ${e.detail}`);
}

/** `post-GC heapUsed +26 B/cycle judged (raw +138 B/cycle incl. V8 code)`: the verdict's own figure first. */
function heapLine(p: RoleVerdict): string[] {
  const g = judgedHeapRow(p);
  if (!g) return [];
  const raw = rawDetail(g);
  return [`post-GC heapUsed ${formatPerCycle(g.perCycle, 'bytes')} judged${raw ? ` (${raw})` : ''}`];
}

type Outcome = 'passed' | 'failure' | 'error';

function testCase(summary: Summary, role: Role, p: RoleVerdict | undefined, seconds: string): { xml: string; outcome: Outcome } {
  const name = `${p ? processName(p) : role} does not leak across reconnect cycles`;
  const open = `    <testcase classname="ws-soak.${escapeXml(summary.scenario)}" name="${escapeXml(name)}" time="${seconds}">`;
  const error = summary.error;
  const roleError = error && (!error.role || error.role === role) ? error : null;
  let inner = '';
  let outcome: Outcome = 'passed';
  if (p?.verdict === 'fail' || (roleError?.outOfMemory && summary.verdict === 'fail')) {
    const lines = p ? evidenceLines(p, true) : [];
    if (roleError?.outOfMemory) lines.unshift(roleError.message.split('\n')[0] ?? roleError.message);
    // The headlines (what grows and the line that adds to it) lead the message; the evidence follows.
    const heads = p ? processHeadlines(p) : [];
    const items = [...heads, ...lines.slice(0, MESSAGE_MAX_ITEMS)];
    const message = `leak: ${items.join('; ')}${lines.length > MESSAGE_MAX_ITEMS ? `; and ${lines.length - MESSAGE_MAX_ITEMS} more` : ''}`;
    const body = [...heads, ...(heads.length ? [''] : []), p ? `${role}: ${p.reason}` : summary.reason, '', 'Evidence:', ...(p ? evidenceLines(p, false) : lines).map((l) => `  ${l}`)].join('\n');
    outcome = 'failure';
    inner = `\n      <failure type="leak" message="${escapeXml(message)}">${escapeXmlText(body)}</failure>\n    `;
  } else if (roleError || p?.verdict === 'error' || (!p && summary.verdict === 'error')) {
    const message = roleError ? `${roleError.code}: ${roleError.message.split('\n')[0]}` : p?.reason ?? summary.reason;
    const body = [roleError?.message ?? summary.reason, ...(roleError?.stderrTail ?? []).filter((l) => l.trim()).map((l) => `  ${l}`)].join('\n');
    outcome = 'error';
    inner = `\n      <error type="${escapeXml(roleError?.code ?? 'error')}" message="${escapeXml(message)}">${escapeXmlText(body)}</error>\n    `;
  } else if (!p || p.verdict === 'inconclusive' || (summary.interrupted && summary.verdict === 'inconclusive')) {
    const reason = p?.verdict === 'inconclusive' ? p.reason : summary.reason;
    outcome = 'failure';
    inner = `\n      <failure type="inconclusive" message="${escapeXml(`inconclusive: ${reason}`)}">${escapeXmlText(`Not enough data to judge: ${reason}`)}</failure>\n    `;
  }
  const out = p ? `\n      <system-out>${escapeXmlText([`${role}: ${p.verdict} — ${p.reason}`, ...heapLine(p), ...evidenceLines(p, false)].join('\n'))}</system-out>\n    ` : '';
  return { xml: `${open}${inner}${out}</testcase>`, outcome };
}

/** Renders junit.xml for a run. */
export function renderJunit(summary: Summary, scenario: Scenario): string {
  const seconds = (summary.durationMs / 1000).toFixed(3);
  // A side judged process by process (a cluster's workers) gives a test case for each.
  const cases = roles(summary, scenario).flatMap((role) => {
    const mine = summary.processes.filter((p) => p.role === role);
    return mine.length > 1 ? mine.map((p) => testCase(summary, role, p, seconds)) : [testCase(summary, role, mine[0], seconds)];
  });
  const failures = cases.filter((c) => c.outcome === 'failure').length;
  const errors = cases.filter((c) => c.outcome === 'error').length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="${errors}"`;
  const heapProps = summary.processes.flatMap((p) => {
    const g = judgedHeapRow(p);
    if (!g) return [];
    const prefix = summary.processes.length > 1 ? `${p.pid === undefined ? p.role : `${p.role}.${p.pid}`}.` : '';
    const raw: Array<[string, string]> = g.rawPerCycle === null ? [] : [[`${prefix}heapUsedRawPerCycle`, String(Math.round(g.rawPerCycle))]];
    return [[`${prefix}heapUsedPerCycle`, String(Math.round(g.perCycle))] as [string, string], ...raw];
  });
  const props = [
    ['verdict', summary.verdict],
    ['reason', summary.reason],
    ['cycles', String(summary.cycles)],
    ['cyclesPerSecond', String(summary.cyclesPerSecond)],
    ['node', summary.environment?.node ?? ''],
    ...heapProps,
  ]
    .map(([k, v]) => `      <property name="${escapeXml(k)}" value="${escapeXml(v)}"/>`)
    .join('\n');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="ws-soak" ${counts} time="${seconds}">\n` +
    `  <testsuite name="ws-soak: ${escapeXml(summary.scenario)}" ${counts} skipped="0" time="${seconds}" timestamp="${escapeXml(summary.startedAt.replace(/Z$/, ''))}">\n` +
    `    <properties>\n${props}\n    </properties>\n` +
    `${cases.map((c) => c.xml).join('\n')}\n` +
    '  </testsuite>\n</testsuites>\n'
  );
}
