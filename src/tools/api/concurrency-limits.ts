/**
 * get_concurrency_limits: every kind of limit that can hold a run back, in one list.
 * Prefect 3 stores tag and deployment limits as global (v2) limits named "tag:<tag>" and
 * "deployment:<id>"; they are reported under their real kind, with the deployment by name.
 */
import { z } from 'zod';
import { defineTool, type ToolContext } from '../define-tool.js';
import { namesById } from './names.js';
import { MAX_LIMIT } from './shared.js';
import type { WorkPool, WorkQueue } from '../../prefect/types.js';
import { oneOrMany, caseInsensitiveEnum, MAX_NAME_CHARS } from '../inputs.js';

export const LIMIT_KINDS = ['global', 'tag', 'deployment', 'work_pool', 'work_queue'] as const;
type LimitKind = (typeof LIMIT_KINDS)[number];

export const limitSchema = z.object({
  kind: z.enum(LIMIT_KINDS),
  name: z.string().describe('Limit name; tag for tag limits, "flow/deployment" for deployments, "pool/queue" for queues'),
  limit: z.number().int(),
  active_slots: z.number().int().nullable().describe('Slots in use now (null when the server does not report it)'),
  saturated: z.boolean().describe('True when every slot is taken, so new work waits'),
  active: z.boolean().describe('False when a global limit is switched off (it then limits nothing)'),
  id: z.string(),
  slot_decay_per_second: z.number().optional().describe('Global limits used as rate limits'),
});
export type LimitInfo = z.infer<typeof limitSchema>;

interface V2Limit {
  id: string;
  name: string;
  limit: number;
  active: boolean;
  active_slots: number;
  slot_decay_per_second: number;
}
interface TagLimit {
  id: string;
  tag: string;
  concurrency_limit: number;
  active_slots: string[];
}
export interface LimitCollection {
  limits: LimitInfo[];
  notes: string[];
}

function saturated(limit: number, active: number | null, enabled = true): boolean {
  return enabled && active !== null && active >= limit;
}

/** Also used by get_dashboard; each source is read once, capped at MAX_LIMIT. */
export async function collectConcurrencyLimits(ctx: ToolContext): Promise<LimitCollection> {
  const client = ctx.prefect();
  const { signal } = ctx;
  const page = { limit: MAX_LIMIT, offset: 0 };
  const [v2, tags, pools, queues] = await Promise.all([
    client.post<V2Limit[]>('/v2/concurrency_limits/filter', page, { signal }),
    client.post<TagLimit[]>('/concurrency_limits/filter', page, { signal }),
    client.post<WorkPool[]>('/work_pools/filter', page, { signal }),
    client.post<WorkQueue[]>('/work_queues/filter', page, { signal }),
  ]);
  const notes: string[] = [];
  for (const [what, list] of [['global limits', v2], ['tag limits', tags], ['work pools', pools], ['work queues', queues]] as const) {
    if (list.length >= MAX_LIMIT) notes.push(`only the first ${MAX_LIMIT} ${what} were read`);
  }

  const limits: LimitInfo[] = tags.map((tag) => ({
    kind: 'tag',
    name: tag.tag,
    limit: tag.concurrency_limit,
    active_slots: tag.active_slots.length,
    saturated: saturated(tag.concurrency_limit, tag.active_slots.length),
    active: true,
    id: tag.id,
  }));
  // On Prefect 3.x the tag endpoint reads the same "tag:" v2 rows; the v2 row has the live count.
  const byTag = new Map(limits.map((entry) => [entry.name, entry]));
  const deploymentIds: string[] = [];
  for (const item of v2) {
    const kind: LimitKind = item.name.startsWith('tag:') ? 'tag' : item.name.startsWith('deployment:') ? 'deployment' : 'global';
    const name = kind === 'global' ? item.name : item.name.slice(item.name.indexOf(':') + 1);
    const entry: LimitInfo = {
      kind,
      name,
      limit: item.limit,
      active_slots: item.active_slots,
      saturated: saturated(item.limit, item.active_slots, item.active),
      active: item.active,
      id: item.id,
      ...(item.slot_decay_per_second ? { slot_decay_per_second: item.slot_decay_per_second } : {}),
    };
    const existingTag = kind === 'tag' ? byTag.get(name) : undefined;
    if (existingTag) {
      Object.assign(existingTag, { active_slots: entry.active_slots, saturated: entry.saturated, active: entry.active });
      continue;
    }
    if (kind === 'deployment') deploymentIds.push(name);
    limits.push(entry);
  }
  await nameDeployments(ctx, limits, deploymentIds);

  for (const pool of pools) {
    if (pool.concurrency_limit === null) continue;
    const active = pool.active_slots ?? null;
    limits.push({ kind: 'work_pool', name: pool.name, limit: pool.concurrency_limit, active_slots: active, saturated: saturated(pool.concurrency_limit, active), active: true, id: pool.id });
  }
  for (const queue of queues) {
    if (queue.concurrency_limit === null) continue;
    const active = queue.active_slots ?? null;
    limits.push({
      kind: 'work_queue',
      name: `${queue.work_pool_name ?? '?'}/${queue.name}`,
      limit: queue.concurrency_limit,
      active_slots: active,
      saturated: saturated(queue.concurrency_limit, active),
      active: true,
      id: queue.id,
    });
  }
  return { limits, notes };
}

/** "deployment:<uuid>" → "flow-name/deployment-name", so the assistant can act on it. */
async function nameDeployments(ctx: ToolContext, limits: LimitInfo[], ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const deployments = await ctx
    .prefect()
    .post<Array<{ id: string; name: string; flow_id: string }>>('/deployments/filter', { deployments: { id: { any_: ids } }, limit: ids.length }, { signal: ctx.signal });
  const flowNames = await namesById(ctx, 'flows', deployments.map((d) => d.flow_id));
  const names = new Map(deployments.map((d) => [d.id, `${flowNames.get(d.flow_id) ?? '?'}/${d.name}`]));
  for (const entry of limits) {
    if (entry.kind === 'deployment') entry.name = names.get(entry.name) ?? `deleted deployment ${entry.name}`;
  }
}

export function limitLine(entry: LimitInfo): string {
  const slots = `${entry.active_slots ?? '?'}/${entry.limit}`;
  const flags = [entry.saturated ? 'SATURATED' : '', entry.active ? '' : 'inactive', entry.slot_decay_per_second ? `decay ${entry.slot_decay_per_second}/s` : '']
    .filter(Boolean)
    .join(', ');
  return `${entry.kind} ${entry.name}: ${slots} slots${flags ? ` (${flags})` : ''}`;
}

export const getConcurrencyLimits = defineTool({
  name: 'get_concurrency_limits',
  title: 'Concurrency limits',
  description:
    'All concurrency limits with slots in use: global (v2) limits, tag limits, deployment limits (by flow/deployment name), work pool and work queue limits. Saturated limits (every slot taken) are flagged: runs or tasks behind them wait. Use it when runs sit in Pending/AwaitingConcurrencySlot or start late.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    kind: oneOrMany(caseInsensitiveEnum(LIMIT_KINDS)).optional().describe('Only these kinds (default all)'),
    saturated_only: z.boolean().optional().describe('Only limits whose slots are all taken (default false)'),
    name_contains: z.string().max(MAX_NAME_CHARS).optional().describe('Case-insensitive substring of the limit name'),
  },
  output: {
    limits: z.array(limitSchema),
    count: z.number().int(),
    saturated_count: z.number().int(),
    notes: z.array(z.string()),
  },
  async handle(args, ctx) {
    const { limits, notes } = await collectConcurrencyLimits(ctx);
    const needle = args.name_contains?.toLowerCase();
    const shown = limits.filter(
      (entry) =>
        (!args.kind?.length || args.kind.includes(entry.kind)) &&
        (!args.saturated_only || entry.saturated) &&
        (!needle || entry.name.toLowerCase().includes(needle)),
    );
    const saturatedCount = shown.filter((entry) => entry.saturated).length;
    const text = [
      shown.length ? `${shown.length} limits, ${saturatedCount} saturated` : 'No concurrency limits match.',
      ...shown.map(limitLine),
      ...notes.map((note) => `note: ${note}`),
    ].join('\n');
    return { data: { limits: shown, count: shown.length, saturated_count: saturatedCount, notes }, text };
  },
});
