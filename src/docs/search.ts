/**
 * Page search over the store: chunk hits from the serialized MiniSearch index are grouped
 * per page and combined with a small in-memory page-level index (title, description,
 * headings, keywords), then weighted by section priors so reference pages do not crowd
 * out guides for plain-language questions.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { CliCatalog } from './cli-catalog.js';
import type { DocsSection } from './schema.js';
import { processTerm, tokenize } from './search-index.js';
import { snippetFor } from './snippet.js';
import type { CliCommandInfo, DocsStore, PageInfo } from './store.js';
import { synonymExpansion } from './synonyms.js';

export interface DocsSearchHit {
  title: string;
  /** Absolute docs URL, with #anchor when the best match is a section. */
  url: string;
  path: string;
  breadcrumb: string;
  snippet: string;
  score: number;
}

export interface DocsSearchOptions {
  limit?: number;
  section?: DocsSection;
  /** More than one result per page (one per matching section). */
  perSection?: boolean;
}

/**
 * Generated reference and changelogs mention everything once; guides explain it. Without a
 * section filter, a guide should win over a reference page with a similar score.
 */
const SECTION_PRIOR: Partial<Record<DocsSection, number>> = {
  'python-api': 0.4,
  'rest-api': 0.45,
  'release-notes': 0.4,
  contribute: 0.6,
  'api-ref': 0.85,
  cli: 0.9,
  other: 0.8,
};

const CLI_INTENT = /\b(cli|command[- ]line|terminal|shell|command)\b/i;
const EXPANSION_WEIGHT = 0.5;
const CLI_WEIGHT = 2;
/** How much the page-level index (title, headings, description) adds to chunk evidence. */
const PAGE_INDEX_WEIGHT = 0.4;

interface PageDocument {
  id: number;
  title: string;
  headings: string;
  description: string;
  path: string;
}

export class DocsSearcher {
  private readonly pageIndex: MiniSearch<PageDocument>;

  constructor(
    private readonly store: DocsStore,
    private readonly cli?: CliCatalog,
  ) {
    this.pageIndex = new MiniSearch<PageDocument>({
      fields: ['title', 'headings', 'description', 'path'],
      tokenize,
      processTerm,
      searchOptions: { boost: { title: 3, headings: 1, description: 1.5, path: 1 }, prefix: (term) => term.length >= 4, fuzzy: (term) => (term.length >= 5 ? 0.2 : false) },
    });
    this.pageIndex.addAll(
      store.pages.map((page) => ({
        id: page.id,
        title: page.title,
        headings: page.headings.map((heading) => heading.text).join(' \n '),
        description: [page.description, ...page.keywords].join(' '),
        path: page.path.split('/').pop() ?? '',
      })),
    );
  }

  search(query: string, options: DocsSearchOptions = {}): DocsSearchHit[] {
    const limit = options.limit ?? 5;
    const expansion = synonymExpansion(query);
    const queryTerms = new Set(tokenize(query).map(processTerm).filter((term): term is string => term !== null));
    const fullQuery = expansion ? `${query} ${expansion}` : query;
    const boostTerm = (term: string) => (queryTerms.has(term) ? 1 : EXPANSION_WEIGHT);
    const prior = this.priors(query, options.section);
    const filter = options.section ? (result: SearchResult) => result.section === options.section : undefined;

    const chunkHits = this.store.index.search(fullQuery, { boostTerm, filter });
    const pageScores = new Map<number, { chunkScores: number[]; chunkIds: number[]; terms: Set<string> }>();
    const pageIdByPath = (path: string) => this.store.page(path)?.id;
    for (const hit of chunkHits) {
      const pageId = pageIdByPath(hit.path as string);
      if (pageId === undefined) continue;
      const entry = pageScores.get(pageId) ?? { chunkScores: [], chunkIds: [], terms: new Set<string>() };
      entry.chunkScores.push(hit.score);
      entry.chunkIds.push(hit.id as number);
      for (const term of hit.queryTerms) entry.terms.add(term);
      pageScores.set(pageId, entry);
    }
    const pageHits = new Map(this.pageIndex.search(fullQuery, { boostTerm }).map((hit) => [hit.id as number, hit.score]));
    const cliHits = this.cliEvidence(fullQuery, boostTerm, options.section);

    const scored: Array<{ page: PageInfo; score: number; chunkIds: number[]; command?: CliCommandInfo }> = [];
    for (const pageId of new Set([...pageScores.keys(), ...pageHits.keys(), ...cliHits.keys()])) {
      const page = this.store.pageById(pageId);
      if (!page || (options.section && page.section !== options.section)) continue;
      const chunks = pageScores.get(pageId);
      // The best section counts fully; further matching sections add diminishing evidence.
      const [best = 0, second = 0, third = 0] = chunks?.chunkScores ?? [];
      const chunkScore = best + 0.3 * second + 0.15 * third;
      const command = cliHits.get(pageId);
      const cliScore = command ? CLI_WEIGHT * command.score : 0;
      const score = (chunkScore + PAGE_INDEX_WEIGHT * (pageHits.get(pageId) ?? 0) + cliScore) * prior(page);
      scored.push({ page, score, chunkIds: chunks?.chunkIds ?? [], command: command && cliScore >= best ? command.info : undefined });
    }
    scored.sort((a, b) => b.score - a.score);

    const snippetTerms = [...queryTerms];
    const hits: DocsSearchHit[] = [];
    for (const { page, score, chunkIds, command } of scored) {
      if (hits.length >= limit) break;
      if (command && !options.perSection) {
        // The page won on one command's reference: point at that command.
        hits.push({ title: page.title, url: command.url, path: page.path, breadcrumb: [page.breadcrumb, command.command].filter(Boolean).join(' › '), snippet: snippetFor(`${command.usage}\n\n${command.description}\n\n${command.options.map((o) => `${o.name}: ${o.help}`).join('\n')}`, snippetTerms), score: Math.round(score * 100) / 100 });
        continue;
      }
      const chunkIdsToShow = options.perSection ? chunkIds : chunkIds.slice(0, 1);
      if (chunkIdsToShow.length === 0) chunkIdsToShow.push(...this.store.chunks(page).slice(0, 1).map((chunk) => chunk.id));
      for (const chunkId of chunkIdsToShow) {
        if (hits.length >= limit) break;
        const chunk = this.store.chunk(chunkId);
        hits.push({
          title: page.title,
          url: chunk?.anchor ? `${page.url}#${chunk.anchor}` : page.url,
          path: page.path,
          breadcrumb: [page.breadcrumb, chunk?.heading].filter(Boolean).join(' › '),
          snippet: chunk ? snippetFor(chunk.markdown, snippetTerms) : page.description,
          score: Math.round(score * 100) / 100,
        });
      }
    }
    return hits;
  }

  /**
   * The CLI reference as structured commands is sharper evidence than its long pages: a
   * question matching one command's description and flags lifts that command's page.
   */
  private cliEvidence(query: string, boostTerm: (term: string) => number, section: DocsSection | undefined): Map<number, { info: CliCommandInfo; score: number }> {
    const evidence = new Map<number, { info: CliCommandInfo; score: number }>();
    if (!this.cli || (section && section !== 'cli')) return evidence;
    for (const { info, score } of this.cli.scored(query, 3, { boostTerm })) {
      const page = this.store.page(info.pagePath);
      if (page && !evidence.has(page.id)) evidence.set(page.id, { info, score });
    }
    return evidence;
  }

  private priors(query: string, section: DocsSection | undefined): (page: PageInfo) => number {
    if (section) return () => 1;
    const cliIntent = CLI_INTENT.test(query);
    return (page) => {
      let weight = SECTION_PRIOR[page.section] ?? 1;
      if (page.section === 'cli' && cliIntent) weight = 1.3;
      // Integration packages' generated API reference is like the Python API reference.
      if (page.section === 'integrations' && page.path.includes('/api-ref/')) weight = SECTION_PRIOR['python-api']!;
      if (page.hidden) weight *= 0.8;
      return weight;
    };
  }
}
