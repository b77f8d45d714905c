/**
 * get_dashboard: the state of the whole server in one call. Run counts come from
 * /flow_runs/count (one call per state type), so they are exact, never a page size.
 */
import { z } from 'zod';
import pLimit from 'p-limit';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { collectConcurrencyLimits, limitLine, limitSchema } from './concurrency-limits.js';
import { isoUtc, MAX_LIMIT, parseSince } from './shared.js';
import { STATE_TYPES } from './summaries.js';
import { ago, secondsSince } from './util.js';
import type { WorkPool } from '../../prefect/types.js';
import { fetchWorkers } from './work-pools.js';
import { optionalTime } from '../inputs.js';


const poolSchema = z.object({
  name: z.string(),
  type: z.string(),
  status: z.string().nullable(),
  is_paused: z.boolean(),
  workers_online: z.number().int(),
  last_heartbeat_ago: z.string(),
});

export const getDashboard = defineTool({
  name: 'get_dashboard',
  title: 'Prefect dashboard overview',
  description:
    'One-call health overview: exact flow-run counts by state type for a time window (default last 24h, by expected start time), late runs right now, work pools (paused or active, online workers), and saturated concurrency limits. Start here to see what needs attention, then drill in with get_flow_runs, get_work_pools or get_concurrency_limits.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    since: optionalTime().describe('Window start: ISO 8601 or a span like 2h, 7d (default 24h)'),
    until: optionalTime().describe('Window end: ISO 8601 or a span like 1h meaning that long ago (default now)'),
  },
  output: {
    window: z.object({ since: z.string(), until: z.string() }),
    flow_runs: z.object({
      total: z.number().int(),
      by_state_type: z.record(z.string(), z.number().int()).describe('Exact counts per state type for runs expected to start in the window'),
      late_now: z.number().int().describe('Runs in the Late state right now (any start time)'),
    }),
    work_pools: z.array(poolSchema),
    saturated_limits: z.array(limitSchema),
    notes: z.array(z.string()),
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const since = parseSince(args.since ?? '24h', 'since')!;
    const until = parseSince(args.until, 'until') ?? new Date().toISOString();
    if (since >= until) throw new ToolError(`since (${since}) must be before until (${until}); widen the window.`);
    const window = { expected_start_time: { after_: since, before_: until } };
    const count = (flowRuns: Record<string, unknown>) =>
      client.post<number>('/flow_runs/count', { flow_runs: flowRuns }, { signal: ctx.signal });

    const [counts, lateNow, pools, limits] = await Promise.all([
      Promise.all(STATE_TYPES.map((type) => count({ ...window, state: { type: { any_: [type] } } }))),
      count({ state: { name: { any_: ['Late'] } } }),
      client.post<WorkPool[]>('/work_pools/filter', { limit: MAX_LIMIT }, { signal: ctx.signal }),
      collectConcurrencyLimits(ctx),
    ]);
    const byState = Object.fromEntries(STATE_TYPES.map((type, i) => [type, counts[i]]));
    const total = counts.reduce((sum, n) => sum + n, 0);

    const limit = pLimit(8);
    const now = Date.now();
    const workPools = await Promise.all(
      pools.map((pool) =>
        limit(async () => {
          const workers = await fetchWorkers(client, pool.name, ctx.signal);
          const latest = workers.map((w) => w.last_heartbeat_time).filter((t): t is string => Boolean(t)).sort().at(-1) ?? null;
          return {
            name: pool.name,
            type: pool.type,
            status: pool.status,
            is_paused: pool.is_paused,
            workers_online: workers.filter((w) => w.status === 'ONLINE').length,
            last_heartbeat_ago: ago(secondsSince(latest, now)),
          };
        }),
      ),
    );
    const saturated = limits.limits.filter((entry) => entry.saturated);
    const notes = [...limits.notes];
    if (pools.length >= MAX_LIMIT) notes.push(`only the first ${MAX_LIMIT} work pools are shown`);

    const nonZero = STATE_TYPES.filter((type) => byState[type] > 0).map((type) => `${type} ${byState[type]}`);
    const text = [
      `Flow runs ${isoUtc(since)} → ${isoUtc(until)}: ${total} total${nonZero.length ? ` (${nonZero.join(', ')})` : ''}`,
      `Late right now: ${lateNow}`,
      `Work pools (${workPools.length}):`,
      ...workPools.map(
        (pool) =>
          `  ${pool.name} [${pool.type}] ${pool.is_paused ? 'PAUSED' : (pool.status ?? 'unknown')} · ${pool.workers_online} online worker(s), last heartbeat ${pool.last_heartbeat_ago}`,
      ),
      saturated.length ? `Saturated limits (${saturated.length}):` : 'No saturated concurrency limits.',
      ...saturated.map((entry) => `  ${limitLine(entry)}`),
      ...notes.map((note) => `note: ${note}`),
    ].join('\n');
    return {
      data: {
        window: { since, until },
        flow_runs: { total, by_state_type: byState, late_now: lateNow },
        work_pools: workPools,
        saturated_limits: saturated,
        notes,
      },
      text,
    };
  },
});
