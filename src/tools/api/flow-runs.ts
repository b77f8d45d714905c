/** get_flow_runs (filtered, paged list) and get_flow_run (one run in full). */
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { uiLinks } from '../../prefect/ui-links.js';
import { namesById } from './names.js';
import {
  detailInput,
  fetchPage,
  isUuid,
  listInput,
  mergeFilter,
  pageFrom,
  pageOutput,
  parseSince,
  rawFilterBody,
  rawFilterInput,
  requireUuid,
} from './shared.js';
import { flowRunLine, flowRunSummary, flowRunSummarySchema, fullField, stateFilter, stateInput } from './summaries.js';
import type { FlowRun } from '../../prefect/types.js';
import { oneOrMany, caseInsensitiveEnum, optionalTime, MAX_NAME_CHARS } from '../inputs.js';
import { renderList, withDetail } from './list-text.js';

const FLOW_RUN_SORTS = [
  'START_TIME_DESC', 'START_TIME_ASC', 'EXPECTED_START_TIME_DESC', 'EXPECTED_START_TIME_ASC',
  'NEXT_SCHEDULED_START_TIME_ASC', 'END_TIME_DESC', 'NAME_ASC', 'NAME_DESC', 'ID_DESC',
] as const;

/** Sections POST /flow_runs/filter accepts beside paging and sort. */
const FLOW_RUN_BODY = ['flows', 'flow_runs', 'task_runs', 'deployments', 'work_pools', 'work_pool_queues'];

/** "flow/deployment" narrows by both names; a bare name matches the deployment name only. */
export function deploymentNameFilter(value: string): Record<string, unknown> {
  if (isUuid(value.trim())) return { deployments: { id: { any_: [value.trim()] } } };
  const slash = value.indexOf('/');
  if (slash < 0) return { deployments: { name: { any_: [value.trim()] } } };
  return {
    flows: { name: { any_: [value.slice(0, slash).trim()] } },
    deployments: { name: { any_: [value.slice(slash + 1).trim()] } },
  };
}

export const getFlowRuns = defineTool({
  name: 'get_flow_runs',
  title: 'List Prefect flow runs',
  description:
    'List flow runs, newest first, as one-line summaries (state, flow and deployment by name, start, duration, lateness, work pool). Filter by state type or state name (e.g. "Late"), flow name, deployment ("flow/deployment"), tags, work pool, a time window on the expected start, or raw Prefect filter JSON. Use get_flow_run for one run in full and get_flow_run_logs for its logs.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    ...stateInput,
    flow_name: z.string().max(MAX_NAME_CHARS).optional().describe('Only runs of the flow with exactly this name'),
    deployment: z.string().max(MAX_NAME_CHARS).optional().describe('Only runs of this deployment: "flow_name/deployment_name", just the deployment name, or its id'),
    work_pool: z.string().max(MAX_NAME_CHARS).optional().describe('Only runs in this work pool (by name)'),
    tags: oneOrMany(z.string().max(MAX_NAME_CHARS)).optional().describe('Only runs carrying all of these tags'),
    parent_flow_run_id: z.string().max(MAX_NAME_CHARS).optional().describe('Only subflow runs of this flow run'),
    since: optionalTime().describe('Only runs expected to start at or after this time: ISO 8601 or a span ago like "2h", "7d"'),
    until: optionalTime().describe('Only runs expected to start at or before this time: ISO 8601 or a span ago; "0m" (now) excludes future scheduled runs'),
    sort: caseInsensitiveEnum(FLOW_RUN_SORTS).optional().describe('Order (default START_TIME_DESC: newest first; runs not yet started sort by expected start)'),
    ...rawFilterInput,
    ...listInput,
    ...detailInput,
  },
  output: {
    flow_runs: z.array(flowRunSummarySchema.extend(fullField)),
    ...pageOutput,
  },
  async handle(args, ctx) {
    const page = pageFrom(args);
    const flowRuns: Record<string, unknown> = {};
    const state = stateFilter(args);
    if (state) flowRuns.state = state;
    if (args.tags?.length) flowRuns.tags = { all_: args.tags };
    if (args.parent_flow_run_id) flowRuns.parent_flow_run_id = { any_: [requireUuid(args.parent_flow_run_id, 'flow run', 'get_flow_runs')] };
    const since = parseSince(args.since, 'since');
    const until = parseSince(args.until, 'until');
    if (since || until) flowRuns.expected_start_time = { ...(since && { after_: since }), ...(until && { before_: until }) };

    let body: Record<string, unknown> = Object.keys(flowRuns).length ? { flow_runs: flowRuns } : {};
    if (args.flow_name) body = mergeFilter(body, { flows: { name: { any_: [args.flow_name.trim()] } } });
    if (args.deployment) body = mergeFilter(body, deploymentNameFilter(args.deployment));
    if (args.work_pool) body = mergeFilter(body, { work_pools: { name: { any_: [args.work_pool.trim()] } } });
    body = mergeFilter(body, rawFilterBody(args.filter, 'flow_runs', FLOW_RUN_BODY));

    const client = ctx.prefect();
    const { items, meta } = await fetchPage(
      (limit, offset) =>
        client.post<FlowRun[]>('/flow_runs/filter', { ...body, sort: args.sort ?? 'START_TIME_DESC', limit, offset }, { signal: ctx.signal }),
      page,
    );
    const [flows, deployments] = await Promise.all([
      namesById(ctx, 'flows', items.map((run) => run.flow_id)),
      namesById(ctx, 'deployments', items.map((run) => run.deployment_id)),
    ]);
    const flowRunsOut = items.map((run) => ({ ...flowRunSummary(run, flows, deployments, uiLinks(ctx.config)), ...(args.detail ? { full: run } : {}) }));

    const lines = flowRunsOut.map((run) => withDetail(flowRunLine(run), run.full));
    const text = renderList(['flow run', 'flow runs'], lines, meta);
    return { data: { flow_runs: flowRunsOut, ...meta }, text };
  },
});
