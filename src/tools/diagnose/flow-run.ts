import { z } from 'zod';
import { uiLinks } from '../../prefect/ui-links.js';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { humanDuration, isoUtc } from '../api/shared.js';
import { buildFix } from './docs-links.js';
import { bySeverity, findingSchema, renderFindings, type Finding } from './findings.js';
import type { Event, FlowRun, TaskRun } from '../../prefect/types.js';
import { flowName, readFlowRun } from '../api/refs.js';
import { Deadline } from './deadline.js';
import { assessLiveness, livenessSchema, stuckFinding, WorkerCache, type Liveness } from './liveness.js';
import { readEvents } from './prefect.js';
import { exceptionFromLogs, exceptionFromStateMessage, type ExceptionInfo } from '../../prefect/traceback.js';
import { MAX_NAME_CHARS } from '../inputs.js';

interface LogLine {
  message: string;
  task_run_id: string | null;
  timestamp: string;
}

const TIMELINE_MAX = 15;
/** Task-run events worth showing; the rest (Pending, Running, Completed) are noise next to the flow run's own. */
const TASK_EVENTS = /\.(Retrying|Failed|Crashed|TimedOut|AwaitingRetry)$/;

const taskRunOut = z.object({
  id: z.string(),
  name: z.string(),
  state_name: z.string().nullable(),
  message: z.string().nullable(),
  attempts: z.number().int().describe('How many times the task ran (1 + retries used)'),
  retries: z.number().int().describe('Retries configured on the task'),
  ui_url: z.string(),
});

export const diagnoseFlowRun = defineTool({
  name: 'diagnose_flow_run',
  title: 'Diagnose a failed flow run',
  description:
    'Why a flow run failed or crashed, in one call: final state and message, the exception type and a traceback trimmed to your code\'s frames, the failing task runs with retry counts, parameters, where it ran (pool, queue, worker, pid), a short event timeline, and findings with fixes and docs links. Without flow_run_id it picks the most recent FAILED or CRASHED run.',
  toolset: 'diagnose',
  kind: 'read',
  openWorld: true,
  input: {
    flow_run_id: z.string().max(MAX_NAME_CHARS).optional().describe('Flow run id (UUID) or name. Omit to diagnose the most recent FAILED or CRASHED run.'),
  },
  output: {
    flow_run: z.object({
      id: z.string(),
      name: z.string(),
      flow_name: z.string().nullable(),
      deployment_id: z.string().nullable(),
      state_type: z.string().nullable(),
      state_name: z.string().nullable(),
      message: z.string().nullable(),
      start_time: z.string().nullable(),
      end_time: z.string().nullable(),
      duration_seconds: z.number().describe('Run time so far for a run still going, else its total run time'),
      duration: z.string().nullable(),
      run_count: z.number().int(),
      ui_url: z.string().describe('The run in the Prefect UI'),
    }),
    exception: z
      .object({ type: z.string(), message: z.string(), traceback: z.string().nullable() })
      .nullable()
      .describe('The exception that failed the run, from its logs (null when none was logged)'),
    failed_task_runs: z.array(taskRunOut),
    parameters: z.record(z.string(), z.unknown()),
    ran_on: z.object({
      work_pool: z.string().nullable(),
      work_queue: z.string().nullable(),
      worker: z.string().nullable().describe('Worker that submitted the run, from its events'),
      infrastructure_pid: z.string().nullable(),
    }),
    timeline: z.array(z.object({ at: z.string(), event: z.string(), resource: z.string() })),
    liveness: livenessSchema
      .nullable()
      .describe('For a Running or Cancelling run: heartbeats, last log and worker, and whether it is stuck (null otherwise)'),
    findings: z.array(findingSchema),
    timed_out: z.array(z.string()).describe('Parts that did not answer within the deadline; findings depending on them are missing'),
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const opts = { signal: ctx.signal };
    const run = args.flow_run_id ? await readFlowRun(client, args.flow_run_id, opts) : await latestFailedRun();

    async function latestFailedRun(): Promise<FlowRun> {
      const [latest] = await client.post<FlowRun[]>(
        '/flow_runs/filter',
        { flow_runs: { state: { type: { any_: ['FAILED', 'CRASHED'] } } }, sort: 'END_TIME_DESC', limit: 1 },
        opts,
      );
      if (!latest) throw new ToolError('No FAILED or CRASHED flow runs exist on this server. Pass flow_run_id to diagnose another run (get_flow_runs lists them).');
      return latest;
    }

    const since = new Date(Date.parse(run.start_time ?? run.expected_start_time ?? new Date().toISOString()) - 10 * 60_000).toISOString();
    const deadline = new Deadline(ctx);
    const going = run.state_type === 'RUNNING' || run.state_type === 'CANCELLING';
    const noEvents = { events: [] as Event[], total: 0 };
    const [name, logs, taskRuns, events, liveness] = await Promise.all([
      deadline.part('flow name', (o) => flowName(client, run.flow_id, o), null),
      deadline.part('error logs', (o) => client.post<LogLine[]>('/logs/filter', { logs: { flow_run_id: { any_: [run.id] }, level: { ge_: 40 } }, sort: 'TIMESTAMP_ASC', limit: 50 }, o), []),
      deadline.part('task runs', (o) => client.post<TaskRun[]>('/task_runs/filter', { task_runs: { flow_run_id: { any_: [run.id] } }, limit: 200 }, o), []),
      deadline.part(
        'events',
        (o) => readEvents(client, { any_resource: { id: [`prefect.flow-run.${run.id}`] }, occurred: { since, until: new Date().toISOString() }, order: 'ASC' }, 50, o).catch(() => noEvents),
        noEvents,
      ),
      going ? deadline.part('heartbeats and worker', (o) => assessLiveness(client, run, new WorkerCache(client, o), o), null) : Promise.resolve(null),
    ]);

    const links = uiLinks(ctx.config);
    const exception: ExceptionInfo | null = exceptionFromLogs(logs.map((l) => l.message)) ?? exceptionFromStateMessage(run.state?.message);
    const failedTasks = taskRuns
      .filter((t) => t.state_type === 'FAILED' || t.state_type === 'CRASHED')
      .map((t) => ({
        id: t.id,
        name: t.name,
        state_name: t.state_name,
        message: t.state?.message ?? null,
        attempts: t.run_count,
        retries: t.empirical_policy?.retries ?? t.empirical_policy?.max_retries ?? 0,
        ui_url: links.taskRun(t.id),
      }));
    const timeline = events.events
      .filter((e) => !e.event.endsWith('.heartbeat') && (e.event.startsWith('prefect.flow-run.') ? true : TASK_EVENTS.test(e.event)))
      .map((e) => ({ at: isoUtc(e.occurred) ?? e.occurred, event: e.event, resource: e.resource['prefect.resource.name'] ?? e.resource['prefect.resource.id'] }))
      .slice(-TIMELINE_MAX);

    const findings = bySeverity(findingsFor(run, exception, failedTasks, ctx, liveness));
    const data = {
      flow_run: {
        id: run.id,
        name: run.name,
        flow_name: name,
        deployment_id: run.deployment_id,
        state_type: run.state_type,
        state_name: run.state_name,
        message: run.state?.message ?? null,
        start_time: isoUtc(run.start_time),
        end_time: isoUtc(run.end_time),
        duration_seconds: Math.round(runTime(run)),
        duration: humanDuration(runTime(run)),
        run_count: run.run_count,
        ui_url: links.flowRun(run.id),
      },
      exception,
      failed_task_runs: failedTasks,
      parameters: run.parameters ?? {},
      ran_on: {
        work_pool: run.work_pool_name,
        work_queue: run.work_queue_name,
        worker: workerFrom(events.events),
        infrastructure_pid: run.infrastructure_pid,
      },
      timeline,
      liveness,
      findings,
      timed_out: deadline.timedOut,
    };
    return { data, text: [render(data), deadline.note()].filter(Boolean).join('\n') };
  },
});

type FailedTask = z.output<typeof taskRunOut>;

/** A run still going has total_run_time 0 (Prefect adds a Running period only when it ends): use the time since it started. */
function runTime(run: FlowRun): number {
  if (run.state_type === 'RUNNING' || run.state_type === 'CANCELLING') {
    const started = run.start_time ? (Date.now() - Date.parse(run.start_time)) / 1000 : 0;
    return Math.max(run.estimated_run_time ?? 0, started, run.total_run_time);
  }
  return run.total_run_time;
}

function findingsFor(run: FlowRun, exception: ExceptionInfo | null, failedTasks: FailedTask[], ctx: Parameters<typeof buildFix>[0], liveness: Liveness | null): Finding[] {
  const findings: Finding[] = [];
  const state = run.state_type ?? 'UNKNOWN';
  const where = exception?.traceback ? lastFrame(exception.traceback) : null;
  const error = exception ? `${exception.type}: ${exception.message}` : (run.state?.message ?? 'no error message recorded');

  if (state === 'CRASHED') {
    findings.push({
      severity: 'critical',
      code: 'infrastructure_crashed',
      cause: 'The run crashed: its infrastructure or process died before the flow could report a result.',
      evidence: `state Crashed: ${run.state?.message ?? 'no message'}${run.infrastructure_pid ? ` (pid ${run.infrastructure_pid})` : ''}${
        /\b137\b/.test(run.state?.message ?? '') ? '; exit code 137 = killed by SIGKILL, most often the out-of-memory killer' : ''
      }`,
      fix: buildFix(ctx, {
        action: 'Check the worker and infrastructure logs for the exit reason (out of memory, eviction, killed process) and size the job accordingly in the work pool or job variables.',
        docs: 'infrastructure debugging crashed',
      }),
    });
  } else if (run.state_name === 'TimedOut' || /timed? ?out|timeout/i.test(run.state?.message ?? '')) {
    findings.push({
      severity: 'critical',
      code: 'timed_out',
      cause: 'The run exceeded its timeout.',
      evidence: `state ${run.state_name}: ${run.state?.message ?? ''}`,
      fix: buildFix(ctx, { action: 'Raise timeout_seconds on the flow or task, or make the slow step faster.', docs: 'timeout_seconds flow task timeouts' }),
    });
  } else if (state === 'FAILED') {
    const exhausted = failedTasks.filter((t) => t.retries > 0 && t.attempts > t.retries);
    const noRetries = failedTasks.filter((t) => t.retries === 0);
    for (const task of exhausted) {
      findings.push({
        severity: 'critical',
        code: 'retries_exhausted',
        cause: `Task ${task.name} failed on every attempt: ${task.attempts} attempts, retries=${task.retries} exhausted.`,
        evidence: `${error}${where ? ` at ${where}` : ''}`,
        fix: buildFix(ctx, {
          action: 'The same error repeated on every retry, so it is deterministic: fix the code or data at the frame shown; more retries will not help.',
          docs: 'task retries',
        }),
      });
    }
    for (const task of noRetries) {
      findings.push({
        severity: 'critical',
        code: 'task_failed',
        cause: `Task ${task.name} raised ${exception?.type ?? 'an exception'} and failed the flow run.`,
        evidence: `${error}${where ? ` at ${where}` : ''}`,
        fix: buildFix(ctx, {
          action: 'Fix the error at the frame shown; if it is transient (network, rate limit), add retries to the task.',
          docs: 'task retries',
        }),
      });
    }
    if (failedTasks.length === 0) {
      findings.push({
        severity: 'critical',
        code: 'flow_failed',
        cause: `The flow raised ${exception?.type ?? 'an exception'} outside any task.`,
        evidence: `${error}${where ? ` at ${where}` : ''}`,
        fix: buildFix(ctx, { action: 'Fix the error at the frame shown; add retries to the flow if it is transient.', docs: 'retry flow runs' }),
      });
    }
  } else if (liveness?.stuck) {
    findings.push(stuckFinding(ctx, run, liveness));
  } else if (liveness) {
    findings.push({
      severity: 'info',
      code: 'running',
      cause: `The run is ${run.state_name ?? state} and shows signs of life.`,
      evidence: `${liveness.verdict}; running for ${liveness.running_for ?? 'unknown'}; worker: ${liveness.worker_status}`,
      fix: buildFix(ctx, { action: 'Nothing to fix yet; get_flow_run_logs shows what it is doing. If it hangs, diagnose_stuck_runs checks every running run.' }),
    });
  } else {
    findings.push({
      severity: 'info',
      code: 'not_failed',
      cause: `The run is ${run.state_name ?? state}, not failed.`,
      evidence: run.state?.message ?? 'no state message',
      fix: buildFix(ctx, { action: 'Nothing failed here; diagnose_flow_run without an id picks the latest failed run, and diagnose_deployment explains runs that never start.' }),
    });
  }
  return findings;
}

/** The innermost frame, as "file:line in fn". */
function lastFrame(traceback: string): string | null {
  const frames = [...traceback.matchAll(/File "([^"]+)", line (\d+), in (\S+)/g)];
  const last = frames[frames.length - 1];
  return last ? `${last[1]}:${last[2]} in ${last[3]}` : null;
}

/** Workers appear as a related resource (role "worker") on the run's submission events. */
function workerFrom(events: Event[]): string | null {
  for (const event of events) {
    const worker = event.related?.find((r) => r['prefect.resource.role'] === 'worker');
    if (worker) return worker['prefect.resource.name'] ?? worker['prefect.resource.id'];
  }
  return null;
}

function render(data: {
  flow_run: { name: string; id: string; flow_name: string | null; state_type: string | null; state_name: string | null; message: string | null; duration: string | null; ui_url: string };
  exception: ExceptionInfo | null;
  failed_task_runs: FailedTask[];
  parameters: Record<string, unknown>;
  ran_on: { work_pool: string | null; work_queue: string | null; worker: string | null; infrastructure_pid: string | null };
  timeline: Array<{ at: string; event: string; resource: string }>;
  findings: Finding[];
}): string {
  const r = data.flow_run;
  const where = Object.entries(data.ran_on).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join(' ');
  return [
    `Flow run ${r.name} (${r.id}) of ${r.flow_name ?? 'unknown flow'}: ${r.state_name}${r.duration ? ` ${r.state_type === 'RUNNING' || r.state_type === 'CANCELLING' ? 'for' : 'after'} ${r.duration}` : ''} ${r.ui_url}`,
    r.message ? `message: ${r.message}` : '',
    `parameters: ${JSON.stringify(data.parameters)}`,
    where ? `ran on: ${where}` : 'ran on: no work pool (ran locally or via serve)',
    ...data.failed_task_runs.map((t) => `failed task ${t.name}: ${t.attempts} attempt(s), retries=${t.retries}: ${t.message ?? ''} ${t.ui_url}`),
    data.exception?.traceback ?? (data.exception ? `${data.exception.type}: ${data.exception.message}` : ''),
    data.timeline.length ? `timeline:\n${data.timeline.map((e) => `  ${e.at} ${e.event} ${e.resource}`).join('\n')}` : '',
    renderFindings(data.findings),
  ]
    .filter(Boolean)
    .join('\n');
}
