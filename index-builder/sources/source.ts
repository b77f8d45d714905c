/** What the build needs from a docs source, whether a local checkout or a website. */
import type { KnownPage, PageResult } from '../page.js';
import type { Redirect } from '../../src/docs-model/redirects.js';

export interface DiscoveredPage {
  path: string;
  url: string;
}

export interface DocsProvenance {
  commit?: string;
  /** ISO date: the docs commit's date, or when the site was fetched. */
  date: string;
}

/** A whole site answering from another base (docs.prefect.io → www.prefect.io/docs). */
export interface SiteMove {
  from: string;
  to: string;
}

export interface PageSource {
  /** For meta.source and messages: the folder or the site URL. */
  readonly label: string;
  discover(signal?: AbortSignal): Promise<DiscoveredPage[]>;
  /** `known` is the stored version, so the source can ask conditionally or skip work. */
  fetch(page: DiscoveredPage, known: KnownPage | undefined, signal?: AbortSignal): Promise<PageResult>;
  /** Redirects to store once every page has been fetched. */
  redirects(): Redirect[];
  /** Which docs this is: the commit and its date for a checkout, the fetch date for a site. */
  provenance(): Promise<DocsProvenance>;
  /** Set when the site was found at another base than the one asked for. */
  siteMove?(): SiteMove | undefined;
  close(): Promise<void>;
}
