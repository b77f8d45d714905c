/**
 * buildIndex: source → Pages → chunks, CLI commands, redirects, search index → store.
 * A library function: it never writes to stdout (the server calls it for its background
 * build while stdout carries the MCP protocol); progress goes to `onProgress`.
 */
import { resolve } from 'node:path';
import pLimit from 'p-limit';
import type { BuildPhase, BuildProgress, BuildRequest, BuildSummary, FailedPage } from '../src/docs-model/build.js';
import { SCHEMA_VERSION } from '../src/docs-model/schema.js';
import { newestPrefectRelease } from '../src/docs-model/releases.js';
import { contentHash, type PageResult } from './page.js';
import { analyzeMarkdown } from './chunk.js';
import { CLI_MODULE_PREFIX, CLI_PREFIX, cliModuleGroups, extractCliCommands, markAliases } from './cli-extract.js';
import { collectCliUsage, extractCliInvocations, NOT_GUIDE_SECTIONS, referenceTree } from './cli-usage-extract.js';
import { StoreWriter } from './store-writer.js';
import { LocalMdxSource } from './sources/local-mdx.js';
import { WebSource, type WebSourceOptions } from './sources/web.js';
import type { PageSource } from './sources/source.js';
import { isUrl } from '../src/docs-model/paths.js';
import { DEFAULT_CONCURRENCY } from './defaults.js';

/** More failures than this share of pages fails the build rather than ship a gutted store. */
export const MAX_FAILURE_SHARE = 0.05;

export type { BuildPhase, BuildProgress, BuildSummary, FailedPage } from '../src/docs-model/build.js';

export interface BuildOptions extends BuildRequest {
  concurrency?: number;
  /** Overrides MAX_FAILURE_SHARE (0..1). */
  maxFailureShare?: number;
  /** Timeouts and retry policy of the web source. */
  web?: Partial<Omit<WebSourceOptions, 'concurrency'>>;
}

export class BuildFailedError extends Error {
  constructor(message: string, readonly failed: FailedPage[]) {
    super(message);
    this.name = 'BuildFailedError';
  }
}

export function createSource(source: string, options: { concurrency: number; web?: BuildOptions['web'] }): PageSource {
  return isUrl(source) ? new WebSource(source, { ...options.web, concurrency: options.concurrency }) : new LocalMdxSource(resolve(source));
}

export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const started = Date.now();
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const kind = isUrl(options.source) ? 'web' : 'local';
  const source = createSource(options.source, { concurrency, web: options.web });
  const out = resolve(options.out);
  let writer: StoreWriter;
  try {
    writer = StoreWriter.open(out, { refresh: options.refresh === true });
  } catch (error) {
    // An unwritable --out: the source (a local build's render workers) must not keep the process alive.
    await source.close();
    throw new Error(`cannot create the store file ${out}: ${(error as Error).message}`);
  }
  const progress: BuildProgress = { phase: 'discovering', discovered: 0, processed: 0, changed: 0, unchanged: 0, failed: 0, elapsedMs: 0 };
  const report = (phase: BuildPhase) => {
    progress.phase = phase;
    progress.elapsedMs = Date.now() - started;
    const remaining = progress.discovered - progress.processed;
    progress.etaMs = phase === 'fetching' && progress.processed > 0 ? Math.round((progress.elapsedMs / progress.processed) * remaining) : undefined;
    options.onProgress?.({ ...progress });
  };

  try {
    report('discovering');
    const discovered = await source.discover(options.signal);
    options.signal?.throwIfAborted();
    if (discovered.length === 0) throw new BuildFailedError(`no pages found at ${source.label}`, []);
    progress.discovered = discovered.length;
    report('fetching');

    const known = writer.knownPages();
    const failed: FailedPage[] = [];
    const present = new Set<string>();
    const handle = (result: PageResult) => {
      if (result.kind === 'failed') {
        failed.push({ path: result.path, url: result.url, reason: result.reason });
        // A page that failed this time keeps its stored version rather than vanishing.
        present.add(result.path);
        progress.failed++;
      } else if (result.kind === 'not-modified') {
        present.add(result.path);
        writer.touchPage(result.path, result);
        progress.unchanged++;
      } else {
        const { page } = result;
        present.add(page.path);
        const hash = contentHash(page);
        if (known.get(page.path)?.contentHash === hash) {
          writer.touchPage(page.path, page);
          progress.unchanged++;
        } else {
          const { headings, chunks } = analyzeMarkdown(page.markdown, page.title);
          writer.upsertPage(page, hash, headings, chunks);
          progress.changed++;
        }
      }
      progress.processed++;
      report('fetching');
    };
    const limit = pLimit(concurrency);
    await Promise.all(
      discovered.map((item) =>
        limit(async () => {
          options.signal?.throwIfAborted();
          handle(await source.fetch(item, known.get(item.path), options.signal));
        }),
      ),
    );

    const share = options.maxFailureShare ?? MAX_FAILURE_SHARE;
    if (failed.length > discovered.length * share) {
      throw new BuildFailedError(
        `${failed.length} of ${discovered.length} pages failed (more than ${Math.round(share * 100)}%); the previous store was left in place`,
        failed,
      );
    }

    report('indexing');
    const removed = writer.removePagesExcept(present);
    const cliPages = writer.cliPages(CLI_PREFIX).map((page) => ({ page, commands: extractCliCommands(page) }));
    markAliases(cliPages, cliModuleGroups(writer.pagePaths(CLI_MODULE_PREFIX)));
    const referenceCommands = uniqueCommands(cliPages.flatMap((entry) => entry.commands));
    writer.replaceCliCommands(referenceCommands);
    const tree = referenceTree(referenceCommands);
    writer.replaceCliUsage(collectCliUsage(writer.pagesOutside(NOT_GUIDE_SECTIONS).flatMap((page) => extractCliInvocations(page, tree)), tree));
    const redirects = writer.writeRedirects(source.redirects(), { replace: kind === 'local' });
    const contentChanged = progress.changed > 0 || removed.length > 0;
    if (contentChanged || !writer.hasSearchIndex()) writer.rebuildSearchIndex();

    report('writing');
    const counts = writer.counts();
    const provenance = await source.provenance();
    writer.writeMeta({
      schema_version: SCHEMA_VERSION,
      source: source.label,
      built_at: new Date().toISOString(),
      docs_commit: provenance.commit ?? '',
      docs_date: provenance.date,
      newest_version: newestPrefectRelease(writer.pageHeadings('/v3/release-notes/')) ?? '',
      page_count: counts.pages,
      chunk_count: counts.chunks,
      cli_count: counts.cliCommands,
      failed_pages: JSON.stringify(failed),
      site_moved: movedTo(source),
    });
    options.signal?.throwIfAborted();
    writer.commit({ compact: contentChanged && writer.incremental });
    report('done');
    return {
      source: source.label,
      out,
      kind,
      incremental: writer.incremental,
      ...counts,
      redirects,
      changed: progress.changed,
      unchanged: progress.unchanged,
      removed,
      failed,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    writer.abort();
    throw error;
  } finally {
    await source.close();
  }
}

/** 'https://docs.prefect.io → https://www.prefect.io/docs' when the site answered from elsewhere. */
function movedTo(source: PageSource): string | undefined {
  const move = source.siteMove?.();
  return move ? `${move.from} → ${move.to}` : undefined;
}

/** Two pages can document the same command; the first (non-alias) one wins. */
function uniqueCommands<T extends { command: string; aliasOf: string | null }>(commands: T[]): T[] {
  const byName = new Map<string, T>();
  for (const command of commands) {
    const existing = byName.get(command.command);
    if (!existing || (existing.aliasOf && !command.aliasOf)) byName.set(command.command, command);
  }
  return [...byName.values()];
}
