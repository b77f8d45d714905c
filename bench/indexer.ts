/**
 * Indexer benchmark: full build from the local docs snapshot, then a no-change refresh
 * against a localhost copy of the site in docs.prefect.io's shape (every page answers 304). Prints JSON on stdout.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../index-builder/build.js';
import { packageRoot } from '../src/paths.js';
import { corpusSitePages, startDocsSite } from '../test/helpers/docs-site.js';

export async function benchIndexer(): Promise<Record<string, number | string>> {
  const corpus = resolve(packageRoot, '..', 'shared', 'prefect-docs');
  const dir = mkdtempSync(join(tmpdir(), 'prefect-mcp-bench-'));
  try {
    const localOut = join(dir, 'local.sqlite');
    const full = await buildIndex({ source: corpus, out: localOut });

    const site = await startDocsSite({ pages: corpusSitePages(), variant: 'docs' });
    try {
      const webOut = join(dir, 'web.sqlite');
      const crawl = await buildIndex({ source: site.url, out: webOut, concurrency: 16 });
      const refresh = await buildIndex({ source: site.url, out: webOut, concurrency: 16, refresh: true });
      return {
        full_build_local_s: round(full.durationMs / 1000),
        crawl_localhost_s: round(crawl.durationMs / 1000),
        refresh_no_change_localhost_s: round(refresh.durationMs / 1000),
        refresh_unchanged_pages: refresh.unchanged,
        refresh_changed_pages: refresh.changed,
        store_size_mb: round(statSync(localOut).size / 1e6),
        pages: full.pages,
        chunks: full.chunks,
        cli_commands: full.cliCommands,
        redirects: full.redirects,
      };
    } finally {
      await site.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchIndexer(), null, 2));
}
