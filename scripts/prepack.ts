/**
 * `npm pack` / `npm publish` (prepack): the package ships a prebuilt docs index, so a fresh
 * install answers docs questions at once, offline. Built from PREFECT_MCP_DOCS_SOURCE (the
 * docs/ folder of a Prefect checkout, or the site URL) into data/prefect-docs.sqlite, with
 * its search cache (src/docs/search-cache.ts) so the first search loads fast.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { buildIndex } from '../index-builder/build.js';
import { createProgressReporter } from '../index-builder/progress.js';
import { defaultDocsDbPath } from '../src/paths.js';
import { DocsSearcher } from '../src/docs/search.js';
import { writeSearchCache } from '../src/docs/search-cache.js';
import { DocsStore } from '../src/docs/store.js';

const out = defaultDocsDbPath();
const source = process.env.PREFECT_MCP_DOCS_SOURCE;

function describe(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const meta = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((row) => [row.key, row.value]));
    return `${meta.page_count} pages, ${meta.cli_count} CLI commands, docs of ${(meta.docs_date ?? '').slice(0, 10) || 'unknown date'}${meta.docs_commit ? ` (commit ${meta.docs_commit.slice(0, 7)})` : ''}, newest release ${meta.newest_version || 'unknown'}, from ${meta.source}`;
  } finally {
    db.close();
  }
}

/** Loads the store as the server does and saves what it built, so the server can skip building it. */
function saveSearchCache(file: string): void {
  DocsSearcher.warmUpOnLoad = false;
  let store: DocsStore;
  try {
    store = new DocsStore(file);
  } catch (error) {
    process.stderr.write(`prepack: the docs index at ${file} cannot be shipped: ${(error as Error).message}. Rebuild it with PREFECT_MCP_DOCS_SOURCE set.\n`);
    process.exit(1);
  }
  try {
    if (!store.fromSearchCache) writeSearchCache(file, store.meta.built_at ?? '', new DocsSearcher(store).searchCache());
  } finally {
    store.close();
  }
}

if (!source) {
  if (!existsSync(out)) {
    process.stderr.write(
      `prepack: no docs index to ship at ${out}. Set PREFECT_MCP_DOCS_SOURCE to the docs/ folder of a Prefect checkout (or https://docs.prefect.io) and pack again, e.g.\n  PREFECT_MCP_DOCS_SOURCE=/path/to/prefect/docs npm pack\n`,
    );
    process.exit(1);
  }
  process.stderr.write(`prepack: PREFECT_MCP_DOCS_SOURCE is not set; shipping the existing index: ${describe(out)}\n`);
} else {
  const reporter = createProgressReporter();
  try {
    reporter.finish(await buildIndex({ source, out, onProgress: reporter.update }));
  } catch (error) {
    reporter.fail(error as Error);
    process.exit(1);
  }
  process.stderr.write(`prepack: shipping ${describe(out)}\n`);
}
saveSearchCache(out);
