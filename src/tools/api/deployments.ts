/** get_deployments: deployments with flow names, schedules (active or not) and pause state. */
import { z } from 'zod';
import { PrefectApiError } from '../../prefect/errors.js';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { uiLinks } from '../../prefect/ui-links.js';
import { namesById } from './names.js';
import { resolveDeployment } from './refs.js';
import {
  detailInput,
  fetchPage,
  isoUtc,
  listInput,
  MAX_LIMIT,
  mergeFilter,
  pageFrom,
  pageOutput,
  pageResult,
  rawFilterBody,
  rawFilterInput,
  type Page,
} from './shared.js';
import type { Deployment } from '../../prefect/types.js';
import { describeSchedule } from './schedules.js';
import { fullField } from './summaries.js';
import { oneOrMany, caseInsensitiveEnum, MAX_NAME_CHARS } from '../inputs.js';
import { renderList, withDetail } from './list-text.js';

const DEPLOYMENT_SORTS = ['NAME_ASC', 'NAME_DESC', 'CREATED_DESC', 'UPDATED_DESC'] as const;
const DEPLOYMENT_BODY = ['flows', 'flow_runs', 'task_runs', 'deployments', 'work_pools', 'work_pool_queues'];
/** Prefect cannot filter on schedule state, so that filter scans at most this many deployments locally. */
const SCHEDULE_SCAN_MAX = 1000;

function scheduleMatches(deployment: Deployment, want: 'active' | 'inactive' | 'none'): boolean {
  if (want === 'none') return deployment.schedules.length === 0;
  const anyActive = deployment.schedules.some((schedule) => schedule.active);
  return want === 'active' ? anyActive && !deployment.paused : deployment.schedules.length > 0 && (!anyActive || deployment.paused);
}

export const getDeployments = defineTool({
  name: 'get_deployments',
  title: 'List Prefect deployments',
  description:
    'List deployments as one-line summaries: "flow/deployment" name, paused or not, schedules and whether each is active, work pool/queue, status, tags. Get one by id or by "flow_name/deployment_name"; filter by name contains, flow, tags, work pool, paused, schedule state (active/inactive/none), or raw Prefect filter JSON.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    id: z.string().max(MAX_NAME_CHARS).optional().describe('Get this one deployment: its id (UUID) or "flow_name/deployment_name"; other filters are ignored'),
    name: z
      .string()
      .max(MAX_NAME_CHARS)
      .optional()
      .describe('Exact name: "flow_name/deployment_name" gets that one deployment; a bare deployment name lists every flow’s deployment of that name'),
    name_contains: z.string().max(MAX_NAME_CHARS).optional().describe('Only deployments whose deployment or flow name contains this text (case-insensitive)'),
    flow_name: z.string().max(MAX_NAME_CHARS).optional().describe('Only deployments of the flow with exactly this name'),
    tags: oneOrMany(z.string().max(MAX_NAME_CHARS)).optional().describe('Only deployments carrying all of these tags'),
    work_pool: z.string().max(MAX_NAME_CHARS).optional().describe('Only deployments in this work pool (by name)'),
    paused: z.boolean().optional().describe('true: only paused deployments; false: only unpaused ones'),
    schedule: caseInsensitiveEnum(['active', 'inactive', 'none'])
      .optional()
      .describe('active: has an active schedule and is not paused; inactive: has schedules but all are paused (or the deployment is); none: no schedules'),
    sort: caseInsensitiveEnum(DEPLOYMENT_SORTS).optional().describe('Order (default NAME_ASC)'),
    ...rawFilterInput,
    ...listInput,
    ...detailInput,
  },
  output: {
    deployments: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        flow: z.string().nullable().describe('Flow name'),
        slug: z.string().describe('"flow_name/deployment_name", as `prefect deployment run` takes it'),
        paused: z.boolean(),
        status: z.string().nullable().describe('READY when a worker polled recently, else NOT_READY'),
        schedules: z.array(z.object({ schedule: z.string(), active: z.boolean() })),
        work_pool: z.string().nullable(),
        work_queue: z.string().nullable(),
        tags: z.array(z.string()).optional(),
        concurrency_limit: z.number().optional(),
        last_polled: z.string().optional(),
        updated: z.string().nullable(),
        ui_url: z.string().describe('The deployment in the Prefect UI'),
        ...fullField,
      }),
    ),
    ...pageOutput,
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const page = pageFrom(args);
    const opts = { signal: ctx.signal };
    let result: { items: Deployment[]; meta: ReturnType<typeof pageResult>['meta'] };
    const slash = args.name?.indexOf('/') ?? -1;
    if (args.id) {
      result = pageResult([await resolveDeployment<Deployment>(client, args.id, opts)], { ...page, offset: 0 });
    } else if (args.name && slash > 0) {
      const [flow, deployment] = [args.name.slice(0, slash).trim(), args.name.slice(slash + 1).trim()];
      const found = await client
        .get<Deployment>(`/deployments/name/${encodeURIComponent(flow)}/${encodeURIComponent(deployment)}`, opts)
        .catch((error: unknown) => {
          if (error instanceof PrefectApiError && error.kind === 'not_found') {
            throw new ToolError(`No deployment "${deployment}" of flow "${flow}" exists. Use get_deployments with name_contains to find its exact name.`);
          }
          throw error;
        });
      result = pageResult([found], { ...page, offset: 0 });
    } else {
      const deployments: Record<string, unknown> = {};
      if (args.name) deployments.name = { any_: [args.name.trim()] };
      if (args.name_contains) deployments.flow_or_deployment_name = { like_: args.name_contains };
      if (args.tags?.length) deployments.tags = { all_: args.tags };
      if (args.paused !== undefined) deployments.paused = { eq_: args.paused };
      let body: Record<string, unknown> = Object.keys(deployments).length ? { deployments } : {};
      if (args.flow_name) body = mergeFilter(body, { flows: { name: { any_: [args.flow_name.trim()] } } });
      if (args.work_pool) body = mergeFilter(body, { work_pools: { name: { any_: [args.work_pool.trim()] } } });
      body = mergeFilter(body, rawFilterBody(args.filter, 'deployments', DEPLOYMENT_BODY));
      const fetch = (limit: number, offset: number) =>
        client.post<Deployment[]>('/deployments/filter', { ...body, sort: args.sort ?? 'NAME_ASC', limit, offset }, opts);
      result = args.schedule ? await scanBySchedule(fetch, args.schedule, page) : await fetchPage(fetch, page);
    }

    const { items, meta } = result;
    const flows = await namesById(ctx, 'flows', items.map((deployment) => deployment.flow_id));
    const links = uiLinks(ctx.config);
    const out = items.map((deployment) => {
      const flow = flows.get(deployment.flow_id) ?? null;
      return {
        id: deployment.id,
        name: deployment.name,
        flow,
        slug: `${flow ?? deployment.flow_id}/${deployment.name}`,
        paused: deployment.paused,
        status: deployment.status,
        schedules: deployment.schedules.map((schedule) => ({ schedule: describeSchedule(schedule.schedule), active: schedule.active })),
        work_pool: deployment.work_pool_name,
        work_queue: deployment.work_queue_name,
        ...(deployment.tags?.length ? { tags: deployment.tags } : {}),
        ...(deployment.concurrency_limit ? { concurrency_limit: deployment.concurrency_limit } : {}),
        ...(deployment.last_polled ? { last_polled: isoUtc(deployment.last_polled) ?? undefined } : {}),
        updated: isoUtc(deployment.updated),
        ui_url: links.deployment(deployment.id),
        ...(args.detail || args.id || slash > 0 ? { full: deployment as unknown as Record<string, unknown> } : {}),
      };
    });

    const lines = out.map((d) => {
      const schedules = d.schedules.map((s) => `${s.schedule}${s.active ? '' : ' (inactive)'}`).join('; ') || 'no schedule';
      const line = [
        `${d.slug}${d.paused ? ' [PAUSED]' : ''}`,
        schedules,
        d.work_pool ? `pool=${d.work_pool}${d.work_queue ? `/${d.work_queue}` : ''}` : '',
        d.status ? `status=${d.status}` : '',
        d.tags ? `tags=${d.tags.join(',')}` : '',
        `id=${d.id}`,
        d.ui_url,
      ]
        .filter(Boolean)
        .join(' | ');
      return withDetail(line, d.full);
    });
    return { data: { deployments: out, ...meta }, text: renderList(['deployment', 'deployments'], lines, meta) };
  },
});

/** Schedule state is not a Prefect filter: scan in pages, filter here, then page the matches. */
async function scanBySchedule(fetch: (limit: number, offset: number) => Promise<Deployment[]>, want: 'active' | 'inactive' | 'none', page: Page) {
  const matches: Deployment[] = [];
  let scanned = 0;
  for (;;) {
    const batch = await fetch(MAX_LIMIT, scanned);
    scanned += batch.length;
    matches.push(...batch.filter((deployment) => scheduleMatches(deployment, want)));
    if (batch.length < MAX_LIMIT || scanned >= SCHEDULE_SCAN_MAX || matches.length > page.offset + page.limit) break;
  }
  const notes = scanned >= SCHEDULE_SCAN_MAX ? [...page.notes, `schedule filter scanned only the first ${SCHEDULE_SCAN_MAX} deployments; narrow with other filters`] : page.notes;
  return pageResult(matches.slice(page.offset, page.offset + page.limit + 1), { ...page, notes });
}
