/**
 * The Page model both sources produce. Everything after this point (chunking, CLI
 * extraction, storage) sees only Pages, which is what makes a crawl of the live site and
 * a build from a local checkout yield the same store.
 */
import { createHash } from 'node:crypto';

export interface Page {
  /** '/v3/concepts/flows': no extension, no trailing slash. */
  path: string;
  url: string;
  canonicalUrl?: string;
  title: string;
  description: string;
  /** 'Concepts › Workflows' (tab › group); '' when the source has no navigation. */
  breadcrumb: string;
  keywords: string[];
  hidden: boolean;
  /** The body as markdown, without the page title. */
  markdown: string;
  etag?: string;
  lastModified?: string;
}

/** Outcome of asking a source for one page. */
export type PageResult =
  | { kind: 'page'; page: Page }
  | { kind: 'not-modified'; path: string; etag?: string; lastModified?: string }
  | { kind: 'failed'; path: string; url: string; reason: string };

/** What the store already holds for a page, so a source can ask conditionally. */
export interface KnownPage {
  path: string;
  etag: string | null;
  lastModified: string | null;
  contentHash: string;
}

/**
 * Hash of everything that ends up in the store for a page. Validators (ETag) can change
 * without the content changing, so this is what decides whether a page is re-chunked.
 */
export function contentHash(page: Page): string {
  return createHash('sha256')
    .update(JSON.stringify([page.title, page.description, page.breadcrumb, page.keywords, page.hidden, page.markdown]))
    .digest('hex');
}

/**
 * The markdown a Mintlify site answers for `<page>.md`: the title as h1, the description
 * as a quote, then the body. The test site serves it and the web source parses it back.
 */
export function pageToSiteMarkdown(page: Pick<Page, 'title' | 'description' | 'markdown'>): string {
  const parts = [`# ${page.title}`];
  if (page.description) parts.push(page.description.split('\n').map((line) => `> ${line}`).join('\n'));
  parts.push(page.markdown);
  return parts.join('\n\n').trimEnd() + '\n';
}
