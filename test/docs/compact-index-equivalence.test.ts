/**
 * CompactIndex re-implements MiniSearch's scoring (BM25+ per field with boosts, prefix and
 * fuzzy expansions and their weights, the matched-terms multiplier) over the serialized
 * index, for speed. This compares the two engines on the real docs index: for a few hundred
 * queries taken from the corpus's own page titles and headings (every n-th, not hand-picked),
 * both must return the same documents with the same scores (float tolerance), so the same
 * ranking. It compares the engines only; the ranking on top of them (src/docs/search.ts) is
 * tested separately.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CompactIndex } from '../../src/docs/compact-index.js';
import { CHUNK_BOOSTS, fuzzyShare, loadSearchIndex, prefixMatches, processTerm, tokenize } from '../../src/docs-model/search-index.js';
import { docsStore } from './docs-store.js';

const QUERY_COUNT = 300;
const TOP = 20;
const RELATIVE_TOLERANCE = 1e-9;

/** Page titles and h2/h3 headings, deduplicated and sorted, then every n-th for QUERY_COUNT queries. */
function corpusQueries(db: Database.Database): string[] {
  const texts = new Set<string>();
  for (const row of db.prepare('SELECT title, headings FROM pages ORDER BY path').all() as Array<{ title: string; headings: string }>) {
    texts.add(row.title);
    for (const heading of JSON.parse(row.headings) as Array<{ text: string }>) texts.add(heading.text);
  }
  const usable = [...texts].filter((text) => tokenize(text).some((token) => processTerm(token) !== null)).sort();
  const step = Math.max(1, Math.floor(usable.length / QUERY_COUNT));
  return usable.filter((_, i) => i % step === 0).slice(0, QUERY_COUNT);
}

const close = (a: number, b: number) => Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b), 1);
/** Best first; equal scores by id, so the order does not depend on either engine's tie-breaking. */
const ranked = (hits: Array<{ id: number; score: number }>) => [...hits].sort((a, b) => b.score - a.score || a.id - b.id);

describe('CompactIndex scores exactly as MiniSearch on the real docs index', { timeout: 900_000 }, () => {
  it(`same documents, scores and ranking for ${QUERY_COUNT} corpus queries`, async () => {
    const db = new Database(await docsStore(), { readonly: true });
    const json = (db.prepare("SELECT json FROM search_index WHERE name = 'chunks'").get() as { json: string }).json;
    const queries = corpusQueries(db);
    db.close();
    assert.ok(queries.length >= QUERY_COUNT * 0.9, `only ${queries.length} queries from the corpus`);
    const minisearch = loadSearchIndex(json);
    const compact = CompactIndex.fromJson(json);
    let compared = 0;
    let withHits = 0;
    for (const query of queries) {
      const expected = ranked(
        minisearch.search(query, { boost: CHUNK_BOOSTS, prefix: prefixMatches, fuzzy: fuzzyShare, combineWith: 'OR' }).map((hit) => ({ id: hit.id as number, score: hit.score })),
      );
      const terms = tokenize(query).map(processTerm).filter((term): term is string => term !== null);
      const scored = compact.score(terms.map((term) => ({ term, boost: 1, prefix: prefixMatches(term), fuzzy: fuzzyShare(term) })), CHUNK_BOOSTS);
      const actual = ranked(Array.from({ length: scored.count }, (_, i) => ({ id: compact.ids[scored.docs[i]!] as number, score: scored.scores[i]! })));
      assert.equal(actual.length, expected.length, `"${query}": ${actual.length} documents, MiniSearch ${expected.length}`);
      const expectedScores = new Map(expected.map((hit) => [hit.id, hit.score]));
      for (const hit of actual) {
        const want = expectedScores.get(hit.id);
        assert.ok(want !== undefined && close(hit.score, want), `"${query}": document ${hit.id} scored ${hit.score}, MiniSearch ${want}`);
      }
      // Same ranking: the top ids agree (ties are broken by id on both sides).
      assert.deepEqual(actual.slice(0, TOP).map((hit) => hit.id), expected.slice(0, TOP).map((hit) => hit.id), `"${query}": top ${TOP} differ`);
      compared++;
      if (expected.length > 0) withHits++;
    }
    assert.equal(compared, queries.length);
    assert.ok(withHits >= queries.length * 0.9, `only ${withHits} of ${queries.length} queries matched anything: the comparison would be empty`);
  });
});
