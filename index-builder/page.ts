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

