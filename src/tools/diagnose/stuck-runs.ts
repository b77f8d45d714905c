/**
 * diagnose_stuck_runs: the workspace-wide check for zombie runs — Running or Cancelling runs whose
 * process is gone. Each candidate is judged by Prefect's missed-heartbeat rule (liveness.ts).
 */
import { z } from 'zod';
import pLimit from 'p-limit';
import { uiLinks } from '../../prefect/ui-links.js';
import { defineTool } from '../define-tool.js';
import { namesById } from '../api/names.js';
import { Deadline } from './deadline.js';
import { bySeverity, findingSchema, renderFindings } from './findings.js';
import { assessLiveness, stuckFinding, WorkerCache, type Liveness } from './liveness.js';
import type { FlowRun } from '../../prefect/types.js';

/** Runs examined per call (oldest start first); the exact total is reported beside. */
const EXAMINE = 50;
const PARALLEL = 8;

export const stuckRunSchema = z.object({
  id: z.string(),
  name: z.string(),
  flow: z.string().nullable(),
  deployment: z.string().nullable(),
  state: z.string().nullable(),
  running_for: z.string().nullable(),
  running_seconds: z.number().nullable(),
  last_heartbeat: z.string().nullable(),
  heartbeat_interval_seconds: z.number().nullable(),
  last_log: z.string().nullable(),
  silent_seconds: z.number().nullable().describe('Seconds since the last sign of life (start, heartbeat, log or event)'),
  worker_status: z.string(),
  stuck: z.boolean(),
  verdict: z.string(),
  ui_url: z.string(),
});

export const diagnoseStuckRuns = defineTool({
  name: 'diagnose_stuck_runs',
  title: 'Find stuck (zombie) runs',
  description:
    'Running or Cancelling flow runs whose process is most likely gone: no heartbeat for more than three heartbeat intervals (Prefect\'s zombie rule), or — without heartbeats — no log or event for 30 minutes, with the worker\'s status. Each stuck run comes with the evidence (running for, last heartbeat, last log, worker) and the fix (mark Crashed or cancel, heartbeat setting, zombie-flow automation).',
  toolset: 'diagnose',
  kind: 'read',
  openWorld: true,
  input: {
    limit: z.number().int().min(1).max(EXAMINE).optional().describe(`How many stuck runs to list (default 10, max ${EXAMINE})`),
    include_healthy: z.boolean().optional().describe('Also list the Running runs that look alive (default false)'),
  },
  output: {
    total_running: z.number().int().describe('Running or Cancelling runs on the server'),
    examined: z.number().int().describe(`How many were checked (oldest start first, at most ${EXAMINE})`),
    stuck_count: z.number().int().describe('Stuck runs among those examined'),
    runs: z.array(stuckRunSchema),
    has_more: z.boolean().describe('True when more stuck (or examined) runs exist than listed'),
    findings: z.array(findingSchema),
    timed_out: z.array(z.string()).describe('Parts of the diagnosis that did not answer within the deadline (their runs are missing)'),
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const deadline = new Deadline(ctx);
    const filter = { flow_runs: { state: { type: { any_: ['RUNNING', 'CANCELLING'] } } } };
    const [total, runs] = await Promise.all([
      deadline.part('count of running runs', (opts) => client.post<number>('/flow_runs/count', filter, opts), -1),
      deadline.part('running runs', (opts) => client.post<FlowRun[]>('/flow_runs/filter', { ...filter, sort: 'START_TIME_ASC', limit: EXAMINE }, opts), []),
    ]);
    const workers = new WorkerCache(client, { signal: deadline.signal });
    const parallel = pLimit(PARALLEL);
    const [assessed, flows, deployments] = await Promise.all([
      Promise.all(runs.map((run) => parallel(() => deadline.part(`liveness of ${run.name}`, (opts) => assessLiveness(client, run, workers, opts), null)))),
      deadline.part('flow names', () => namesById(ctx, 'flows', runs.map((r) => r.flow_id)), new Map<string, string>()),
      deadline.part('deployment names', () => namesById(ctx, 'deployments', runs.map((r) => r.deployment_id)), new Map<string, string>()),
    ]);
    const links = uiLinks(ctx.config);
    const rows = runs
      .map((run, i) => ({ run, live: assessed[i] }))
      .filter((row): row is { run: FlowRun; live: Liveness } => row.live !== null);
    const stuck = rows.filter((row) => row.live.stuck);
    const shown = (args.include_healthy ? rows : stuck).slice(0, args.limit ?? 10);
    const findings = bySeverity(stuck.slice(0, args.limit ?? 10).map(({ run, live }) => stuckFinding(ctx, run, live)));
    const out = shown.map(({ run, live }) => ({
      id: run.id,
      name: run.name,
      flow: flows.get(run.flow_id) ?? null,
      deployment: run.deployment_id ? (deployments.get(run.deployment_id) ?? run.deployment_id) : null,
      state: run.state_name,
      running_for: live.running_for,
      running_seconds: live.running_seconds,
      last_heartbeat: live.last_heartbeat,
      heartbeat_interval_seconds: live.heartbeat_interval_seconds,
      last_log: live.last_log,
      silent_seconds: live.silent_seconds,
      worker_status: live.worker_status,
      stuck: live.stuck,
      verdict: live.verdict,
      ui_url: links.flowRun(run.id),
    }));
    const data = {
      total_running: total < 0 ? runs.length : total,
      examined: rows.length,
      stuck_count: stuck.length,
      runs: out,
      has_more: (args.include_healthy ? rows.length : stuck.length) > out.length || total > runs.length,
      findings,
      timed_out: deadline.timedOut,
    };
    const text = [
      `${data.total_running} Running/Cancelling run(s); examined ${data.examined}; ${stuck.length} stuck.`,
      ...out.map(
        (r) =>
          `${r.stuck ? 'STUCK' : 'ok'} ${r.name} [${r.state}] ${r.flow ?? '?'}${r.deployment ? `/${r.deployment}` : ''} running ${r.running_for ?? '?'}: ${r.verdict}; worker: ${r.worker_status} ${r.ui_url}`,
      ),
      data.has_more ? 'more runs exist than listed: raise limit' : '',
      stuck.length ? renderFindings(findings) : '',
      deadline.note(),
    ]
      .filter(Boolean)
      .join('\n');
    return { data, text };
  },
});
