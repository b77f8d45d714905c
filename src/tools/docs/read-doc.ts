import { z } from 'zod';
import { normalizePath } from '../../docs-model/paths.js';
import { cutAt, extractSection, tableOfContents } from '../../docs/read-page.js';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { MAX_DOC_CHARS, MAX_NAME_CHARS, MAX_OFFSET, MAX_QUERY_CHARS } from '../inputs.js';

export const readDoc = defineTool({
  name: 'read_doc',
  title: 'Read a Prefect docs page',
  description:
    'Read one page of the offline Prefect docs, or one section of it, as clean markdown with a short table of contents. Accepts a docs.prefect.io URL (an #anchor selects that section), a path like /v3/concepts/flows, or an old path the site redirects. Long pages are cut at max_chars: `truncated` says so and `next_offset` continues.',
  toolset: 'docs',
  kind: 'read',
  openWorld: false,
  input: {
    url_or_path: z.string().min(1).max(MAX_QUERY_CHARS).describe('A docs URL (https://docs.prefect.io/v3/concepts/flows#anchor) or path (/v3/concepts/flows)'),
    section: z.string().max(MAX_NAME_CHARS).optional().describe('Only this section: its #anchor or heading text (see the table of contents)'),
    max_chars: z.number().int().min(200).max(MAX_DOC_CHARS).optional().describe('Most characters of markdown to return (default 8000)'),
    offset: z.number().int().min(0).max(MAX_OFFSET).optional().describe('Continue from this character (the previous answer\'s next_offset)'),
  },
  output: {
    title: z.string(),
    url: z.string().describe('Absolute URL of the page, with #anchor when one section was read'),
    path: z.string(),
    breadcrumb: z.string(),
    redirected_from: z.string().nullable().describe('The path asked for, when it redirected to this page'),
    section: z.string().nullable().describe('The heading of the section read, or null for the whole page'),
    toc: z.array(z.object({ depth: z.number(), text: z.string(), anchor: z.string() })).describe('The page\'s h2/h3 headings'),
    markdown: z.string(),
    total_chars: z.number().describe('Length of the whole page or section'),
    truncated: z.boolean(),
    next_offset: z.number().nullable().describe('Pass as offset to read on; null when nothing is left'),
  },
  async handle(args, ctx) {
    const { store } = ctx.docs.require();
    const page = store.resolvePath(args.url_or_path);
    if (!page) {
      const guess = ctx.docs.search(args.url_or_path.replace(/^https?:\/\/[^/]+/, '').replace(/[/_-]+/g, ' '), { limit: 3 }) ?? [];
      const suggestions = guess.length ? ` Closest pages: ${guess.map((hit) => hit.path).join(', ')}.` : '';
      throw new ToolError(`No docs page at "${args.url_or_path}".${suggestions} Use search_docs to find the right page.`);
    }
    const requestedPath = normalizePath(args.url_or_path.replace(/^https?:\/\/[^/]+/, '').trim());
    const anchor = args.section ?? (args.url_or_path.includes('#') ? args.url_or_path.split('#')[1] : undefined);
    const fullPage = `# ${page.title}\n\n${page.description ? `${page.description}\n\n` : ''}${store.markdown(page)}`;
    let markdown = fullPage;
    let sectionHeading: string | null = null;
    let url = page.url;
    if (anchor) {
      const found = extractSection(fullPage, page.headings, anchor);
      if (!found) {
        const available = tableOfContents(page.headings).map((h) => h.anchor).join(', ');
        throw new ToolError(`Page ${page.path} has no section "${anchor}". Sections: ${available || '(none)'}. Omit section to read the whole page.`);
      }
      markdown = found.markdown;
      sectionHeading = found.heading.text;
      url = `${page.url}#${found.heading.anchor}`;
    }
    const maxChars = args.max_chars ?? 8000;
    const offset = Math.min(args.offset ?? 0, markdown.length);
    const { text, next } = cutAt(markdown, offset, maxChars);
    const toc = tableOfContents(page.headings);
    const redirectedFrom = requestedPath !== page.path && `${requestedPath}/index` !== page.path ? requestedPath : null;
    const data = {
      title: page.title,
      url,
      path: page.path,
      breadcrumb: page.breadcrumb,
      redirected_from: redirectedFrom,
      section: sectionHeading,
      toc,
      markdown: text,
      total_chars: markdown.length,
      truncated: next !== null,
      next_offset: next,
    };
    const header = [
      `${page.title} — ${url}${redirectedFrom ? ` (redirected from ${redirectedFrom})` : ''}`,
      page.breadcrumb,
      !sectionHeading && toc.length ? `Contents: ${toc.map((h) => `${h.depth === 3 ? '  ' : ''}${h.text} (#${h.anchor})`).join('; ')}` : '',
    ].filter(Boolean);
    const footer =
      next !== null
        ? `\n\n[truncated: showed characters ${offset}-${next} of ${markdown.length}. Read on with read_doc { url_or_path: "${page.path}"${sectionHeading ? `, section: "${anchor}"` : ''}, offset: ${next} }, or read one section with section: "<anchor>".]`
        : '';
    return { data, text: `${header.join('\n')}\n\n${text}${footer}` };
  },
});
