/** get_flows: registered flows with their deployments by name. */
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { resolveFlowId } from './refs.js';
import {
  detailInput,
  fetchPage,
  isoUtc,
  listInput,
  mergeFilter,
  pageFrom,
  pageOutput,
  pageResult,
  rawFilterBody,
  rawFilterInput,
} from './shared.js';
import { fullField } from './summaries.js';
import { oneOrMany, caseInsensitiveEnum, MAX_NAME_CHARS } from '../inputs.js';
import { renderList, withDetail } from './list-text.js';

const FLOW_SORTS = ['NAME_ASC', 'NAME_DESC', 'CREATED_DESC', 'UPDATED_DESC'] as const;
const FLOW_BODY = ['flows', 'flow_runs', 'task_runs', 'deployments', 'work_pools'];
/** Deployments are fetched in one call for the whole page; beyond this many the lists are partial. */
const DEPLOYMENT_SAMPLE = 200;

interface Flow {
  id: string;
  name: string;
  created: string;
  tags: string[];
}

export const getFlows = defineTool({
  name: 'get_flows',
  title: 'List Prefect flows',
  description:
    'List flows registered on the Prefect server with their deployments by name. Search by name (case-insensitive contains) or tags, get one by id, or pass raw Prefect filter JSON. Use get_flow_runs with flow_name for a flow’s runs.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    id: z.string().max(MAX_NAME_CHARS).optional().describe('Get this one flow: its id (UUID) or exact name; other filters are ignored'),
    name_contains: z.string().max(MAX_NAME_CHARS).optional().describe('Only flows whose name contains this text (case-insensitive)'),
    tags: oneOrMany(z.string().max(MAX_NAME_CHARS)).optional().describe('Only flows carrying all of these tags'),
    sort: caseInsensitiveEnum(FLOW_SORTS).optional().describe('Order (default NAME_ASC)'),
    ...rawFilterInput,
    ...listInput,
    ...detailInput,
  },
  output: {
    flows: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        created: z.string().nullable(),
        tags: z.array(z.string()).optional(),
        deployments: z.array(z.string()).describe('Names of this flow’s deployments'),
        ...fullField,
      }),
    ),
    ...pageOutput,
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const page = pageFrom(args);
    let result;
    if (args.id) {
      const flow = await client.get<Flow>(`/flows/${await resolveFlowId(client, args.id, { signal: ctx.signal })}`, { signal: ctx.signal });
      result = pageResult([flow], { ...page, offset: 0 });
    } else {
      const flows: Record<string, unknown> = {};
      if (args.name_contains) flows.name = { like_: args.name_contains };
      if (args.tags?.length) flows.tags = { all_: args.tags };
      const body = mergeFilter(Object.keys(flows).length ? { flows } : {}, rawFilterBody(args.filter, 'flows', FLOW_BODY));
      result = await fetchPage(
        (limit, offset) => client.post<Flow[]>('/flows/filter', { ...body, sort: args.sort ?? 'NAME_ASC', limit, offset }, { signal: ctx.signal }),
        page,
      );
    }
    const { items, meta } = result;
    const deployments = items.length
      ? await client.post<Array<{ flow_id: string; name: string }>>(
          '/deployments/filter',
          { flows: { id: { any_: items.map((flow) => flow.id) } }, sort: 'NAME_ASC', limit: DEPLOYMENT_SAMPLE },
          { signal: ctx.signal },
        )
      : [];

    const flowsOut = items.map((flow) => ({
      id: flow.id,
      name: flow.name,
      created: isoUtc(flow.created),
      ...(flow.tags?.length ? { tags: flow.tags } : {}),
      deployments: deployments.filter((deployment) => deployment.flow_id === flow.id).map((deployment) => deployment.name),
      ...(args.detail || args.id ? { full: flow as unknown as Record<string, unknown> } : {}),
    }));
    const lines = flowsOut.map((flow) => {
      const line = [flow.name, flow.tags ? `tags=${flow.tags.join(',')}` : '', `deployments=${flow.deployments.join(',') || 'none'}`, `id=${flow.id}`]
        .filter(Boolean)
        .join(' ');
      return withDetail(line, flow.full);
    });
    return { data: { flows: flowsOut, ...meta }, text: renderList(['flow', 'flows'], lines, meta) };
  },
});
