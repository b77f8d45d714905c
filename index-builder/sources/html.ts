/**
 * A rendered Mintlify HTML page → the page's own content as markdown. Used when a site does
 * not answer `<page>.md`: the layout chrome (navigation, sidebars, "On this page", footer,
 * feedback widget) is removed, and what is left goes through the serializer MDX pages go
 * through (see html-mdast.ts), so both sources write the same markdown.
 */
import * as cheerio from 'cheerio';
import { isAgentText } from '../mdx/agent-text.js';
import { serialize } from '../mdx/render.js';
import { htmlToMdast, type HtmlToMdastOptions } from './html-mdast.js';

export interface ExtractedPage {
  title: string;
  description: string;
  breadcrumb: string;
  /** From `<meta name="keywords">`, where Mintlify serves a page's frontmatter keywords. */
  keywords: string[];
  canonicalUrl?: string;
  markdown: string;
}

const CONTENT = ['#content', '.mdx-content', 'main article', 'article', '[role="main"]', 'main'];
const CHROME = [
  'nav', 'header', 'footer', 'aside', 'script', 'style', 'noscript', 'template', 'svg', 'img', 'button', 'form',
  '[role="navigation"]', '[role="banner"]', '[role="contentinfo"]', '[aria-hidden="true"]',
  '#sidebar', '.sidebar', '#table-of-contents', '.toc', '[id*="feedback"]', '[class*="feedback"]',
  '#pagination', '.pagination', '[data-chrome]',
].join(', ');

export function extractHtml(html: string, options: HtmlToMdastOptions = {}): ExtractedPage {
  const $ = cheerio.load(html);
  const title = ($('h1#page-title').first().text() || $('main h1, article h1').first().text() || $('title').text().split('|')[0] || '').trim();
  const description = ($('meta[name="description"]').attr('content') ?? '').trim();
  const breadcrumb = $('.eyebrow, [data-breadcrumb]').first().text().trim();
  const canonicalUrl = $('link[rel="canonical"]').attr('href') || undefined;
  const keywords = metaKeywords($);

  const content = CONTENT.map((selector) => $(selector).first()).find((node) => node.length > 0) ?? $('body');
  content.find(CHROME).remove();
  // The "Documentation Index" note at the top of the content and agent instructions are for machines, not readers.
  content.find('agentinstructions, [data-agent-instructions], .agent-instructions').remove();
  content
    .find('blockquote, p, div, section')
    .filter((_, element) => {
      const text = $(element).text();
      return text.length < 600 && isAgentText(text);
    })
    .remove();
  // The title is stored separately, as in the markdown shape; any other h1 is body content.
  content.find('h1#page-title').remove();
  const markdown = serialize(htmlToMdast(content.contents().toArray(), options));
  return { title, description, breadcrumb, keywords, canonicalUrl, markdown };
}

/**
 * A page's frontmatter keywords, which Mintlify serves only as `<meta name="keywords">` in the
 * HTML (comma-joined, as Next.js writes a keywords list); its `.md` and llms files omit them.
 */
export function metaKeywords(html: string | cheerio.CheerioAPI): string[] {
  const $ = typeof html === 'string' ? cheerio.load(html) : html;
  const content = $('meta[name="keywords"]').first().attr('content') ?? '';
  return content
    .split(',')
    .map((keyword) => keyword.trim())
    .filter(Boolean);
}
