/**
 * docs.json navigation and redirects: the breadcrumb each page shows on the site, which
 * pages the sidebar hides, and the redirect table that keeps old links resolvable.
 */
import { normalizePath } from './page.js';

export interface Redirect {
  source: string;
  destination: string;
}

export interface Navigation {
  /** Page path → 'Tab › Group › Subgroup'. Pages absent from it are not in the sidebar. */
  breadcrumbs: Map<string, string>;
  redirects: Redirect[];
}

interface NavNode {
  tab?: string;
  group?: string;
  anchor?: string;
  dropdown?: string;
  pages?: Array<string | NavNode>;
  groups?: NavNode[];
  tabs?: NavNode[];
  anchors?: NavNode[];
  dropdowns?: NavNode[];
}

export function readNavigation(docsJson: unknown): Navigation {
  const config = (docsJson ?? {}) as { navigation?: NavNode; redirects?: Redirect[] };
  const breadcrumbs = new Map<string, string>();
  const walk = (node: NavNode, trail: string[]) => {
    const name = node.tab ?? node.group ?? node.dropdown ?? (node.anchor && !node.group ? node.anchor : undefined);
    // Integrations › Integrations › AWS reads better without the repeat.
    const here = name && trail[trail.length - 1] !== name ? [...trail, name] : trail;
    for (const page of node.pages ?? []) {
      if (typeof page === 'string') {
        const path = normalizePath(page);
        if (!breadcrumbs.has(path)) breadcrumbs.set(path, here.join(' › '));
      } else walk(page, here);
    }
    for (const child of [...(node.tabs ?? []), ...(node.groups ?? []), ...(node.anchors ?? []), ...(node.dropdowns ?? [])]) walk(child, here);
  };
  if (config.navigation) walk(config.navigation, []);
  const redirects = (config.redirects ?? [])
    .filter((r) => typeof r?.source === 'string' && typeof r?.destination === 'string')
    .map((r) => ({ source: r.source, destination: r.destination }));
  return { breadcrumbs, redirects };
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
