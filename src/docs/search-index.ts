/**
 * The MiniSearch options shared by the indexer (which serializes the index into the
 * store) and the docs tools (which load it). Both sides must use exactly these options.
 */
import MiniSearch, { type Options } from 'minisearch';

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

export const SEARCH_OPTIONS: Options<SearchDocument> = {
  fields: ['title', 'headings', 'body', 'keywords'],
  storeFields: ['path', 'section'],
  searchOptions: {
    boost: { title: 3, headings: 2, keywords: 2, body: 1 },
    prefix: true,
    fuzzy: 0.2,
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
