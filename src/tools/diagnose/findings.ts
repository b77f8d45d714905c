/**
 * The shape every diagnosis answers in: a finding names a cause, the evidence that proves
 * it, and the fix (a command to run and the docs page that explains it). Severity orders
 * them so the assistant reads the blocker first.
 */
import { z } from 'zod';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const fixSchema = z.object({
  action: z.string().describe('What to do, in one sentence'),
  command: z.string().optional().describe('A command that applies the fix (Prefect CLI where one exists)'),
  docs_url: z.string().optional().describe('The docs page that covers this cause (from the offline docs index)'),
});

/** Who holds a slot of a full concurrency limit (filled in by slot-holders.ts). */
export const holderSchema = z.object({
  kind: z.enum(['task_run', 'flow_run']),
  id: z.string(),
  name: z.string(),
  state: z.string().nullable(),
  flow_run_id: z.string().describe('The flow run (itself, or the task run’s)'),
  age: z.string().nullable().describe('How long it has held the slot (time since it started)'),
  stuck: z.boolean().nullable().describe('True when the holding flow run looks dead (see diagnose_stuck_runs); null when unknown'),
  verdict: z.string(),
  ui_url: z.string(),
});
export type SlotHolder = z.output<typeof holderSchema>;

export const findingSchema = z.object({
  severity: z.enum(SEVERITIES).describe('critical = blocks runs or caused the failure; warning = likely contributes; info = context'),
  code: z.string().describe('Stable cause id, e.g. pool_paused, no_worker, concurrency_saturated, retries_exhausted'),
  cause: z.string().describe('The cause in one sentence'),
  evidence: z.string().describe('The observed facts that show it'),
  fix: fixSchema,
  holders: z.array(holderSchema).optional().describe('For a full concurrency limit: the runs or task runs holding its slots'),
});

export type Fix = z.output<typeof fixSchema>;
export type Finding = z.output<typeof findingSchema>;

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
/** Within a severity, upstream causes first: no schedule means no runs, whatever the pool does. */
const ORDER = ['deployment_paused', 'schedule_inactive', 'pool_missing', 'pool_paused', 'queue_paused', 'no_worker', 'no_runner', 'concurrency_saturated'];

export function bySeverity(findings: Finding[]): Finding[] {
  const order = (code: string) => (ORDER.includes(code) ? ORDER.indexOf(code) : ORDER.length);
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || order(a.code) - order(b.code));
}

/** One finding per two lines: "[critical] cause — evidence" then "  fix: …". */
export function renderFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'No problems found.';
  return findings
    .map((f) => {
      const fix = [f.fix.action, f.fix.command ? `\`${f.fix.command}\`` : '', f.fix.docs_url ?? ''].filter(Boolean).join(' ');
      return `[${f.severity}] ${f.cause} — ${f.evidence}\n  fix: ${fix}`;
    })
    .join('\n');
}
