/**
 * The search cache on the real docs index: a store loaded from its cache answers the
 * dev questions exactly as one loaded from the MiniSearch JSON (same pages, same scores); a
 * cache of another build of the file is ignored; and the server saves the cache into
 * a writable store that lacks it, once the answer that opened it is out.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DocsSearcher } from '../../src/docs/search.js';
import { writeSearchCache } from '../../src/docs/search-cache.js';
import { DocsService } from '../../src/docs/service.js';
import { DocsStore } from '../../src/docs/store.js';
import { DEV_QUESTIONS } from '../helpers/dev-recall.js';
import { docsStore } from './docs-store.js';

const dir = mkdtempSync(join(tmpdir(), 'prefect-mcp-search-cache-'));
const questions = readFileSync(DEV_QUESTIONS, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => (JSON.parse(line) as { query: string }).query);

/** A copy of the test index without a search cache: the shared one may have gained one from a server. */
async function storeCopy(name: string): Promise<string> {
  const path = join(dir, name);
  copyFileSync(await docsStore(), path);
  const db = new Database(path);
  db.exec('DROP TABLE IF EXISTS search_cache');
  db.close();
  return path;
}

function answers(path: string): { fromCache: boolean; hits: string[] } {
  const store = new DocsStore(path);
  try {
    const searcher = new DocsSearcher(store);
    return { fromCache: store.fromSearchCache, hits: questions.map((query) => JSON.stringify(searcher.search(query, { limit: 10 }).map((hit) => [hit.url, hit.score]))) };
  } finally {
    store.close();
  }
}

describe('search cache', { timeout: 600_000 }, () => {
  it('a store loaded from its cache answers as one loaded from the JSON index; another build ignores it', async () => {
    const path = await storeCopy('docs.sqlite');
    const fromJson = answers(path);
    assert.equal(fromJson.fromCache, false);
    const store = new DocsStore(path);
    try {
      writeSearchCache(path, store.meta.built_at!, new DocsSearcher(store).searchCache());
    } finally {
      store.close();
    }
    const fromCache = answers(path);
    assert.equal(fromCache.fromCache, true);
    assert.deepEqual(fromCache.hits, fromJson.hits);

    const db = new Database(path);
    db.prepare("UPDATE meta SET value = '2000-01-01T00:00:00.000Z' WHERE key = 'built_at'").run();
    db.close();
    assert.equal(answers(path).fromCache, false, 'a cache of another build is not used');
  });

  it('the server saves a search cache into a writable store that has none, after the first answer', async () => {
    const path = await storeCopy('served.sqlite');
    const docs = new DocsService({ dbPath: path, source: 'https://docs.prefect.io', autoBuild: false, maxAgeDays: 14, cacheDir: join(dirname(path), 'cache') });
    const first = docs.search('retry a failed task');
    assert.ok(first && first.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const store = new DocsStore(path);
    try {
      assert.ok(store.fromSearchCache, 'saved after the answer');
    } finally {
      store.close();
    }
    assert.deepEqual(docs.search('retry a failed task'), first, 'the same answers after the save');
  });
});
