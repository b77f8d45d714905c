/**
 * docs.json navigation and redirects: the breadcrumb each page shows on the site, which
 * pages the sidebar hides, and the redirect table that keeps old links resolvable.
 */
import { normalizePath } from '../src/docs-model/paths.js';
import type { Redirect } from '../src/docs-model/redirects.js';

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
