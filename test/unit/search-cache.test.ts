/**
 * The search cache (src/docs/search-cache.ts) round trip on small in-memory indexes:
 * an index read back from its encoded parts scores every query exactly as the one it was
 * saved from, including an index sharing another's vocabulary; a cache of another format, or with
 * an array row missing, is refused. The real store's round trip is in test/docs/search-cache.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompactIndex, type TermQuery } from '../../src/docs/compact-index.js';
import { decodeSearchCache, encodeSearchCache } from '../../src/docs/search-cache.js';
import { processTerm } from '../../src/docs-model/search-index.js';

const DOCUMENTS = [
  { id: 11, title: 'Retries', body: 'Retry a failed task with exponential backoff and jitter.', path: '/v3/how-to/retries' },
  { id: 12, title: 'Work pools', body: 'A work pool routes flow runs to workers; workers poll the pool.', path: '/v3/concepts/work-pools' },
  { id: 13, title: 'Deployments', body: 'Deploy a flow to a work pool and schedule it with cron.', path: '/v3/concepts/deployments' },
  { id: 14, title: 'Caching', body: 'Cache task results between runs with a cache policy.', path: '/v3/concepts/caching' },
];
/** Words as the index stores them (stemmed), with prefix and typo expansions. */
const QUERIES: TermQuery[][] = ([
  [{ term: 'retry', boost: 1, prefix: true, fuzzy: false }],
  [{ term: 'pool', boost: 1, prefix: false, fuzzy: false }, { term: 'work', boost: 0.5, prefix: true, fuzzy: 0.2 }],
  [{ term: 'cahce', boost: 1, prefix: false, fuzzy: 2 }],
  [{ term: 'deploy', boost: 1, prefix: true, fuzzy: 1 }],
] as TermQuery[][]).map((query) => query.map((term) => ({ ...term, term: processTerm(term.term) ?? term.term })));

function scores(index: CompactIndex, boosts: Record<string, number>): Array<Array<[number | string, number]>> {
  return QUERIES.map((query) => {
    const { count, docs, scores: values } = index.score(query, boosts);
    return Array.from({ length: count }, (_, i): [number | string, number] => [index.ids[docs[i]!]!, values[i]!]).sort((a, b) => Number(a[0]) - Number(b[0]));
  });
}

test('an index read back from a search cache scores as the one saved, its shared-vocabulary companion too', () => {
  const chunks = CompactIndex.build(DOCUMENTS, ['title', 'body']);
  const byPath = chunks.grouped(Int32Array.from([0, 1, 1, 0]), 2, ['body']);
  const rows = encodeSearchCache({ chunks: chunks.toParts(), pageIndex: chunks.toParts(), pageText: byPath.toParts(true) });
  // As SQLite hands rows back (each in a buffer of its own), and at an offset no array type is aligned to.
  const read = decodeSearchCache((index) => rows[index] && Buffer.from(rows[index]!))!;
  const misaligned = decodeSearchCache((index) => rows[index] && Buffer.concat([Buffer.alloc(1), rows[index]!]).subarray(1))!;
  assert.deepEqual(misaligned, read);
  assert.equal(read.pageText.terms.length, 0, 'the companion does not repeat the vocabulary');
  const chunksBack = CompactIndex.fromParts(read.chunks);
  const byPathBack = CompactIndex.fromParts(read.pageText, chunksBack);
  assert.deepEqual(chunksBack.ids, [11, 12, 13, 14]);
  const boosts = { title: 3, body: 1 };
  assert.ok(scores(chunks, boosts).every((hits) => hits.length > 0), 'every query matches something');
  assert.deepEqual(scores(chunksBack, boosts), scores(chunks, boosts));
  assert.deepEqual(scores(byPathBack, { body: 1 }), scores(byPath, { body: 1 }));
});

test('a search cache of another format, or with an array row missing, is refused', () => {
  const rows = encodeSearchCache({ chunks: CompactIndex.build(DOCUMENTS, ['title']).toParts(), pageIndex: CompactIndex.build(DOCUMENTS, ['title']).toParts(), pageText: CompactIndex.build(DOCUMENTS, ['title']).toParts() });
  const header = JSON.parse(Buffer.from(rows[0]!).toString('utf8')) as { format: number };
  const otherFormat = [Buffer.from(JSON.stringify({ ...header, format: header.format + 1 })), ...rows.slice(1)];
  assert.equal(decodeSearchCache((index) => otherFormat[index]), undefined);
  assert.equal(decodeSearchCache((index) => (index === rows.length - 1 ? undefined : rows[index])), undefined);
  assert.ok(decodeSearchCache((index) => rows[index]));
});
