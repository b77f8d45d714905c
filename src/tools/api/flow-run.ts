/** get_flow_run: one flow run in full, with its relations resolved by name. */
import { z } from 'zod';
import { defineTool, type ToolContext } from '../define-tool.js';
import { uiLinks } from '../../prefect/ui-links.js';
import { namesById } from './names.js';
import { resolveFlowRunId } from './refs.js';
import { isoUtc } from './shared.js';
import type { FlowRun, State } from '../../prefect/types.js';
import { flowRunLine, flowRunSummary, flowRunSummarySchema, truncate } from './summaries.js';
import { MAX_NAME_CHARS } from '../inputs.js';

/** Task runs counted per state in one call; a run with more reports the exact total beside a partial breakdown. */
const TASK_RUN_SAMPLE = 200;
const CHILD_LIMIT = 20;

const relation = z.object({ id: z.string(), name: z.string(), state: z.string().nullable() });

export const getFlowRun = defineTool({
  name: 'get_flow_run',
  title: 'Get one Prefect flow run in full',
  description:
    'One flow run in full: state and message, parameters, state history, tags, flow and deployment by name, work pool/queue, infrastructure pid, task-run counts by state (failed task names listed), parent run and subflow runs. Use get_flow_run_logs for its logs and get_task_runs for task details.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    flow_run_id: z.string().max(MAX_NAME_CHARS).describe('The flow run id (UUID, from get_flow_runs) or its name'),
  },
  output: {
    flow_run: flowRunSummarySchema.extend({
      flow_id: z.string(),
      deployment_id: z.string().nullable(),
      parameters: z.record(z.string(), z.unknown()),
      infrastructure_pid: z.string().nullable(),
      run_count: z.number().int(),
      created: z.string().nullable(),
      labels: z.record(z.string(), z.unknown()),
    }),
    state_history: z.array(z.object({ state: z.string(), type: z.string(), timestamp: z.string().nullable(), message: z.string().optional() })),
    task_runs: z.object({
      total: z.number().int(),
      by_state: z.record(z.string(), z.number().int()).describe('Task-run counts per state name (of the first 200 task runs when total is larger)'),
      failed: z.array(z.string()).describe('Names of failed or crashed task runs'),
    }),
    parent: relation.nullable().describe('The flow run this one is a subflow of'),
    subflows: z.array(relation).describe(`Subflow runs started by this run (first ${CHILD_LIMIT})`),
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const opts = { signal: ctx.signal };
    const id = await resolveFlowRunId(client, args.flow_run_id, opts);
    const run = await client.get<FlowRun & { flow_id: string; run_count: number; created: string; labels: Record<string, unknown> }>(`/flow_runs/${id}`, opts);

    const [flows, deployments, states, tasks, taskTotal, children, parent] = await Promise.all([
      namesById(ctx, 'flows', [run.flow_id]),
      namesById(ctx, 'deployments', [run.deployment_id]),
      client.get<State[]>('/flow_run_states/', { ...opts, query: { flow_run_id: id } }),
      client.post<Array<{ name: string; state_name: string | null; state_type: string | null }>>(
        '/task_runs/filter',
        { task_runs: { flow_run_id: { any_: [id] } }, limit: TASK_RUN_SAMPLE },
        opts,
      ),
      client.post<number>('/task_runs/count', { task_runs: { flow_run_id: { any_: [id] } } }, opts),
      client.post<FlowRun[]>('/flow_runs/filter', { flow_runs: { parent_flow_run_id: { any_: [id] } }, sort: 'START_TIME_ASC', limit: CHILD_LIMIT }, opts),
      parentRun(ctx, run.parent_task_run_id),
    ]);

    const byState: Record<string, number> = {};
    for (const task of tasks) byState[task.state_name ?? 'no state'] = (byState[task.state_name ?? 'no state'] ?? 0) + 1;
    const failed = tasks.filter((task) => task.state_type === 'FAILED' || task.state_type === 'CRASHED').map((task) => task.name);

    const summary = flowRunSummary(run, flows, deployments, uiLinks(ctx.config));
    const data = {
      flow_run: {
        ...summary,
        flow_id: run.flow_id,
        deployment_id: run.deployment_id,
        parameters: run.parameters ?? {},
        infrastructure_pid: run.infrastructure_pid,
        run_count: run.run_count,
        created: isoUtc(run.created),
        labels: run.labels ?? {},
      },
      state_history: [...states]
        .sort((a, b) => Date.parse(a.timestamp ?? '') - Date.parse(b.timestamp ?? ''))
        .map((state) => ({ state: state.name, type: state.type, timestamp: isoUtc(state.timestamp), ...(state.message ? { message: truncate(state.message) } : {}) })),
      task_runs: { total: taskTotal, by_state: byState, failed },
      parent,
      subflows: children.map((child) => ({ id: child.id, name: child.name, state: child.state_name })),
    };

    const text = [
      flowRunLine(summary),
      `parameters: ${JSON.stringify(data.flow_run.parameters)}`,
      run.infrastructure_pid ? `infrastructure pid: ${run.infrastructure_pid}` : '',
      `states: ${data.state_history.map((s) => `${s.state}@${s.timestamp}`).join(' → ')}`,
      `task runs: ${taskTotal}${taskTotal ? ` (${Object.entries(byState).map(([name, n]) => `${name} ${n}`).join(', ')})` : ''}${failed.length ? `; failed: ${failed.join(', ')}` : ''}`,
      parent ? `parent: ${parent.name} [${parent.state}] id=${parent.id}` : '',
      data.subflows.length ? `subflows: ${data.subflows.map((c) => `${c.name} [${c.state}] id=${c.id}`).join('; ')}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    return { data, text };
  },
});

/** A subflow points at the task run that called it; that task run's flow run is the parent. */
async function parentRun(ctx: ToolContext, parentTaskRunId: string | null): Promise<z.infer<typeof relation> | null> {
  if (!parentTaskRunId) return null;
  const client = ctx.prefect();
  const task = await client.get<{ flow_run_id: string | null }>(`/task_runs/${parentTaskRunId}`, { signal: ctx.signal });
  if (!task.flow_run_id) return null;
  const parent = await client.get<FlowRun>(`/flow_runs/${task.flow_run_id}`, { signal: ctx.signal });
  return { id: parent.id, name: parent.name, state: parent.state_name };
}
