import { z } from 'zod';
import { SECTIONS } from '../../docs-model/schema.js';
import { cutText, PASSAGE_CHARS, type DocsSearchHit } from '../../docs/search.js';
import { defineTool } from '../define-tool.js';
import { clampLimit } from '../limits.js';
import { caseInsensitiveEnum, MAX_QUERY_CHARS, MAX_COUNT } from '../inputs.js';

export const MAX_SEARCH_LIMIT = 20;
/** The text response's budget: passages fill what the list leaves, best hit first. */
export const MAX_RESPONSE_BYTES = 6144;
/** With passages, at most this many results: the passages of the best ones are worth more than more titles. */
const MAX_PASSAGE_RESULTS = 5;
/** A passage shorter than this is not worth its place: later hits go without. */
const MIN_PASSAGE_CHARS = 200;

export const searchDocs = defineTool({
  name: 'search_docs',
  title: 'Search the Prefect docs',
  description:
    'Search the offline Prefect 3 documentation (docs.prefect.io) and get the best pages, best first: title, URL (with #anchor for the matching section), breadcrumb and a short snippet. Typo-tolerant; old Prefect 2 terms (agent, infrastructure block, storage block) find their Prefect 3 replacements. Follow up with read_doc on a URL to read it. For exact CLI syntax use get_cli_help or search_cli.',
  toolset: 'docs',
  kind: 'read',
  openWorld: false,
  input: {
    query: z.string().min(1).max(MAX_QUERY_CHARS).describe('What to look for, in plain words or with identifiers, e.g. "retry a task with backoff" or "PREFECT_API_URL"'),
    limit: z.number().int().min(1).max(MAX_COUNT).optional().describe(`How many results (default 5, at most ${MAX_SEARCH_LIMIT}, ${MAX_PASSAGE_RESULTS} with passages; a larger value is clamped with a note)`),
    passages: z
      .boolean()
      .optional()
      .describe(
        `Also return the top results' matching section text (markdown, up to ${PASSAGE_CHARS} characters each, at most ${MAX_PASSAGE_RESULTS} results and ${MAX_RESPONSE_BYTES} bytes per response, best results first), often enough to answer without read_doc`,
      ),
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
          passage: z.string().optional().describe('With passages: the matching section (markdown), cut to fit the response budget'),
        }),
      )
      .describe('Best first, one result per page'),
    notes: z.array(z.string()).describe('Adjustments made to the request (e.g. a clamped limit)'),
  },
  async handle(args, ctx) {
    const { searcher } = ctx.docs.require();
    const { limit, note } = clampLimit(args.limit, 5, args.passages ? MAX_PASSAGE_RESULTS : MAX_SEARCH_LIMIT);
    const notes = note ? [note] : [];
    const hits = searcher.search(args.query, { limit, section: args.section, passages: args.passages === true });
    const results = withinBudget(hits.map(({ title, url, breadcrumb, snippet, score, passage }) => ({ title, url, breadcrumb, snippet, score, ...(passage === undefined ? {} : { passage }) })));
    const text =
      results.length === 0
        ? `No docs match "${args.query}"${args.section ? ` in section ${args.section}` : ''}. Try other words${args.section ? ' or no section' : ''}.`
        : results.map(render).join('\n');
    return { data: { results, notes }, text: [text, ...notes.map((line) => `note: ${line}`), ctx.docs.freshness().line].join('\n') };
  },
});

type Result = Omit<DocsSearchHit, 'path'>;

function render(hit: Result, i: number): string {
  const head = `${i + 1}. ${hit.title}${hit.breadcrumb ? ` (${hit.breadcrumb})` : ''}\n   ${hit.url}\n   ${hit.snippet}`;
  return hit.passage === undefined ? head : `${head}\n   ---\n${hit.passage}\n   ---`;
}

/** Passages cut, best hit first, so that the text response stays within MAX_RESPONSE_BYTES. */
function withinBudget(results: Result[]): Result[] {
  const bytes = (text: string) => Buffer.byteLength(text);
  const bare = results.map(({ passage: _passage, ...hit }) => hit);
  let left = MAX_RESPONSE_BYTES - bytes(bare.map(render).join('\n'));
  return results.map((hit, i) => {
    if (hit.passage === undefined) return bare[i]!;
    const overhead = bytes(render({ ...bare[i]!, passage: '' }, i)) - bytes(render(bare[i]!, i));
    let room = Math.min(PASSAGE_CHARS, left - overhead);
    let passage = cutText(hit.passage, room);
    // Bytes count, not characters: cut again while multi-byte characters overflow.
    while (room >= MIN_PASSAGE_CHARS && bytes(passage) > left - overhead) {
      room -= bytes(passage) - (left - overhead);
      passage = cutText(hit.passage, room);
    }
    if (room < MIN_PASSAGE_CHARS) return bare[i]!;
    left -= overhead + bytes(passage);
    return { ...bare[i]!, passage };
  });
}
