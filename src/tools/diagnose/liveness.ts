/**
 * Is a Running (or Cancelling) flow run still alive? Prefect's own rule for zombie runs
 * (docs: "detect zombie flows"): a run that emits heartbeats is dead after about three missed
 * heartbeats. A run without heartbeats (older clients, heartbeats off) is judged by its last
 * sign of life — start, last log line, last event — and by whether a worker is still there.
 */
import { z } from 'zod';
import type { PrefectClient } from '../../prefect/client.js';
import { fetchWorkers } from '../api/work-pools.js';
import type { Event, FlowRun, Worker } from '../../prefect/types.js';
import { ago, secondsSince } from '../api/util.js';
import { humanDuration, isoUtc } from '../api/shared.js';
import type { ToolContext } from '../define-tool.js';
import { buildFix } from './docs-links.js';
import type { Finding } from './findings.js';
import { readEvents } from './prefect.js';

/** PREFECT_FLOWS_HEARTBEAT_FREQUENCY's default since Prefect 3.6.22 (and its documented minimum is 30 s). */
export const DEFAULT_HEARTBEAT_SECONDS = 180;
const MIN_HEARTBEAT_SECONDS = 30;
/** The zombie-flow automation in the docs tolerates three missed heartbeats. */
export const MISSED_HEARTBEATS = 3;
/** Without heartbeats, this much silence (no log, no event, not just started) makes a run suspect. */
export const SILENCE_SECONDS = 30 * 60;

export const livenessSchema = z.object({
  flow_run_id: z.string(),
  state: z.string().nullable(),
  stuck: z.boolean(),
  verdict: z.string().describe('Why it is (or is not) considered stuck, in one line'),
  running_seconds: z.number().nullable(),
  running_for: z.string().nullable(),
  last_heartbeat: z.string().nullable(),
  heartbeat_interval_seconds: z.number().nullable().describe('Observed between the last two heartbeats (180 assumed from one)'),
  last_log: z.string().nullable(),
  last_event: z.string().nullable(),
  silent_seconds: z.number().nullable().describe('Seconds since the last sign of life: start, heartbeat, log or event'),
  worker: z.string().nullable().describe('The worker that submitted the run, from its events'),
  worker_status: z.string(),
});
export type Liveness = z.output<typeof livenessSchema>;

type Signal = { signal?: AbortSignal };

/** Workers of a pool, read once per pool within one diagnosis. */
export class WorkerCache {
  private readonly pools = new Map<string, Promise<Worker[]>>();
  constructor(private readonly client: PrefectClient, private readonly opts: Signal) {}
  of(pool: string): Promise<Worker[]> {
    let workers = this.pools.get(pool);
    if (!workers) {
      workers = fetchWorkers(this.client, pool, this.opts.signal).catch(() => []);
      this.pools.set(pool, workers);
    }
    return workers;
  }
}

export async function assessLiveness(client: PrefectClient, run: FlowRun, workers: WorkerCache, opts: Signal, now = Date.now()): Promise<Liveness> {
  const resource = { id: [`prefect.flow-run.${run.id}`] };
  const window = { since: new Date(Date.parse(run.start_time ?? run.expected_start_time ?? new Date(now).toISOString()) - 3600_000).toISOString(), until: new Date(now).toISOString() };
  const none = { events: [] as Event[], total: 0 };
  const [heartbeats, lastEvents, logs, submission] = await Promise.all([
    readEvents(client, { resource, event: { name: ['prefect.flow-run.heartbeat'] }, occurred: window, order: 'DESC' }, 2, opts).catch(() => none),
    readEvents(client, { resource, occurred: window, order: 'DESC' }, 1, opts).catch(() => none),
    client
      .post<Array<{ timestamp: string }>>('/logs/filter', { logs: { flow_run_id: { any_: [run.id] } }, sort: 'TIMESTAMP_DESC', limit: 1 }, opts)
      .catch(() => []),
    // Workers relate themselves to the runs they submit (role "worker") on the Pending event.
    readEvents(client, { resource, related: { role: ['worker'] }, occurred: window, order: 'DESC' }, 1, opts).catch(() => none),
  ]);

  const [last, previous] = heartbeats.events;
  const interval = last && previous ? Math.max(MIN_HEARTBEAT_SECONDS, (Date.parse(last.occurred) - Date.parse(previous.occurred)) / 1000) : last ? DEFAULT_HEARTBEAT_SECONDS : null;
  const lastLog = logs[0]?.timestamp ?? null;
  const lastEvent = lastEvents.events[0]?.occurred ?? null;
  const signs = [run.start_time, last?.occurred, lastLog, lastEvent].filter((t): t is string => Boolean(t)).map((t) => Date.parse(t));
  const silent = signs.length ? Math.max(0, Math.round((now - Math.max(...signs)) / 1000)) : null;
  const running = run.start_time ? Math.max(0, Math.round((now - Date.parse(run.start_time)) / 1000)) : null;

  const workerRef = submission.events[0]?.related?.find((r) => r['prefect.resource.role'] === 'worker');
  const workerName = workerRef ? (workerRef['prefect.resource.name'] ?? workerRef['prefect.resource.id']) : null;
  const poolWorkers = run.work_pool_name ? await workers.of(run.work_pool_name) : [];
  const worker = workerName ? poolWorkers.find((w) => w.name === workerName) : undefined;
  const onlineInPool = poolWorkers.filter((w) => w.status === 'ONLINE').length;
  const workerStatus = !run.work_pool_name
    ? 'no work pool (ran via serve or locally)'
    : worker
      ? `${worker.name} ${worker.status} (last heartbeat ${ago(secondsSince(worker.last_heartbeat_time, now))})`
      : workerName
        ? `${workerName} no longer registered in pool ${run.work_pool_name}`
        : `${onlineInPool} online worker(s) in pool ${run.work_pool_name}`;
  const workerGone = Boolean(run.work_pool_name) && (worker ? worker.status !== 'ONLINE' : workerName ? true : onlineInPool === 0);

  let stuck = false;
  let verdict: string;
  if (last && interval !== null) {
    const since = Math.round((now - Date.parse(last.occurred)) / 1000);
    const limit = MISSED_HEARTBEATS * interval;
    stuck = since > limit;
    verdict = stuck
      ? `no heartbeat for ${humanDuration(since)}, more than ${MISSED_HEARTBEATS} missed heartbeats (every ${humanDuration(interval)})`
      : `heartbeating: last ${humanDuration(since)} ago, every ${humanDuration(interval)}`;
  } else if (silent !== null && silent > SILENCE_SECONDS) {
    stuck = true;
    verdict = `no heartbeats (off on this run) and no log or event for ${humanDuration(silent)}${workerGone ? '; its worker is gone' : ''}`;
  } else {
    verdict = silent === null ? 'not started yet' : `active: last sign of life ${humanDuration(silent)} ago`;
  }
  return {
    flow_run_id: run.id,
    state: run.state_name,
    running_seconds: running,
    running_for: humanDuration(running),
    last_heartbeat: isoUtc(last?.occurred),
    heartbeat_interval_seconds: interval === null ? null : Math.round(interval),
    last_log: isoUtc(lastLog),
    last_event: isoUtc(lastEvent),
    silent_seconds: silent,
    worker: workerName,
    worker_status: workerStatus,
    stuck,
    verdict,
  };
}

/** The finding for a stuck run, with Prefect's ways out: mark it Crashed (which frees its slots), cancel, and prevent it next time. */
export function stuckFinding(ctx: Pick<ToolContext, 'docs'>, run: Pick<FlowRun, 'id' | 'name' | 'state_type'>, live: Liveness): Finding {
  const heartbeats = live.last_heartbeat !== null;
  return {
    severity: heartbeats || !live.worker_status.includes(' ONLINE') ? 'critical' : 'warning',
    code: 'stuck_run',
    cause: `Flow run ${run.name} is ${run.state_type === 'CANCELLING' ? 'stuck in Cancelling' : 'stuck in Running'}: its process is most likely gone, so it will never finish on its own and keeps any concurrency slot it holds.`,
    evidence: [
      live.verdict,
      `running for ${live.running_for ?? 'unknown'}`,
      `last heartbeat ${live.last_heartbeat ?? 'none'}`,
      `last log ${live.last_log ?? 'none'}`,
      `worker: ${live.worker_status}`,
    ].join('; '),
    fix: buildFix(ctx, {
      action:
        'Mark the run Crashed (force) so Prefect releases its slots (retries/automations then apply), or cancel it if its worker is still alive. ' +
        `To catch this automatically, keep heartbeats on (PREFECT_FLOWS_HEARTBEAT_FREQUENCY, e.g. 180; Prefect 3.4 and older do not have it, only PREFECT_RUNNER_HEARTBEAT_FREQUENCY for runs a runner starts) and create the zombie-flow automation (proactive trigger after prefect.flow-run.heartbeat, expect prefect.flow-run.* within ${MISSED_HEARTBEATS}× the frequency, action: change state to Crashed).`,
      command: crashCommand(run.id),
      docs: 'detect zombie flows heartbeat',
    }),
  };
}

/** There is no CLI for a forced state change; this is the documented client call, runnable as is. */
export function crashCommand(flowRunId: string): string {
  return `python -c "from prefect import get_client; from prefect.states import Crashed; get_client(sync_client=True).set_flow_run_state('${flowRunId}', Crashed(message='Marked crashed: no heartbeat'), force=True)"`;
}
