/**
 * get_work_pools: pools with their queues and workers, because "why is my run not starting"
 * is answered by a paused pool/queue, a pool with no online worker, or a full concurrency limit.
 */
import { z } from 'zod';
import { uiLinks, type UiLinks } from '../../prefect/ui-links.js';
import type { PrefectClient } from '../../prefect/client.js';
import { defineTool } from '../define-tool.js';
import { detailInput, fetchPage, isoUtc, listInput, MAX_LIMIT, mergeFilter, pageFrom, pageOutput, rawFilterBody, rawFilterInput } from './shared.js';
import { ago, clip, secondsSince } from './util.js';
import type { WorkPool, WorkQueue, Worker } from '../../prefect/types.js';
import { MAX_NAME_CHARS } from '../inputs.js';
import { renderList } from './list-text.js';

const queueSchema = z.object({
  name: z.string(),
  priority: z.number().int(),
  is_paused: z.boolean(),
  concurrency_limit: z.number().int().nullable(),
  status: z.string().nullable(),
  last_polled: z.string().nullable().optional().describe('detail only'),
  id: z.string().optional().describe('detail only'),
});

const workerSchema = z.object({
  name: z.string(),
  status: z.string().describe('ONLINE or OFFLINE'),
  last_heartbeat: z.string().nullable(),
  last_heartbeat_seconds_ago: z.number().nullable(),
  last_heartbeat_ago: z.string(),
  heartbeat_interval_seconds: z.number().nullable(),
});

const poolSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  status: z.string().nullable().describe('READY (a worker is polling), NOT_READY (no online worker) or PAUSED'),
  is_paused: z.boolean(),
  concurrency_limit: z.number().int().nullable(),
  active_slots: z.number().int().nullable().describe('Runs currently holding pool concurrency slots'),
  queues: z.array(queueSchema),
  workers_online: z.number().int(),
  workers_total: z.number().int(),
  last_heartbeat: z.string().nullable().describe('Most recent heartbeat of any worker (ISO UTC)'),
  last_heartbeat_ago: z.string(),
  hints: z.array(z.string()).describe('Why runs in this pool may not start'),
  ui_url: z.string().describe('The work pool in the Prefect UI'),
  workers: z.array(workerSchema).optional().describe('detail only'),
  description: z.string().nullable().optional().describe('detail only'),
  created: z.string().nullable().optional().describe('detail only'),
  updated: z.string().nullable().optional().describe('detail only'),
});

const WORKER_FETCH = 200;

export async function fetchWorkers(client: PrefectClient, pool: string, signal?: AbortSignal): Promise<Worker[]> {
  return client.post<Worker[]>(`/work_pools/${encodeURIComponent(pool)}/workers/filter`, { limit: WORKER_FETCH }, { signal });
}

export function describeWorker(worker: Worker, now = Date.now()) {
  const seconds = secondsSince(worker.last_heartbeat_time, now);
  return {
    name: worker.name,
    status: worker.status,
    last_heartbeat: isoUtc(worker.last_heartbeat_time),
    last_heartbeat_seconds_ago: seconds,
    last_heartbeat_ago: ago(seconds),
    heartbeat_interval_seconds: worker.heartbeat_interval_seconds,
  };
}

export const getWorkPools = defineTool({
  name: 'get_work_pools',
  title: 'Work pools, queues and workers',
  description:
    'List work pools with their status, paused flag, concurrency (active slots / limit), queues (priority, paused, limits) and workers (online count, last heartbeat and how long ago), plus hints on why runs would not start. Use it when flow runs are Late, Pending or never picked up.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    name: z.string().max(MAX_NAME_CHARS).optional().describe('Exact work pool name'),
    type: z.string().max(MAX_NAME_CHARS).optional().describe('Work pool type, e.g. process, docker, kubernetes'),
    ...listInput,
    ...detailInput,
    ...rawFilterInput,
  },
  output: { work_pools: z.array(poolSchema), ...pageOutput },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const page = pageFrom(args);
    const friendly: Record<string, unknown> = {};
    if (args.name) friendly.name = { any_: [args.name] };
    if (args.type) friendly.type = { any_: [args.type] };
    const body = mergeFilter(
      Object.keys(friendly).length ? { work_pools: friendly } : {},
      rawFilterBody(args.filter, 'work_pools', ['work_pools']),
    );
    const { items, meta } = await fetchPage(
      (limit, offset) => client.post<WorkPool[]>('/work_pools/filter', { ...body, limit, offset }, { signal: ctx.signal }),
      page,
    );
    const now = Date.now();
    const pools = await Promise.all(
      items.map(async (pool) => {
        const path = `/work_pools/${encodeURIComponent(pool.name)}`;
        const [queues, workers] = await Promise.all([
          client.post<WorkQueue[]>(`${path}/queues/filter`, { limit: MAX_LIMIT }, { signal: ctx.signal }),
          fetchWorkers(client, pool.name, ctx.signal),
        ]);
        return summarize(pool, queues, workers, now, args.detail === true, uiLinks(ctx.config));
      }),
    );
    const text = renderList(['work pool', 'work pools'], pools.map(line), meta);
    return { data: { work_pools: pools, ...meta }, text };
  },
});

function summarize(pool: WorkPool, queues: WorkQueue[], workers: Worker[], now: number, detail: boolean, links: UiLinks) {
  const described = workers.map((worker) => describeWorker(worker, now));
  const online = workers.filter((worker) => worker.status === 'ONLINE').length;
  const latest = workers.map((worker) => worker.last_heartbeat_time).filter((t): t is string => Boolean(t)).sort().at(-1) ?? null;
  const sortedQueues = [...queues].sort((a, b) => a.priority - b.priority);
  return {
    id: pool.id,
    name: pool.name,
    type: pool.type,
    status: pool.status,
    is_paused: pool.is_paused,
    concurrency_limit: pool.concurrency_limit,
    active_slots: pool.active_slots ?? null,
    queues: sortedQueues.map((queue) => ({
      name: queue.name,
      priority: queue.priority,
      is_paused: queue.is_paused,
      concurrency_limit: queue.concurrency_limit,
      status: queue.status,
      ...(detail ? { id: queue.id, last_polled: isoUtc(queue.last_polled) } : {}),
    })),
    workers_online: online,
    workers_total: workers.length,
    last_heartbeat: isoUtc(latest),
    last_heartbeat_ago: ago(secondsSince(latest, now)),
    hints: hints(pool, sortedQueues, online),
    ui_url: links.workPool(pool.name),
    ...(detail
      ? { workers: described, description: pool.description, created: isoUtc(pool.created), updated: isoUtc(pool.updated) }
      : {}),
  };
}

function hints(pool: WorkPool, queues: WorkQueue[], online: number): string[] {
  const out: string[] = [];
  if (pool.is_paused) out.push(`pool is paused: no run in it will start until it is resumed`);
  // Push pools (Cloud-managed, serverless push) have no workers by design.
  if (online === 0 && !pool.is_paused && !/push|managed/.test(pool.type)) {
    out.push(`no online worker: start one with \`prefect worker start --pool ${pool.name}\``);
  }
  if (pool.concurrency_limit !== null && (pool.active_slots ?? 0) >= pool.concurrency_limit) {
    out.push(`pool concurrency is full (${pool.active_slots ?? 0}/${pool.concurrency_limit}): new runs wait`);
  }
  for (const queue of queues) {
    if (queue.is_paused) out.push(`queue ${queue.name} is paused: runs assigned to it will not start`);
    if (queue.concurrency_limit !== null && (queue.active_slots ?? 0) >= queue.concurrency_limit) {
      out.push(`queue ${queue.name} concurrency is full (${queue.active_slots ?? 0}/${queue.concurrency_limit})`);
    }
  }
  return out;
}

type PoolSummary = ReturnType<typeof summarize>;

function line(pool: PoolSummary): string {
  const concurrency = pool.concurrency_limit !== null ? ` · slots ${pool.active_slots ?? 0}/${pool.concurrency_limit}` : '';
  const workers = ` · workers ${pool.workers_online}/${pool.workers_total} online (last heartbeat ${pool.last_heartbeat_ago})`;
  const queues = pool.queues
    .map((queue) => {
      const flags = [queue.is_paused ? 'PAUSED' : '', queue.concurrency_limit !== null ? `limit ${queue.concurrency_limit}` : '']
        .filter(Boolean)
        .join(', ');
      return flags ? `${queue.name} (${flags})` : queue.name;
    })
    .join(', ');
  const warn = pool.hints.length ? `\n  ! ${pool.hints.join('; ')}` : '';
  const desc = pool.description ? ` — ${clip(pool.description, 60)}` : '';
  return `${pool.name} [${pool.type}] ${pool.is_paused ? 'PAUSED' : (pool.status ?? 'unknown')}${concurrency}${workers} · queues: ${queues || 'none'}${desc} ${pool.ui_url}${warn}`;
}
