/**
 * Page search over the store: chunk hits from the serialized MiniSearch index are grouped
 * per page and combined with a small in-memory page-level index (title, description,
 * headings, keywords), then weighted by section priors so reference pages do not crowd
 * out guides for plain-language questions.
 */
import type { CliCatalog } from './cli-catalog.js';
import type { DocsSection } from '../docs-model/schema.js';
import { CompactIndex, type TermQuery } from './compact-index.js';
import { CHUNK_BOOSTS, fuzzyShare, prefixMatches, processTerm } from '../docs-model/search-index.js';
import { analyseQuery, type QueryIntent, type QueryTerm } from './query.js';
import { snippetFor, snippetOf } from './snippet.js';
import type { CliCommandInfo } from '../docs-model/schema.js';
import type { DocsStore, PageInfo } from './store.js';
import type { SearchCache } from './search-cache.js';
import { synonymExpansion } from './synonyms.js';

export interface DocsSearchHit {
  title: string;
  /** Absolute docs URL, with #anchor when the best match is a section. */
  url: string;
  path: string;
  breadcrumb: string;
  snippet: string;
  score: number;
  /** With `passages`: the matching section's markdown, at most PASSAGE_CHARS. */
  passage?: string;
}

/** The longest passage a hit carries (see DocsSearchOptions.passages). */
export const PASSAGE_CHARS = 1500;

/** Text cut to at most `max` characters at a line or word end, marked with … when cut. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const end = Math.max(head.lastIndexOf('\n'), head.lastIndexOf(' '));
  return `${(end > max / 2 ? head.slice(0, end) : head).trimEnd()}…`;
}

export interface DocsSearchOptions {
  limit?: number;
  section?: DocsSection;
  /** More than one result per page (one per matching section). */
  perSection?: boolean;
  /** The ranking's weights (the defaults unless a benchmark tries others). */
  ranking?: RankingParams;
  /** Also return the best matching section's text for each hit (bounded, see PASSAGE_CHARS). */
  passages?: boolean;
}

/**
 * The ranking's tunable weights, in one place so the retrieval benchmark can cross-validate
 * them (fit on half the questions, score the other half).
 */
export interface RankingParams {
  /** Weight of synonym expansions relative to the user's own words. */
  expansionWeight: number;
  /** Weight of a CLI command's structured reference match. */
  cliWeight: number;
  /** How much the page-level index (title, headings, description) adds to chunk evidence. */
  pageIndexWeight: number;
  /** Weight of code-like words (identifiers, error names, env vars, flags) relative to plain words. */
  identifierBoost: number;
  /** How much a page's second and third best sections add to its best one. */
  secondaryWeight: number;
  /** Prior of CLI reference pages for a question that does not ask for a command. */
  cliPrior: number;
  /** Weight of the whole page's text as one document (BM25 over the page, not its sections). */
  pageTextWeight: number;
  /** Prior of reference pages (settings, API reference) for a question that is not about configuration. */
  referencePrior: number;
  /** Prior of an integration package's pages for a question that does not name that integration. */
  integrationPrior: number;
  /**
   * The whole page's text counts at most this many times the page's best section: a long page
   * collects many weak matches (the settings reference matches every question about the server),
   * and that alone must not outrank a page with one section that answers.
   */
  pageTextCap: number;
  /** Further prior of reference pages for a question that describes a symptom and asks for no command or setting. */
  symptomReferencePrior: number;
}

export const DEFAULT_RANKING: RankingParams = {
  expansionWeight: 0.5,
  cliWeight: 2,
  pageIndexWeight: 0.4,
  identifierBoost: 1,
  secondaryWeight: 0.3,
  cliPrior: 0.7,
  pageTextWeight: 0.6,
  referencePrior: 0.85,
  integrationPrior: 0.7,
  pageTextCap: 2,
  symptomReferencePrior: 0.6,
};

/**
 * Generated reference and changelogs mention everything once; guides explain it. Without a
 * section filter, a guide should win over a reference page with a similar score.
 */
const SECTION_PRIOR: Partial<Record<DocsSection, number>> = {
  'python-api': 0.4,
  'rest-api': 0.45,
  'release-notes': 0.4,
  contribute: 0.6,
  other: 0.8,
};


/**
 * Typo tolerance (edit distance) by word: a word the index does not know is probably
 * misspelled; a rare one may be a misspelling the docs contain too; a common one is spelled
 * as the docs spell it, and expanding it costs the most and mostly adds other words.
 */
const UNKNOWN_WORD_MAX_EDITS = 2;
const RARE_WORD_MAX_EDITS = 1;
/** A known word is rare up to this many postings (documents × fields) in the index. */
const RARE_WORD_POSTINGS = 5;
/**
 * A word in more than this share of the chunks ("prefect" in the Prefect docs) has almost
 * no weight under BM25 (it tells no page from another), yet its postings and its prefix
 * expansions are the costliest part of a query: it is left out when the question has other words.
 */
const COMMON_WORD_SHARE = 0.4;

/** Sections that list what exists rather than explain how to use it. */
const REFERENCE_SECTIONS = new Set<DocsSection>(['cli', 'python-api', 'rest-api', 'api-ref', 'release-notes']);

/** Everyday docs questions (with a typo, a renamed concept, a CLI one) for {@link DocsSearcher.warmUp}. */
const WARM_UP_QUERIES = [
  'deploy a flow to a work pool on kubernetes',
  'retry a failed task with exponential backoff',
  'schedule a deployment with a cron string',
  'cache task results between runs',
  'send a notification when a flow run fails',
  'set the api url in a profile from the command line',
  'migrate an agent and infrastructure block',
  'concurrency limits for taggd tasks',
];

interface PageDocument {
  id: number;
  title: string;
  headings: string;
  description: string;
  path: string;
}

/** Field boosts of the page index and of the page text (see DocsSearcher.pageText; the chunk index's are CHUNK_BOOSTS). */
const PAGE_BOOSTS = { title: 3, headings: 1, description: 1.5, path: 1 };
const PAGE_TEXT_BOOSTS = { headings: 1, body: 1 };


/** The integration a page belongs to, as a query term: `/integrations/prefect-gcp/…` → `gcp`. */
function integrationName(path: string): string {
  const name = path.split('/')[2]?.replace(/^prefect-/, '') ?? '';
  return processTerm(name) ?? name;
}

export class DocsSearcher {
  /** Run a few searches after loading (off only to measure the first searches without it). */
  static warmUpOnLoad = true;
  private readonly pageIndex: CompactIndex;
  /** The chunk index's body and headings grouped by page: a page's whole text as one document. */
  private readonly pageText: CompactIndex;
  private readonly pages: PageInfo[];
  /** By chunk-index short id: the page (its position in `pages`, -1 when unknown). */
  private readonly chunkPage: Int32Array;
  /** By page-index short id: the page's position in `pages`. */
  private readonly pageIndexPage: Int32Array;
  private readonly pagePosition = new Map<number, number>();
  // Per-page accumulators for one query at a time, reset after use.
  private readonly best: Float64Array;
  private readonly second: Float64Array;
  private readonly third: Float64Array;
  private readonly bestChunk: Int32Array;
  private readonly pageScore: Float64Array;
  private readonly pageTextScore: Float64Array;
  private readonly seen: Uint8Array;
  private readonly candidates: Int32Array;

  constructor(
    private readonly store: DocsStore,
    private readonly cli?: CliCatalog,
  ) {
    this.pages = store.pages;
    this.pages.forEach((page, position) => this.pagePosition.set(page.id, position));
    const saved = store.takeCachedPageIndexes();
    this.pageIndex = saved ? CompactIndex.fromParts(saved.pageIndex) : CompactIndex.build(
      this.pages.map((page): PageDocument => ({
        id: page.id,
        title: page.title,
        headings: page.headings.map((heading) => heading.text).join(' \n '),
        description: [page.description, ...page.keywords].join(' '),
        path: page.path.split('/').pop() ?? '',
      })) as unknown as Array<{ id: number } & Record<string, unknown>>,
      ['title', 'headings', 'description', 'path'],
    );
    this.pageIndexPage = Int32Array.from(this.pageIndex.ids, (id) => this.pagePosition.get(id as number) ?? -1);
    this.chunkPage = Int32Array.from(store.index.stored, (fields) => {
      const page = store.page(fields.path as string);
      return page ? this.pagePosition.get(page.id)! : -1;
    });
    this.pageText = saved ? CompactIndex.fromParts(saved.pageText, store.index) : store.index.grouped(this.chunkPage, this.pages.length, ['headings', 'body']);
    const count = this.pages.length;
    this.best = new Float64Array(count);
    this.second = new Float64Array(count);
    this.third = new Float64Array(count);
    this.bestChunk = new Int32Array(count).fill(-1);
    this.pageScore = new Float64Array(count);
    this.pageTextScore = new Float64Array(count);
    this.seen = new Uint8Array(count);
    this.candidates = new Int32Array(count);
    // After the current task: the question that loaded the index is answered first (cold, some 20 ms
    // slower), rather than after ~100 ms of warming up. Unref'd: it never keeps a process alive; a
    // store closed meanwhile (reopened after a rebuild) needs none.
    if (DocsSearcher.warmUpOnLoad) setImmediate(() => store.isOpen && this.warmUp()).unref();
  }

  /** The structures built here and in the store, for saving into the store (search-cache.ts). */
  searchCache(): SearchCache {
    return { chunks: this.store.index.toParts(), pageIndex: this.pageIndex.toParts(), pageText: this.pageText.toParts(true) };
  }

  /**
   * A few searches right after loading compile the scoring loops, so that the next questions of
   * a session are not the slow ones (without it, they take several times longer).
   */
  private warmUp(): void {
    for (const query of WARM_UP_QUERIES) this.search(query, { limit: 5 });
    this.search('configure retries', { limit: 3, section: 'how-to', perSection: true });
  }

  search(query: string, options: DocsSearchOptions = {}): DocsSearchHit[] {
    const limit = options.limit ?? 5;
    if (limit <= 0) return [];
    const section = options.section;
    const ranking = options.ranking ?? DEFAULT_RANKING;
    const expansion = synonymExpansion(query);
    const analysed = analyseQuery(query, ranking.identifierBoost);
    const queryTerms = new Set(analysed.own.map(({ term }) => term));
    let terms: QueryTerm[] = [...analysed.own, ...analysed.expansion.map((term) => ({ term, boost: ranking.expansionWeight }))];
    const { intent } = analysed;
    const { best, second, third, bestChunk, pageScore, pageTextScore, seen, candidates } = this;
    let candidateCount = 0;
    const touch = (position: number) => {
      if (seen[position]) return;
      seen[position] = 1;
      candidates[candidateCount++] = position;
    };

    // Chunk evidence per page: the best three chunk scores.
    const common = (term: string) => this.store.index.commonness(term) > COMMON_WORD_SHARE;
    if (analysed.own.some(({ term }) => !common(term))) terms = terms.filter(({ term }) => !common(term));
    const chunks = this.store.index.score(this.termQueries(terms, this.store.index), CHUNK_BOOSTS);
    for (let i = 0; i < chunks.count; i++) {
      const doc = chunks.docs[i]!;
      const position = this.chunkPage[doc]!;
      if (position < 0 || (section && this.pages[position]!.section !== section)) continue;
      const score = chunks.scores[i]!;
      touch(position);
      if (score > best[position]!) {
        third[position] = second[position]!;
        second[position] = best[position]!;
        best[position] = score;
        bestChunk[position] = doc;
      } else if (score > second[position]!) {
        third[position] = second[position]!;
        second[position] = score;
      } else if (score > third[position]!) third[position] = score;
    }
    const perSectionChunks = options.perSection ? { docs: chunks.docs.slice(0, chunks.count), scores: chunks.scores.slice(0, chunks.count) } : undefined;
    const pageHits = this.pageIndex.score(this.termQueries(terms, this.pageIndex), PAGE_BOOSTS);
    for (let i = 0; i < pageHits.count; i++) {
      const position = this.pageIndexPage[pageHits.docs[i]!]!;
      if (position < 0) continue;
      touch(position);
      pageScore[position] = pageHits.scores[i]!;
    }
    if (ranking.pageTextWeight > 0) {
      const textHits = this.pageText.score(this.termQueries(terms, this.pageText), PAGE_TEXT_BOOSTS);
      for (let i = 0; i < textHits.count; i++) {
        const position = textHits.docs[i]!;
        if (section && this.pages[position]!.section !== section) continue;
        touch(position);
        pageTextScore[position] = textHits.scores[i]!;
      }
    }
    const cliHits = this.cliEvidence(query, expansion, queryTerms, section, ranking.expansionWeight);
    for (const position of cliHits.keys()) touch(position);

    // The best `limit` pages (each gives at least one hit), best first; ties keep the first seen.
    const prior = this.priors(intent, section, ranking, new Set([...queryTerms, ...analysed.expansion]));
    const top: Array<{ position: number; score: number; command?: CliCommandInfo }> = [];
    let bestGuide: { position: number; score: number } | undefined;
    for (let i = 0; i < candidateCount; i++) {
      const position = candidates[i]!;
      const page = this.pages[position]!;
      if (section && page.section !== section) continue;
      // The best section counts fully; further matching sections add diminishing evidence.
      const chunkScore = best[position]! + ranking.secondaryWeight * (second[position]! + 0.5 * third[position]!);
      const command = cliHits.get(position);
      const cliScore = command ? ranking.cliWeight * command.score : 0;
      const score = (chunkScore + ranking.pageIndexWeight * pageScore[position]! + ranking.pageTextWeight * Math.min(pageTextScore[position]!, ranking.pageTextCap * best[position]!) + cliScore) * prior(page);
      if (!REFERENCE_SECTIONS.has(page.section) && !(score <= (bestGuide?.score ?? 0))) bestGuide = { position, score };
      if (top.length >= limit && !(score > top[top.length - 1]!.score)) continue;
      let at = top.length;
      while (at > 0 && score > top[at - 1]!.score) at--;
      top.splice(at, 0, { position, score, command: command && cliScore >= best[position]! ? command.info : undefined });
      if (top.length > limit) top.pop();
    }
    // A question that asks for no command is answered by a guide first when one matches, whatever the scores.
    if (!section && !intent.cli && bestGuide && top.length > 0 && this.pages[top[0]!.position]!.section === 'cli') {
      const guide = bestGuide.position;
      const at = top.findIndex((entry) => entry.position === guide);
      if (at >= 0) top.splice(at, 1);
      else if (top.length >= limit) top.pop();
      top.unshift({ position: guide, score: top[0]?.score ?? bestGuide.score });
    }
    const bestChunks = top.map(({ position }) => bestChunk[position]!);
    for (let i = 0; i < candidateCount; i++) {
      const position = candidates[i]!;
      seen[position] = 0;
      best[position] = second[position] = third[position] = pageScore[position] = pageTextScore[position] = 0;
      bestChunk[position] = -1;
    }

    const snippetTerms = [...queryTerms];
    const hits: DocsSearchHit[] = [];
    top.forEach(({ position, score, command }, rank) => {
      if (hits.length >= limit) return;
      const page = this.pages[position]!;
      if (command && !options.perSection) {
        // The page won on one command's reference: point at that command.
        const reference = `${command.usage}\n\n${command.description}\n\n${command.options.map((o) => `${o.name}: ${o.help}`).join('\n')}`;
        hits.push({
          title: page.title,
          url: command.url,
          path: page.path,
          breadcrumb: [page.breadcrumb, command.command].filter(Boolean).join(' › '),
          snippet: snippetFor(reference, snippetTerms),
          score: Math.round(score * 100) / 100,
          ...(options.passages ? { passage: cutText(reference, PASSAGE_CHARS) } : {}),
        });
        return;
      }
      const chunkIdsToShow = perSectionChunks ? this.pageChunks(position, perSectionChunks) : bestChunks[rank]! >= 0 ? [this.store.index.ids[bestChunks[rank]!] as number] : [];
      if (chunkIdsToShow.length === 0) chunkIdsToShow.push(...this.store.chunks(page).slice(0, 1).map((chunk) => chunk.id));
      for (const chunkId of chunkIdsToShow) {
        if (hits.length >= limit) break;
        const chunk = this.store.chunk(chunkId);
        hits.push({
          title: page.title,
          url: chunk?.anchor ? `${page.url}#${chunk.anchor}` : page.url,
          path: page.path,
          breadcrumb: [page.breadcrumb, chunk?.heading].filter(Boolean).join(' › '),
          snippet: chunk ? snippetOf(this.store.chunkText(chunk), snippetTerms) : page.description,
          score: Math.round(score * 100) / 100,
          ...(options.passages ? { passage: cutText(chunk?.markdown.trim() ?? page.description, PASSAGE_CHARS) } : {}),
        });
      }
    });
    return hits;
  }

  /** The page's matching chunks (chunk ids), best first. */
  private pageChunks(position: number, chunks: { docs: Int32Array; scores: Float64Array }): number[] {
    const matching: Array<[number, number]> = [];
    for (let i = 0; i < chunks.docs.length; i++) if (this.chunkPage[chunks.docs[i]!] === position) matching.push([chunks.scores[i]!, chunks.docs[i]!]);
    return matching.sort((a, b) => b[0] - a[0]).map(([, doc]) => this.store.index.ids[doc] as number);
  }

  /**
   * Prefix matching and typo tolerance as the index's MiniSearch options say, except that
   * typo tolerance is only for words the index does not know or rarely uses: a known word is
   * spelled as the docs spell it, and fuzzy expansion of it costs the most and adds noise.
   */
  private termQueries(terms: QueryTerm[], index: CompactIndex): TermQuery[] {
    return terms.map(({ term, boost }) => ({ term, boost, prefix: prefixMatches(term), fuzzy: this.fuzziness(term, index) }));
  }

  /** The edit distance allowed for a word (the shared rule's share of its length, at most as above). */
  private fuzziness(term: string, index: CompactIndex): number | false {
    const share = fuzzyShare(term);
    if (share === false) return false;
    const edits = Math.round(term.length * share);
    if (!index.has(term)) return Math.min(UNKNOWN_WORD_MAX_EDITS, edits);
    return index.frequency(term) <= RARE_WORD_POSTINGS ? Math.min(RARE_WORD_MAX_EDITS, edits) : false;
  }



  /**
   * The CLI reference as structured commands is sharper evidence than its long pages: a
   * question matching one command's description and flags lifts that command's page.
   * Keyed by the page's position in `pages`.
   */
  private cliEvidence(query: string, expansion: string, queryTerms: Set<string>, section: DocsSection | undefined, expansionWeight: number): Map<number, { info: CliCommandInfo; score: number }> {
    const evidence = new Map<number, { info: CliCommandInfo; score: number }>();
    if (!this.cli || (section && section !== 'cli')) return evidence;
    const boostTerm = (term: string) => (queryTerms.has(term) ? 1 : expansionWeight);
    // Typo tolerance as for the chunks (the command reference is part of the docs vocabulary).
    const fuzzy = (term: string) => this.fuzziness(term, this.store.index);
    for (const { info, score } of this.cli.scored(expansion ? `${query} ${expansion}` : query, 3, { boostTerm, fuzzy })) {
      const page = this.store.page(info.pagePath);
      const position = page && this.pagePosition.get(page.id);
      if (position !== undefined && !evidence.has(position)) evidence.set(position, { info, score });
    }
    return evidence;
  }

  /**
   * Weights by what a page is for the question asked. `words`: the question's terms with their expansions.
   * An integration package's guides are about one external system (the longest of them match many
   * everyday words), so they come after Prefect's own pages unless the question names the integration.
   */
  private priors(intent: QueryIntent, section: DocsSection | undefined, ranking: RankingParams, words: Set<string>): (page: PageInfo) => number {
    if (section) return () => 1;
    return (page) => {
      let weight = SECTION_PRIOR[page.section] ?? 1;
      if (page.section === 'integrations' && !words.has(integrationName(page.path))) weight = ranking.integrationPrior;
      if (page.section === 'cli') weight = intent.cli ? 1.3 : ranking.cliPrior;
      if (page.section === 'api-ref') weight = intent.config ? 1 : ranking.referencePrior;
      // Integration packages' generated API reference is like the Python API reference.
      if (page.section === 'integrations' && page.path.includes('/api-ref/')) weight = SECTION_PRIOR['python-api']!;
      if (intent.symptom && !intent.cli && !intent.config && REFERENCE_SECTIONS.has(page.section)) weight *= ranking.symptomReferencePrior;
      if (page.hidden) weight *= 0.8;
      return weight;
    };
  }
}
