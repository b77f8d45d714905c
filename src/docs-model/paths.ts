/**
 * Docs page paths as the indexer writes them and the store, tools and resources look them
 * up: '/v3/concepts/flows' (no extension, no trailing slash), absolute on the docs site.
 */
import { DOCS_SITE } from './schema.js';

export function normalizePath(path: string): string {
  let clean = path.split(/[?#]/)[0]!.replace(/\.(mdx|md)$/, '').replace(/\/+$/, '');
  if (!clean.startsWith('/')) clean = '/' + clean;
  return clean;
}

export function urlForPath(path: string, site: string = DOCS_SITE): string {
  return site.replace(/\/+$/, '') + path;
}

/** A docs source is either a site URL (crawled) or a local docs folder. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}
