/**
 * What a Mintlify site answers for `<page>.md` (and each page of `/llms-full.txt`), turned
 * into what the local checkout yields, so both sources store the same pages and chunks:
 *
 *   > ## Documentation Index                       ← preamble for agents: dropped
 *   > Fetch the complete documentation index at: https://docs.prefect.io/llms.txt
 *   > Use this file to discover all available pages before exploring further.
 *   <AgentInstructions>…</AgentInstructions>       ← addressed to agents: dropped
 *   # Title                                        ← the page title
 *   > Description                                  ← the description
 *   …the page's MDX source (raw JSX, fences with `theme={null}`)…
 *   Built with Mintlify                            ← trailing boilerplate: dropped
 *
 * The body then goes through the same MDX renderer as a checkout. On www.prefect.io/docs
 * links carry the `/docs` prefix and a `.md` suffix and cards are blockquotes
 * (`> [card] [Title](/docs/x.md)` or `> **[Title](/docs/x.md)**`); both are mapped back.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { parse as parseYaml } from 'yaml';
import type { Blockquote, Link, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement } from 'mdast-util-mdx';
import { parseMdx, splitFrontmatter } from '../mdx/parse.js';
import { renderTree, serialize } from '../mdx/render.js';
import { isAgentText, stripAgentElements } from '../mdx/agent-text.js';
import { parseOpenApiRef, renderOperation, type OpenApiDocument } from '../openapi.js';

export interface SiteMarkdown {
  /** From `# Title`; undefined when the page has none. */
  title?: string;
  description: string;
  /** The page body: MDX source as the site serves it. */
  body: string;
}

/** Splits a served page into title, description and body, dropping text addressed to agents. */
export function splitSiteMarkdown(text: string): SiteMarkdown {
  const source = stripAgentElements(splitFrontmatter(text.replace(/\r\n?/g, '\n')).body);
  const lines = dropTrailingBoilerplate(source.split('\n'));
  let i = skipPreamble(lines, 0);
  const titleAt = firstTitleLine(lines, i);
  if (titleAt === undefined) return { description: '', body: lines.slice(i).join('\n').trim() };
  // Anything between the preamble and the title that is not blank is content; keep it.
  const before = lines.slice(i, titleAt).join('\n').trim();
  const title = /^# (.+?)\s*#*\s*$/.exec(lines[titleAt]!)![1]!.trim();
  i = titleAt + 1;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  let description = '';
  const quoteStart = i;
  while (i < lines.length && /^>/.test(lines[i]!)) i++;
  const quote = lines.slice(quoteStart, i).map((line) => line.replace(/^> ?/, ''));
  if (quote.length > 0 && !isCardQuote(quote[0]!)) description = quote.join('\n').trim();
  else i = quoteStart;
  const body = [before, lines.slice(i).join('\n').trim()].filter(Boolean).join('\n\n');
  return { title, description, body };
}

/** Blockquotes and agent elements before the title: the "Documentation Index" preamble and its kind. */
function skipPreamble(lines: string[], start: number): number {
  let i = start;
  for (;;) {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    if (i >= lines.length || !/^>/.test(lines[i]!)) return i;
    let end = i;
    while (end < lines.length && /^>/.test(lines[end]!)) end++;
    const quote = lines.slice(i, end).map((line) => line.replace(/^>\s?/, '')).join('\n');
    if (!isAgentText(quote)) return i;
    i = end;
  }
}

/** The first `# ` line outside code fences. */
function firstTitleLine(lines: string[], start: number): number | undefined {
  let fence: string | undefined;
  for (let i = start; i < lines.length; i++) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(lines[i]!);
    if (marker) {
      if (!fence) fence = marker[1];
      else if (marker[1]![0] === fence[0] && marker[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    if (!fence && /^# \S/.test(lines[i]!)) return i;
  }
  return undefined;
}

const BOILERPLATE = /^\s*(?:(?:\[?(?:built with|powered by)\s+\[?mintlify\]?(?:\([^)]*\))?\.?)|(?:\[mintlify\]\([^)]*\)))\s*$/i;

/** The "Built with Mintlify" line (and the one rule the site puts above it) at the end of a page. */
function dropTrailingBoilerplate(lines: string[]): string[] {
  let end = lines.length;
  const skipBlank = () => {
    while (end > 0 && lines[end - 1]!.trim() === '') end--;
  };
  skipBlank();
  if (end === 0 || !/mintlify/i.test(lines[end - 1]!) || !BOILERPLATE.test(lines[end - 1]!)) return lines;
  end--;
  skipBlank();
  if (end > 0 && /^\s*[-*_]{3,}\s*$/.test(lines[end - 1]!)) end--;
  return lines.slice(0, end);
}

function isCardQuote(firstLine: string): boolean {
  return /^\s*(?:\[card\]\s*\[|\*\*\[)/i.test(firstLine);
}

export interface SiteRenderOptions {
  /** A link target as the site wrote it → the canonical one ('/docs/v3/x.md#a' → '/v3/x#a'); unchanged when not on the site. */
  mapLink: (url: string) => string;
}

export interface RenderedSitePage {
  markdown: string;
  /** From an `## OpenAPI` section: the endpoint's title and description, for pages with none. */
  operation?: { title: string; description: string };
}

const markdownOnly = unified().use(remarkParse).use(remarkGfm);
const NO_SNIPPETS = { load: () => undefined, variable: () => undefined };

/** The body (MDX as served) → the markdown the local renderer produces for the same page. */
export function renderSiteBody(body: string, options: SiteRenderOptions): RenderedSitePage {
  const { rest, operation } = takeOpenApiSection(body);
  let tree: Root;
  try {
    tree = parseMdx(rest).tree;
  } catch {
    // Not valid MDX (a site serving plain markdown): read it as markdown; raw HTML is dropped.
    tree = markdownOnly.parse(rest) as Root;
  }
  tree.children = cardsFromQuotes(tree.children);
  mapLinks(tree, options.mapLink);
  const markdown = serialize({ type: 'root', children: renderTree(tree, { snippets: NO_SNIPPETS }) });
  if (!operation) return { markdown };
  return { markdown: [operation.markdown, markdown].filter(Boolean).join('\n\n'), operation: { title: operation.title, description: operation.description } };
}

/**
 * Mintlify serves an endpoint page as an `## OpenAPI` section holding the operation (and
 * the schemas it refers to) in a fence titled `yaml <schema file> <method> <path>`; it is
 * rendered like the checkout's `openapi:` stubs.
 */
function takeOpenApiSection(body: string): { rest: string; operation?: { title: string; description: string; markdown: string } } {
  const match = /^## OpenAPI\s*\n+(`{3,}|~{3,})ya?ml[ \t]+([^\n]*)\n([\s\S]*?)\n\1[ \t]*(?:\n|$)/m.exec(body);
  if (!match) return { rest: body };
  const ref = parseOpenApiRef(match[2]!.replace(/(?:^|\s)\w+=\S+/g, ' '));
  let document: OpenApiDocument | undefined;
  try {
    document = parseYaml(match[3]!) as OpenApiDocument;
  } catch {
    document = undefined;
  }
  const rest = (body.slice(0, match.index) + body.slice(match.index + match[0].length)).trim();
  if (!ref || !document?.paths) return { rest };
  const rendered = renderOperation(document, ref.method, ref.path);
  return {
    rest,
    operation: rendered ?? { title: `${ref.method.toUpperCase()} ${ref.path}`, description: '', markdown: `**${ref.method.toUpperCase()}** \`${ref.path}\`` },
  };
}

/** `> [card] [Title](href)` / `> **[Title](href)**` + text → the `<Card>` it was rendered from. */
function cardsFromQuotes(nodes: RootContent[]): RootContent[] {
  return nodes.map((node) => {
    if (node.type === 'blockquote') {
      const card = cardFromQuote(node);
      if (card) return card;
    }
    if ('children' in node && Array.isArray(node.children) && node.type !== 'paragraph') {
      return { ...node, children: cardsFromQuotes(node.children as RootContent[]) } as RootContent;
    }
    return node;
  });
}

function cardFromQuote(quote: Blockquote): MdxJsxFlowElement | undefined {
  const [first, ...others] = quote.children;
  if (first?.type !== 'paragraph') return undefined;
  const phrasing = [...first.children];
  let link: Link | undefined;
  const head = phrasing[0];
  if (head?.type === 'text' && /^\s*\[card\]\s*$/i.test(head.value) && phrasing[1]?.type === 'link') {
    link = phrasing[1];
    phrasing.splice(0, 2);
  } else if (head?.type === 'text' && /^\s*\[card\]\s*\S/i.test(head.value)) {
    return undefined;
  } else if (head?.type === 'strong' && head.children.length === 1 && head.children[0]!.type === 'link') {
    link = head.children[0];
    phrasing.splice(0, 1);
  }
  if (!link) return undefined;
  const text = trimStart(phrasing);
  const children: Array<Paragraph | RootContent> = text.length > 0 ? [{ type: 'paragraph', children: text }, ...others] : others;
  const title = link.children.map((child) => ('value' in child ? child.value : '')).join('');
  const attributes: MdxJsxAttribute[] = [
    { type: 'mdxJsxAttribute', name: 'title', value: title },
    { type: 'mdxJsxAttribute', name: 'href', value: link.url },
  ];
  return { type: 'mdxJsxFlowElement', name: 'Card', attributes, children: children as MdxJsxFlowElement['children'] };
}

function trimStart(phrasing: PhrasingContent[]): PhrasingContent[] {
  const out = [...phrasing];
  while (out[0]?.type === 'break' || (out[0]?.type === 'text' && out[0].value.trim() === '')) out.shift();
  if (out[0]?.type === 'text') out[0] = { ...out[0], value: out[0].value.replace(/^[\s:–—-]+/, '') };
  return out;
}

function mapLinks(node: Root | RootContent, mapLink: (url: string) => string): void {
  if (node.type === 'link' || node.type === 'definition') node.url = mapLink(node.url);
  if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
    for (const attribute of node.attributes) {
      if (attribute.type === 'mdxJsxAttribute' && attribute.name === 'href' && typeof attribute.value === 'string') attribute.value = mapLink(attribute.value);
    }
  }
  if ('children' in node) for (const child of node.children as RootContent[]) mapLinks(child, mapLink);
}
