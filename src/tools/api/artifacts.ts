/** get_artifacts: artifacts (reports, tables, links, progress) with the flow run that made them, by name. */
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { resolveFlowRunId } from './refs.js';
import { detailInput, fetchPage, isoUtc, listInput, mergeFilter, pageFrom, pageOutput, rawFilterBody, rawFilterInput } from './shared.js';
import { namesById } from './names.js';
import { clip } from './util.js';
import { caseInsensitiveEnum, MAX_NAME_CHARS } from '../inputs.js';
import { renderList, withDetail } from './list-text.js';

interface RawArtifact {
  id: string;
  key: string | null;
  type: string | null;
  description: string | null;
  data: unknown;
  metadata_: Record<string, string> | null;
  flow_run_id: string | null;
  task_run_id: string | null;
  created: string | null;
  updated: string | null;
}

const artifactSchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  type: z.string().nullable().describe('markdown, table, link, progress, image, result, ...'),
  description: z.string().nullable().describe('Cut to 120 characters unless detail'),
  flow_run_id: z.string().nullable(),
  flow_run_name: z.string().nullable(),
  task_run_id: z.string().nullable(),
  created: z.string().nullable(),
  data: z.unknown().optional().describe('detail only: the artifact content'),
  metadata: z.record(z.string(), z.string()).nullable().optional().describe('detail only'),
  updated: z.string().nullable().optional().describe('detail only'),
});

export const getArtifacts = defineTool({
  name: 'get_artifacts',
  title: 'Artifacts',
  description:
    'List artifacts (markdown reports, tables, links, progress) newest first, with the flow run that produced them; detail: true adds the content. Filter by key substring, type or flow run id.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    key_contains: z.string().max(MAX_NAME_CHARS).optional().describe('Substring of the artifact key'),
    type: z.string().max(MAX_NAME_CHARS).optional().describe('Artifact type: markdown, table, link, progress, image, result'),
    flow_run_id: z.string().max(MAX_NAME_CHARS).optional().describe('Only artifacts of this flow run (id or name)'),
    sort: caseInsensitiveEnum(['CREATED_DESC', 'UPDATED_DESC', 'KEY_ASC', 'KEY_DESC']).optional().describe('Default CREATED_DESC'),
    ...listInput,
    ...detailInput,
    ...rawFilterInput,
  },
  output: { artifacts: z.array(artifactSchema), ...pageOutput },
  async handle(args, ctx) {
    const page = pageFrom(args);
    const friendly: Record<string, unknown> = {};
    if (args.key_contains) friendly.key = { like_: `%${args.key_contains}%` };
    if (args.type) friendly.type = { any_: [args.type] };
    if (args.flow_run_id) friendly.flow_run_id = { any_: [await resolveFlowRunId(ctx.prefect(), args.flow_run_id, { signal: ctx.signal })] };
    const body = mergeFilter(
      Object.keys(friendly).length ? { artifacts: friendly } : {},
      rawFilterBody(args.filter, 'artifacts', ['artifacts', 'flow_runs', 'task_runs', 'flows', 'deployments']),
    );
    const { items, meta } = await fetchPage(
      (limit, offset) =>
        ctx.prefect().post<RawArtifact[]>('/artifacts/filter', { ...body, sort: args.sort ?? 'CREATED_DESC', limit, offset }, { signal: ctx.signal }),
      page,
    );
    const runName = await namesById(ctx, 'flow_runs', items.map((a) => a.flow_run_id));
    const detail = args.detail === true;
    const artifacts = items.map((a) => ({
      id: a.id,
      key: a.key,
      type: a.type,
      description: detail ? a.description : a.description ? clip(a.description, 120) : null,
      flow_run_id: a.flow_run_id,
      flow_run_name: a.flow_run_id ? (runName.get(a.flow_run_id) ?? null) : null,
      task_run_id: a.task_run_id,
      created: isoUtc(a.created),
      ...(detail ? { data: a.data, metadata: a.metadata_, updated: isoUtc(a.updated) } : {}),
    }));
    const lines = artifacts.map((a) => {
      const run = a.flow_run_name ? ` from run ${a.flow_run_name}` : '';
      const line = `${a.created} ${a.type ?? '?'} ${a.key ?? '(no key)'}${run}${a.description ? ` — ${clip(a.description, 80)}` : ''} (${a.id})`;
      return withDetail(line, detail && a.data !== undefined ? clip(typeof a.data === 'string' ? a.data : JSON.stringify(a.data), 2000) : undefined);
    });
    const text = renderList(['artifact', 'artifacts'], lines, meta);
    return { data: { artifacts, ...meta }, text };
  },
});
