/**
 * get_blocks: block documents and block types by NAME only. Block data can hold credentials
 * (Secret, AWS credentials, database URLs), so no field of it is ever read into a response:
 * documents are requested with include_secrets=false and only metadata fields are copied.
 */
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { fetchPage, isoUtc, listInput, pageFrom, pageOutput } from './shared.js';
import { clip } from './util.js';
import { caseInsensitiveEnum, MAX_NAME_CHARS } from '../inputs.js';
import { renderList } from './list-text.js';

interface RawBlockType {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  documentation_url: string | null;
  is_protected: boolean;
}
interface RawBlockDocument {
  id: string;
  name: string | null;
  block_type_name: string | null;
  block_type?: { slug: string; name: string } | null;
  created: string | null;
  updated: string | null;
}

const documentSchema = z.object({
  id: z.string(),
  name: z.string(),
  block_type: z.string().describe('Block type slug, e.g. secret, aws-credentials'),
  block_type_name: z.string().nullable(),
  updated: z.string().nullable(),
  load_with: z.string().describe('How flow code loads it (Block from prefect.blocks.core)'),
});
const typeSchema = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  documentation_url: z.string().nullable(),
});

export const getBlocks = defineTool({
  name: 'get_blocks',
  title: 'Blocks (names only)',
  description:
    'List saved block documents (name, block type, how to load them) or, with list: "types", the block types available. Never returns block data or secret values. Filter documents by block type slug (e.g. secret) or name substring.',
  toolset: 'api',
  kind: 'read',
  openWorld: true,
  input: {
    list: caseInsensitiveEnum(['documents', 'types']).optional().describe('documents (default): saved blocks; types: block types you can create'),
    block_type: z.string().max(MAX_NAME_CHARS).optional().describe('Block type slug, e.g. secret, aws-credentials, slack-webhook'),
    name_contains: z.string().max(MAX_NAME_CHARS).optional().describe('Case-insensitive substring of the block (or type) name'),
    ...listInput,
  },
  output: {
    block_documents: z.array(documentSchema),
    block_types: z.array(typeSchema),
    ...pageOutput,
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const page = pageFrom(args);
    const typeFilter: Record<string, unknown> = {};
    if (args.block_type) typeFilter.slug = { any_: [args.block_type] };

    if (args.list === 'types') {
      if (args.name_contains) typeFilter.name = { like_: args.name_contains };
      const { items, meta } = await fetchPage(
        (limit, offset) => client.post<RawBlockType[]>('/block_types/filter', { block_types: typeFilter, limit, offset }, { signal: ctx.signal }),
        page,
      );
      const types = items.map((t) => ({ slug: t.slug, name: t.name, description: t.description ? clip(t.description, 160) : null, documentation_url: t.documentation_url }));
      const text = renderList(['block type', 'block types'], types.map((t) => `${t.slug} (${t.name})${t.description ? ` — ${clip(t.description, 80)}` : ''}`), meta);
      return { data: { block_documents: [], block_types: types, ...meta }, text };
    }

    const documentFilter = {
      // Anonymous documents are unnamed internals (e.g. inline storage), not what users saved.
      block_documents: { is_anonymous: { eq_: false }, ...(args.name_contains ? { name: { like_: `%${args.name_contains}%` } } : {}) },
      ...(Object.keys(typeFilter).length ? { block_types: typeFilter } : {}),
      include_secrets: false,
      sort: 'BLOCK_TYPE_AND_NAME_ASC',
    };
    const { items, meta } = await fetchPage(
      (limit, offset) => client.post<RawBlockDocument[]>('/block_documents/filter', { ...documentFilter, limit, offset }, { signal: ctx.signal }),
      page,
    );
    const documents = items.map((doc) => {
      const slug = doc.block_type?.slug ?? slugify(doc.block_type_name ?? 'unknown');
      const name = doc.name ?? '(anonymous)';
      return {
        id: doc.id,
        name,
        block_type: slug,
        block_type_name: doc.block_type_name ?? doc.block_type?.name ?? null,
        updated: isoUtc(doc.updated),
        load_with: `Block.load("${slug}/${name}")`,
      };
    });
    const text = renderList(['block document', 'block documents'], documents.map((d) => `${d.block_type}/${d.name} (${d.id})`), meta);
    return { data: { block_documents: documents, block_types: [], ...meta }, text };
  },
});

function slugify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

