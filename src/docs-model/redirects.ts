/**
 * The docs site's redirect table (docs.json `redirects`): written by the indexer, followed
 * by the store so old links keep resolving.
 */
import { normalizePath } from './paths.js';

export interface Redirect {
  source: string;
  destination: string;
}

/**
 * Follows redirects (with `:slug*` wildcards and chains) until a known page is reached.
 * Returns undefined when the chain ends outside the store or loops.
 */
export function resolveRedirect(path: string, redirects: readonly Redirect[], exists: (path: string) => boolean): string | undefined {
  let current = normalizePath(path);
  const seen = new Set<string>();
  while (!exists(current)) {
    if (seen.has(current)) return undefined;
    seen.add(current);
    const next = applyRedirect(current, redirects);
    if (next === undefined) return undefined;
    current = normalizePath(next);
  }
  return current;
}

export function applyRedirect(path: string, redirects: readonly Redirect[]): string | undefined {
  for (const { source, destination } of redirects) {
    if (source === path) return destination;
  }
  for (const { source, destination } of redirects) {
    const wildcard = source.indexOf('/:slug*');
    if (wildcard < 0) continue;
    const prefix = source.slice(0, wildcard);
    if (path !== prefix && !path.startsWith(prefix + '/')) continue;
    const rest = path.slice(prefix.length).replace(/^\//, '');
    return destination.replace('/:slug*', rest ? `/${rest}` : '');
  }
  return undefined;
}
