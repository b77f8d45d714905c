/**
 * Compact summaries of Prefect run objects: relations by name, ISO UTC times, durations and
 * lateness in seconds plus human units. Empty optional fields are omitted to keep responses small.
 */
import { z } from 'zod';
import type { UiLinks } from '../../prefect/ui-links.js';
import { humanDuration, isoUtc } from './shared.js';
import { oneOrMany, caseInsensitiveEnum, MAX_NAME_CHARS } from '../inputs.js';
import type { FlowRun } from '../../prefect/types.js';

export const STATE_TYPES = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING'] as const;

/** Prefect's state names are case-sensitive ("Late", "AwaitingRetry"); accept any casing of the known ones. */
const STATE_NAMES = [
  'Scheduled', 'Late', 'AwaitingRetry', 'AwaitingConcurrencySlot', 'Pending', 'Running', 'Retrying', 'Paused',
  'Suspended', 'Completed', 'Cached', 'RolledBack', 'Failed', 'Crashed', 'Cancelled', 'Cancelling', 'TimedOut',
];

export const stateInput = {
  state_type: oneOrMany(caseInsensitiveEnum(STATE_TYPES)).optional().describe('Only runs whose state type is one of these, e.g. ["FAILED", "CRASHED"] (a single value and any casing are accepted)'),
  state_name: oneOrMany(z.string().max(MAX_NAME_CHARS))
    .optional()
    .describe('Only runs whose state name is one of these, e.g. ["Late"] or ["AwaitingRetry", "Retrying"] (any casing)'),
};

/** The `state` filter section shared by FlowRunFilter and TaskRunFilter. */
export function stateFilter(args: { state_type?: string[]; state_name?: string[] }): Record<string, unknown> | undefined {
  const state: Record<string, unknown> = {};
  if (args.state_type?.length) state.type = { any_: args.state_type };
  if (args.state_name?.length) {
    state.name = { any_: args.state_name.map((name) => STATE_NAMES.find((known) => known.toLowerCase() === name.trim().toLowerCase()) ?? name.trim()) };
  }
  return Object.keys(state).length ? state : undefined;
}

export function truncate(text: string | null | undefined, max = 300): string | undefined {
  if (!text) return undefined;
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more chars)` : text;
}

/** Wall-clock run time: end − start, or Prefect's running estimate while a run is still going. */
export function runSeconds(run: { start_time: string | null; end_time: string | null; state_type: string | null; estimated_run_time?: number }): number | null {
  if (run.start_time && run.end_time) return (Date.parse(run.end_time) - Date.parse(run.start_time)) / 1000;
  if (run.state_type === 'RUNNING' && run.estimated_run_time !== undefined) return run.estimated_run_time;
  return null;
}

const compact = <T extends Record<string, unknown>>(object: T): T =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0))) as T;

export const flowRunSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  flow: z.string().nullable().describe('Flow name'),
  deployment: z.string().optional().describe('Deployment name (absent for ad-hoc runs)'),
  state: z.string().nullable().describe('State name, e.g. Late, Failed, Completed'),
  state_type: z.string().nullable(),
  message: z.string().optional().describe('State message (truncated)'),
  expected_start: z.string().optional().describe('When the run was scheduled to start (ISO 8601 UTC)'),
  start: z.string().optional(),
  end: z.string().optional(),
  duration_seconds: z.number().optional(),
  duration: z.string().optional(),
  lateness_seconds: z.number().optional().describe('How far the actual (or, not yet started, current) time is past the expected start'),
  lateness: z.string().optional(),
  work_pool: z.string().optional(),
  work_queue: z.string().optional(),
  tags: z.array(z.string()).optional(),
  subflow: z.boolean().optional().describe('True when the run is a subflow of another flow run'),
  ui_url: z.string().describe('The run in the Prefect UI'),
});
export type FlowRunSummary = z.infer<typeof flowRunSummarySchema>;

/** Lateness under a second is scheduling jitter, not worth reporting. */
const LATENESS_FLOOR_SECONDS = 1;

export function flowRunSummary(run: FlowRun, flows: Map<string, string>, deployments: Map<string, string>, links: UiLinks): FlowRunSummary {
  const seconds = runSeconds(run);
  const late = run.estimated_start_time_delta >= LATENESS_FLOOR_SECONDS ? Math.round(run.estimated_start_time_delta) : undefined;
  return compact({
    id: run.id,
    name: run.name,
    flow: flows.get(run.flow_id) ?? null,
    deployment: run.deployment_id ? (deployments.get(run.deployment_id) ?? run.deployment_id) : undefined,
    state: run.state_name ?? run.state?.name ?? null,
    state_type: run.state_type ?? run.state?.type ?? null,
    message: truncate(run.state?.message),
    expected_start: isoUtc(run.expected_start_time) ?? undefined,
    start: isoUtc(run.start_time) ?? undefined,
    end: isoUtc(run.end_time) ?? undefined,
    duration_seconds: seconds === null ? undefined : Math.round(seconds * 10) / 10,
    duration: humanDuration(seconds) ?? undefined,
    lateness_seconds: late,
    lateness: late === undefined ? undefined : (humanDuration(late) ?? undefined),
    work_pool: run.work_pool_name ?? undefined,
    work_queue: run.work_queue_name ?? undefined,
    tags: run.tags,
    subflow: run.parent_task_run_id ? true : undefined,
    ui_url: links.flowRun(run.id),
  }) as FlowRunSummary;
}

export function flowRunLine(run: FlowRunSummary): string {
  const parts = [
    `${run.name} [${run.state ?? 'no state'}]`,
    run.flow ? `flow=${run.flow}` : '',
    run.deployment ? `deployment=${run.deployment}` : '',
    run.start ? `start=${run.start}` : run.expected_start ? `expected=${run.expected_start}` : '',
    run.duration ? `took ${run.duration}` : '',
    run.lateness ? `late ${run.lateness}` : '',
    run.work_pool ? `pool=${run.work_pool}${run.work_queue ? `/${run.work_queue}` : ''}` : '',
    run.subflow ? 'subflow' : '',
    `id=${run.id}`,
    run.ui_url,
  ];
  const line = parts.filter(Boolean).join(' ');
  return run.message ? `${line}\n  ${run.message.split('\n')[0]}` : line;
}

/** With `detail: true` each object carries every field Prefect returned, under `full`. */
export const fullField = {
  full: z.record(z.string(), z.unknown()).optional().describe('Every field of the object as Prefect returned it (only with detail: true)'),
};
