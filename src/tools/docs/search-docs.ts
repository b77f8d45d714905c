import { z } from 'zod';
import { SECTIONS } from '../../docs-model/schema.js';
import { defineTool } from '../define-tool.js';
import { caseInsensitiveEnum } from '../inputs.js';

export const MAX_SEARCH_LIMIT = 20;

export const searchDocs = defineTool({
  name: 'search_docs',
  title: 'Search the Prefect docs',
  description:
    'Search the offline Prefect 3 documentation (docs.prefect.io) and get the best pages, best first: title, URL (with #anchor for the matching section), breadcrumb and a short snippet. Typo-tolerant; old Prefect 2 terms (agent, infrastructure block, storage block) find their Prefect 3 replacements. Follow up with read_doc on a URL to read it. For exact CLI syntax use get_cli_help or search_cli.',
  toolset: 'docs',
  kind: 'read',
  openWorld: false,
  input: {
    query: z.string().min(1).describe('What to look for, in plain words or with identifiers, e.g. "retry a task with backoff" or "PREFECT_API_URL"'),
    limit: z.number().int().min(1).optional().describe(`How many results (default 5, at most ${MAX_SEARCH_LIMIT})`),
    section: caseInsensitiveEnum(SECTIONS).optional().describe('Only search one area: how-to, concepts, advanced, get-started, examples, cli, python-api, rest-api, api-ref, integrations, release-notes, contribute'),
  },
  output: {
    results: z
      .array(
        z.object({
          title: z.string(),
          url: z.string().describe('Absolute docs URL, with #anchor when the match is a section'),
          breadcrumb: z.string().describe('Where the page sits on the site, then the matching section'),
          snippet: z.string().describe('About 300 characters around the match'),
          score: z.number(),
        }),
      )
      .describe('Best first, one result per page'),
  },
  async handle(args, ctx) {
    const { searcher } = ctx.docs.require();
    const limit = Math.min(args.limit ?? 5, MAX_SEARCH_LIMIT);
    const hits = searcher.search(args.query, { limit, section: args.section });
    const results = hits.map(({ title, url, breadcrumb, snippet, score }) => ({ title, url, breadcrumb, snippet, score }));
    const text =
      results.length === 0
        ? `No docs match "${args.query}"${args.section ? ` in section ${args.section}` : ''}. Try other words${args.section ? ' or no section' : ''}.`
        : results.map((hit, i) => `${i + 1}. ${hit.title}${hit.breadcrumb ? ` (${hit.breadcrumb})` : ''}\n   ${hit.url}\n   ${hit.snippet}`).join('\n');
    return { data: { results }, text };
  },
});
