/** get_variables: Prefect variables with a short value preview (full values with detail). */
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { detailInput, fetchPage, isoUtc, listInput, mergeFilter, pageFrom, pageOutput, rawFilterBody, rawFilterInput } from './shared.js';
import { clip } from './util.js';
import { oneOrMany, caseInsensitiveEnum, MAX_NAME_CHARS } from '../inputs.js';
import { renderList } from './list-text.js';

interface RawVariable {
  id: string;
  name: string;
  value: unknown;
  tags: string[];
  created: string | null;
  updated: string | null;
}

const variableSchema = z.object({
  name: z.string(),
  value_type: z.string().describe('string, number, boolean, object, array or null'),
  value_preview: z.string().describe('JSON of the value, cut to 80 characters'),
  tags: z.array(z.string()),
  updated: z.string().nullable(),
  value: z.unknown().optional().describe('detail only: the full value'),
  id: z.string().optional().describe('detail only'),
  created: z.string().nullable().optional().describe('detail only'),
});

export const getVariables = defineTool({
  name: 'get_variables',
  title: 'Variables',
  description:
    'List Prefect variables (name, value preview, tags); detail: true returns full values. Filter by exact name, name substring or tags. Variables are not for secrets: use Secret blocks (get_blocks lists their names only).',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    name: z.string().max(MAX_NAME_CHARS).optional().describe('Exact variable name'),
    name_contains: z.string().max(MAX_NAME_CHARS).optional().describe('Case-insensitive substring of the name'),
    tags: oneOrMany(z.string().max(MAX_NAME_CHARS)).optional().describe('Only variables having all these tags'),
    sort: caseInsensitiveEnum(['NAME_ASC', 'NAME_DESC', 'CREATED_DESC', 'UPDATED_DESC']).optional().describe('Default NAME_ASC'),
    ...listInput,
    ...detailInput,
    ...rawFilterInput,
  },
  output: { variables: z.array(variableSchema), ...pageOutput },
  async handle(args, ctx) {
    const page = pageFrom(args);
    const friendly: Record<string, unknown> = {};
    if (args.name || args.name_contains) {
      friendly.name = { ...(args.name ? { any_: [args.name] } : {}), ...(args.name_contains ? { like_: `%${args.name_contains}%` } : {}) };
    }
    if (args.tags?.length) friendly.tags = { all_: args.tags };
    const body = mergeFilter(
      Object.keys(friendly).length ? { variables: friendly } : {},
      rawFilterBody(args.filter, 'variables', ['variables']),
    );
    const { items, meta } = await fetchPage(
      (limit, offset) =>
        ctx.prefect().post<RawVariable[]>('/variables/filter', { ...body, sort: args.sort ?? 'NAME_ASC', limit, offset }, { signal: ctx.signal }),
      page,
    );
    const variables = items.map((row) => ({
      name: row.name,
      value_type: row.value === null ? 'null' : Array.isArray(row.value) ? 'array' : typeof row.value,
      value_preview: clip(JSON.stringify(row.value) ?? 'null', 80),
      tags: row.tags ?? [],
      updated: isoUtc(row.updated),
      ...(args.detail ? { value: row.value, id: row.id, created: isoUtc(row.created) } : {}),
    }));
    const text = renderList(
      ['variable', 'variables'],
      variables.map((v) => `${v.name} = ${args.detail ? JSON.stringify(v.value) : v.value_preview}${v.tags.length ? ` tags: ${v.tags.join(', ')}` : ''}`),
      meta,
    );
    return { data: { variables, ...meta }, text };
  },
});
