/**
 * The MiniSearch options shared by the indexer (which serializes the index into the
 * store) and the docs tools (which load it). Both sides must use exactly these options:
 * a change to the tokenizer or term processing needs a rebuild (bump SCHEMA_VERSION).
 */
import MiniSearch, { type Options } from 'minisearch';
import { stemmer } from 'stemmer';

/** One indexed document: a chunk of a page. */
export interface SearchDocument {
  id: number; // chunks.id
  title: string; // page title
  headings: string; // heading path below the title, joined
  body: string; // chunk markdown, stripped of markup
  keywords: string; // page keywords and description
  path: string; // page path, for filtering and grouping
  section: string;
}

/** Words that carry no meaning in a docs question ("how do I ... in my ..."). */
const STOP_WORDS = new Set(
  ('a an and are as at be but by can could do does did for from had has have how i if in into is it its just me my ' +
    'no not of on or our should so such than that the their them then there these they this those to too us was we ' +
    'were what when where which while who why will with without would you your want need get').split(' '),
);

/**
 * Identifiers keep their meaning as a whole and in parts: `read_flow_runs`, `work-pool`,
 * `prefect.runtime` and `--show-defaults` are indexed as the compound and as each word, so
 * both "read_flow_runs" and "read flow runs" find them.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.split(/[^\p{L}\p{N}_.\-/]+/u)) {
    const word = raw.replace(/^[_.\-/]+|[_.\-/]+$/g, '');
    if (!word) continue;
    const parts = word.split(/[_.\-/]+/).filter(Boolean);
    if (parts.length > 1) tokens.push(word);
    tokens.push(...parts);
  }
  return tokens;
}

/** Lower-cases, drops stop words and stems plain words so "schedules" finds "schedule". */
export function processTerm(term: string): string | null {
  const known = processed.get(term);
  if (known !== undefined) return known;
  const lower = term.toLowerCase();
  const result = STOP_WORDS.has(lower) ? null : /^[a-z]+$/.test(lower) && lower.length > 3 ? stemmer(lower) : lower;
  // Stemming is the costly part of tokenizing queries and snippets; words recur.
  if (processed.size >= PROCESSED_CACHE_SIZE) processed.clear();
  processed.set(term, result);
  return result;
}

const PROCESSED_CACHE_SIZE = 50_000;
const processed = new Map<string, string | null>();

/** How much a match in each field of a chunk counts. */
export const CHUNK_BOOSTS = { title: 3, headings: 2, keywords: 2, body: 1 };

/** Words of four letters or more also match longer words they start ("sched" → "schedule"). */
export function prefixMatches(term: string): boolean {
  return term.length >= 4;
}

/** Words of five letters or more tolerate typos: up to this share of their length in edits. */
export const FUZZY_MIN_LENGTH = 5;
export const FUZZY_SHARE = 0.2;
/**
 * No word longer than this has typos worth correcting: the docs' longest identifiers are
 * shorter, and edit distance against a word costs memory in proportion to its length
 * (a single 100,000-character word would need gigabytes).
 */
export const FUZZY_MAX_LENGTH = 48;

/** MiniSearch's `fuzzy` option for {@link FUZZY_MIN_LENGTH}, {@link FUZZY_MAX_LENGTH} and {@link FUZZY_SHARE}. */
export function fuzzyShare(term: string): number | false {
  return term.length >= FUZZY_MIN_LENGTH && term.length <= FUZZY_MAX_LENGTH ? FUZZY_SHARE : false;
}

export const SEARCH_OPTIONS: Options<SearchDocument> = {
  fields: ['title', 'headings', 'body', 'keywords'],
  storeFields: ['path', 'section'],
  tokenize,
  processTerm,
  searchOptions: {
    boost: CHUNK_BOOSTS,
    prefix: prefixMatches,
    fuzzy: fuzzyShare,
  },
};

export function buildSearchIndexJson(documents: SearchDocument[]): string {
  const index = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  index.addAll(documents);
  return JSON.stringify(index);
}

export function loadSearchIndex(json: string): MiniSearch<SearchDocument> {
  return MiniSearch.loadJSON<SearchDocument>(json, SEARCH_OPTIONS);
}
