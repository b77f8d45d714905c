/** get_task_runs: task runs with retries, durations and their flow run by name. */
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { namesById } from './names.js';
import {
  detailInput,
  fetchPage,
  humanDuration,
  isoUtc,
  listInput,
  mergeFilter,
  pageFrom,
  pageOutput,
  parseSince,
  rawFilterBody,
  rawFilterInput,
} from './shared.js';
import { resolveFlowRunId } from './refs.js';
import { fullField, runSeconds, stateFilter, stateInput, truncate } from './summaries.js';
import type { TaskRun } from '../../prefect/types.js';
import { oneOrMany, caseInsensitiveEnum, optionalTime, MAX_NAME_CHARS } from '../inputs.js';
import { renderList, withDetail } from './list-text.js';

const TASK_RUN_SORTS = ['EXPECTED_START_TIME_DESC', 'EXPECTED_START_TIME_ASC', 'END_TIME_DESC', 'NAME_ASC', 'NAME_DESC', 'ID_DESC'] as const;
const TASK_RUN_BODY = ['flows', 'flow_runs', 'task_runs', 'deployments'];

const taskRunSchema = z.object({
  id: z.string(),
  name: z.string(),
  flow_run: z.string().nullable().describe('Name of the flow run the task ran in'),
  flow_run_id: z.string().nullable(),
  state: z.string().nullable(),
  state_type: z.string().nullable(),
  message: z.string().optional().describe('State message (truncated)'),
  start: z.string().optional(),
  end: z.string().optional(),
  duration_seconds: z.number().optional(),
  duration: z.string().optional(),
  run_count: z.number().int().describe('How many times the task ran (1 + retries attempted)'),
  retries: z.number().int().describe('Retries configured on the task'),
  tags: z.array(z.string()).optional(),
  ...fullField,
});

export const getTaskRuns = defineTool({
  name: 'get_task_runs',
  title: 'List Prefect task runs',
  description:
    'List task runs, newest first: state, flow run by name, duration, run count vs configured retries. Filter by flow run, state type or name (e.g. "AwaitingRetry"), name contains, tags, a time window on the expected start, or raw Prefect filter JSON. Note `task_inputs` in detail mode are upstream dependencies, not argument values.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    flow_run_id: z.string().max(MAX_NAME_CHARS).optional().describe('Only task runs of this flow run (id or name)'),
    ...stateInput,
    name_contains: z.string().max(MAX_NAME_CHARS).optional().describe('Only task runs whose name contains this text (case-insensitive)'),
    tags: oneOrMany(z.string().max(MAX_NAME_CHARS)).optional().describe('Only task runs carrying all of these tags'),
    since: optionalTime().describe('Only task runs expected to start at or after this time: ISO 8601 or a span ago like "2h"'),
    until: optionalTime().describe('Only task runs expected to start at or before this time: ISO 8601 or a span ago'),
    sort: caseInsensitiveEnum(TASK_RUN_SORTS).optional().describe('Order (default EXPECTED_START_TIME_DESC: newest first)'),
    ...rawFilterInput,
    ...listInput,
    ...detailInput,
  },
  output: {
    task_runs: z.array(taskRunSchema),
    ...pageOutput,
  },
  async handle(args, ctx) {
    const page = pageFrom(args);
    const taskRuns: Record<string, unknown> = {};
    if (args.flow_run_id) taskRuns.flow_run_id = { any_: [await resolveFlowRunId(ctx.prefect(), args.flow_run_id, { signal: ctx.signal })] };
    const state = stateFilter(args);
    if (state) taskRuns.state = state;
    if (args.name_contains) taskRuns.name = { like_: args.name_contains };
    if (args.tags?.length) taskRuns.tags = { all_: args.tags };
    const since = parseSince(args.since, 'since');
    const until = parseSince(args.until, 'until');
    if (since || until) taskRuns.expected_start_time = { ...(since && { after_: since }), ...(until && { before_: until }) };
    const body = mergeFilter(Object.keys(taskRuns).length ? { task_runs: taskRuns } : {}, rawFilterBody(args.filter, 'task_runs', TASK_RUN_BODY));

    const client = ctx.prefect();
    const { items, meta } = await fetchPage(
      (limit, offset) =>
        client.post<TaskRun[]>('/task_runs/filter', { ...body, sort: args.sort ?? 'EXPECTED_START_TIME_DESC', limit, offset }, { signal: ctx.signal }),
      page,
    );
    const flowRuns = await namesById(ctx, 'flow_runs', items.map((task) => task.flow_run_id));
    const taskRunsOut = items.map((task) => {
      const seconds = runSeconds(task);
      return {
        id: task.id,
        name: task.name,
        flow_run: task.flow_run_id ? (flowRuns.get(task.flow_run_id) ?? null) : null,
        flow_run_id: task.flow_run_id,
        state: task.state_name,
        state_type: task.state_type,
        ...(task.state?.message ? { message: truncate(task.state.message) } : {}),
        ...(task.start_time ? { start: isoUtc(task.start_time) ?? undefined } : {}),
        ...(task.end_time ? { end: isoUtc(task.end_time) ?? undefined } : {}),
        ...(seconds !== null ? { duration_seconds: Math.round(seconds * 10) / 10, duration: humanDuration(seconds) ?? undefined } : {}),
        run_count: task.run_count,
        retries: task.empirical_policy?.retries ?? task.empirical_policy?.max_retries ?? 0,
        ...(task.tags?.length ? { tags: task.tags } : {}),
        ...(args.detail ? { full: task as unknown as Record<string, unknown> } : {}),
      };
    });

    const lines = taskRunsOut.map((task) => {
      const line = [
        `${task.name} [${task.state ?? 'no state'}]`,
        task.flow_run ? `flow_run=${task.flow_run}` : '',
        task.duration ? `took ${task.duration}` : '',
        task.run_count > 1 || task.retries ? `runs ${task.run_count}/${task.retries + 1}` : '',
        `id=${task.id}`,
      ]
        .filter(Boolean)
        .join(' ');
      const message = task.message ? `\n  ${task.message.split('\n')[0]}` : '';
      return withDetail(`${line}${message}`, task.full);
    });
    return { data: { task_runs: taskRunsOut, ...meta }, text: renderList(['task run', 'task runs'], lines, meta) };
  },
});
