/** The three-way comparison's part of bench/RESULTS.md (also printed by `node dist/bench/compare.js`). */
import type { Section } from './results.js';
import type { Summary } from './stats.js';
import type { Answer, ThreeWayResult } from './three-way.js';
import { SERVERS, type Server } from './three-way-questions.js';

const TITLE = '## Three-way: prefect-mcp, the official prefect-mcp, the community prefect-mcp-server';

export function renderThreeWay(section: Section<ThreeWayResult> | undefined): string[] {
  if (!section) return [];
  if ('notProduced' in section) return [TITLE, '', `Not produced: ${section.notProduced}`, ''];
  const r = section;
  const header = `| | ours (prefect-mcp ${r.versions.ours ?? '?'}) | official (prefect-mcp ${r.versions.official ?? '?'}) | community (prefect-mcp-server ${r.versions.community ?? '?'}) |`;
  const cold = (pick: (side: ThreeWayResult['coldStart'][Server]) => string) => SERVERS.map((s) => pick(r.coldStart[s])).join(' | ');
  return [
    TITLE,
    '',
    'The same seeded Prefect server, each server over stdio through the same MCP SDK client. An answer is judged by the objects it lists against the seeded truth: **exact** (the truth and nothing else), **superset** (the truth buried among other objects: the filter was not applied), **partial**, **wrong** (none of the truth), or **error**.',
    '',
    '### Cold start (spawn → initialize → tools/list, median / p95)',
    '',
    header,
    '| --- | --- | --- | --- |',
    `| spawn → tools/list | ${cold((c) => ms(c.toolsListMs))} |`,
    `| spawn → initialize | ${cold((c) => ms(c.initializeMs))} |`,
    `| tools listed | ${cold((c) => String(c.tools))} |`,
    `| errors | ${cold((c) => (c.errors.length ? c.errors.join('; ') : '0'))} |`,
    '',
    '### Answers against the seeded truth (verdict, objects listed, total response bytes, median latency)',
    '',
    `| question (truth) | ${SERVERS.join(' | ')} |`,
    '| --- | --- | --- | --- |',
    ...r.questions.map((q) => `| ${q.label} (${q.expected}: ${cell(q.truth.join(', '))}) | ${SERVERS.map((s) => answerCell(q.answers[s], q.expected)).join(' | ')} |`),
    '',
    ...notes(r),
    `Exact answers: ${SERVERS.map((s) => `${s} ${r.questions.filter((q) => q.answers[s].verdict === 'exact').length}/${r.questions.length}`).join(', ')}. Bytes over all questions: ${SERVERS.map((s) => `${s} ${sum(r.questions.map((q) => q.answers[s].totalBytes))} B`).join(', ')}.`,
    '',
    '<details><summary>Calls made</summary>',
    '',
    `| question | ${SERVERS.join(' | ')} |`,
    '| --- | --- | --- | --- |',
    ...r.questions.map((q) => `| ${q.label} | ${SERVERS.map((s) => `\`${q.answers[s].tool} ${cell(JSON.stringify(q.answers[s].arguments))}\``).join(' | ')} |`),
    '',
    '</details>',
    '',
    '### Write tools',
    '',
    '| server, setting | write tools listed (readOnlyHint / destructiveHint) | call | what the caller was told | what changed on the Prefect server |',
    '| --- | --- | --- | --- | --- |',
    ...r.writes.flatMap((side) =>
      side.calls.map(
        (call, i) =>
          `| ${i === 0 ? side.config : ''} | ${i === 0 ? (side.writeTools.length ? side.writeTools.map((t) => `${t.name} (${hint(t.readOnlyHint)} / ${hint(t.destructiveHint)})`).join(', ') : 'none') : ''} | \`${call.tool} ${cell(JSON.stringify(call.arguments))}\` | ${cell(call.answer)} | ${call.effect} |`,
      ),
    ),
    '',
  ];
}

function notes(r: ThreeWayResult): string[] {
  const lines = r.questions.flatMap((q) => Object.entries(q.notes).map(([server, note]) => `- ${server}, ${q.label}: ${note}.`));
  return lines.length ? [...lines, ''] : [];
}

function answerCell(answer: Answer, expected: number): string {
  const size = answer.totalBytes === null ? '' : `, ${answer.totalBytes} B`;
  const time = answer.latencyMs.n ? `, ${answer.latencyMs.median} ms` : '';
  if (answer.verdict === 'error') return `**error**: ${cell(answer.error ?? '').slice(0, 160)}${size}${time}`;
  const detail =
    answer.verdict === 'exact'
      ? `${answer.returned}/${expected}`
      : `${answer.returned} listed, ${expected - answer.missing.length}/${expected} of the truth${answer.extra ? `, ${answer.extra} others` : ''}${answer.missing.length ? `; missing ${cell(answer.missing.join(', '))}` : ''}`;
  return `${answer.verdict === 'exact' ? 'exact' : `**${answer.verdict}**`} ${detail}${size}${time}`;
}

function ms(summary: Summary): string {
  return summary.n ? `${summary.median} / ${summary.p95} ms` : 'n/a';
}

function hint(value: boolean | null): string {
  return value === null ? 'unset' : String(value);
}

function sum(values: Array<number | null>): number {
  return values.reduce<number>((total, v) => total + (v ?? 0), 0);
}

function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}
