/**
 * The docs store opened read-only: one per process, shared by every request. Small
 * tables (pages without their markdown, CLI commands, redirects) are held in memory;
 * page and chunk text is read from SQLite when asked for.
 */
import Database from 'better-sqlite3';
import { normalizePath } from '../docs-model/paths.js';
import { resolveRedirect, type Redirect } from '../docs-model/redirects.js';
import { SCHEMA_VERSION, type CliArgument, type CliCommandInfo, type CliOption, type CliUsageExample, type CliUsageInfo, type DocsSection, type PageHeading } from '../docs-model/schema.js';
import { CompactIndex } from './compact-index.js';
import { snippetText } from './snippet.js';
import { readSearchCache, type SearchCache } from './search-cache.js';

export interface PageInfo {
  id: number;
  path: string;
  url: string;
  title: string;
  description: string;
  breadcrumb: string;
  section: DocsSection;
  keywords: string[];
  hidden: boolean;
  headings: PageHeading[];
}

export interface ChunkRow {
  id: number;
  pageId: number;
  ord: number;
  anchor: string;
  heading: string;
  headingPath: string[];
  markdown: string;
}

/** The SQLite page cache of the open store (see the constructor). */
const PAGE_CACHE_KIB = 1024;

export class SchemaMismatchError extends Error {}

export class DocsStore {
  readonly meta: Record<string, string>;
  readonly pages: PageInfo[];
  readonly cliCommands: CliCommandInfo[];
  /** What the guides' shell blocks show of each command they run. */
  readonly cliUsage: CliUsageInfo[];
  /** The chunk index (stored as MiniSearch JSON), flattened for fast scoring. */
  readonly index: CompactIndex;
  /** Whether the search structures came from the store's search cache (search-cache.ts) rather than the JSON index. */
  readonly fromSearchCache: boolean;
  /** The cache's page-level indexes, until the searcher takes them (then garbage: they are copied). */
  private cachedPageIndexes: Pick<SearchCache, 'pageIndex' | 'pageText'> | undefined;
  private readonly db: Database.Database;
  private readonly byPath = new Map<string, PageInfo>();
  private readonly byId = new Map<number, PageInfo>();
  private readonly redirects: Redirect[];
  private readonly chunkStatement: Database.Statement;
  private readonly pageChunksStatement: Database.Statement;
  private readonly markdownStatement: Database.Statement;
  private readonly chunkCache = new Map<number, ChunkRow>();
  private readonly chunkTextCache = new Map<number, string>();

  constructor(readonly dbPath: string) {
    this.db = new Database(dbPath, { readonly: true, fileMustExist: true });
    // better-sqlite3 defaults to a 16 MB page cache. Reads here are point lookups by id (a few
    // B-tree pages each, the interior ones hot) and one pass over the small tables at open; the
    // OS keeps the file cached anyway, so a large cache only duplicates the file in our RSS.
    this.db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    try {
      this.meta = Object.fromEntries(
        (this.db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((row) => [row.key, row.value]),
      );
      if (Number(this.meta.schema_version) !== SCHEMA_VERSION) {
        throw new SchemaMismatchError(`docs index schema ${this.meta.schema_version ?? '(none)'} does not match this prefect-mcp (${SCHEMA_VERSION})`);
      }
      this.pages = (this.db.prepare('SELECT id, path, url, title, description, breadcrumb, section, keywords, hidden, headings FROM pages ORDER BY path').all() as Array<Record<string, unknown>>).map(
        (row) => ({
          id: row.id as number,
          path: row.path as string,
          url: row.url as string,
          title: row.title as string,
          description: row.description as string,
          breadcrumb: row.breadcrumb as string,
          section: row.section as DocsSection,
          keywords: JSON.parse(row.keywords as string) as string[],
          hidden: row.hidden === 1,
          headings: JSON.parse(row.headings as string) as PageHeading[],
        }),
      );
      for (const page of this.pages) {
        this.byPath.set(page.path, page);
        this.byId.set(page.id, page);
      }
      this.cliCommands = (this.db.prepare('SELECT * FROM cli_commands ORDER BY command').all() as Array<Record<string, unknown>>).map((row) => ({
        command: row.command as string,
        parent: (row.parent as string | null) ?? null,
        usage: row.usage as string,
        description: row.description as string,
        arguments: JSON.parse(row.arguments as string) as CliArgument[],
        options: JSON.parse(row.options as string) as CliOption[],
        examples: JSON.parse(row.examples as string) as string[],
        url: row.url as string,
        pagePath: row.page_path as string,
        aliasOf: (row.alias_of as string | null) ?? null,
      }));
      this.cliUsage = (this.db.prepare('SELECT * FROM cli_usage ORDER BY command').all() as Array<Record<string, unknown>>).map((row) => ({
        command: row.command as string,
        flags: JSON.parse(row.flags as string) as string[],
        examples: JSON.parse(row.examples as string) as CliUsageExample[],
        documented: row.documented === 1,
      }));
      this.redirects = this.db.prepare('SELECT source, destination FROM redirects').all() as Redirect[];
      const cache = readSearchCache(this.db, this.meta.built_at ?? '');
      this.fromSearchCache = cache !== undefined;
      this.cachedPageIndexes = cache && { pageIndex: cache.pageIndex, pageText: cache.pageText };
      this.index = cache ? CompactIndex.fromParts(cache.chunks) : this.indexFromJson();
      this.chunkStatement = this.db.prepare('SELECT * FROM chunks WHERE id = ?');
      this.pageChunksStatement = this.db.prepare('SELECT * FROM chunks WHERE page_id = ? ORDER BY ord');
      this.markdownStatement = this.db.prepare('SELECT markdown FROM pages WHERE id = ?');
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /** The page index and page text from the search cache, once (DocsSearcher builds them otherwise). */
  takeCachedPageIndexes(): Pick<SearchCache, 'pageIndex' | 'pageText'> | undefined {
    const cached = this.cachedPageIndexes;
    this.cachedPageIndexes = undefined;
    return cached;
  }

  private indexFromJson(): CompactIndex {
    // As bytes: the JSON as a JS string would be twice as large while loading (see CompactIndex.fromJson).
    const indexRow = (this.db.prepare("SELECT CAST(json AS BLOB) AS json FROM search_index WHERE name = 'chunks'").get() ??
      this.db.prepare('SELECT CAST(json AS BLOB) AS json FROM search_index LIMIT 1').get()) as { json: Buffer | null } | undefined;
    const json = indexRow?.json;
    if (!json) throw new Error('the store has no search index');
    return CompactIndex.fromJson(json);
  }

  page(path: string): PageInfo | undefined {
    return this.byPath.get(path);
  }

  pageById(id: number): PageInfo | undefined {
    return this.byId.get(id);
  }

  /** A path, a docs URL, `/dir` for `/dir/index`, or an old path the site redirects. */
  resolvePath(input: string): PageInfo | undefined {
    const path = normalizePath(/^https?:\/\//i.test(input) ? new URL(input).pathname : input.trim());
    const exists = (candidate: string) => this.byPath.has(candidate) || this.byPath.has(`${candidate}/index`);
    const resolved = exists(path) ? path : resolveRedirect(path, this.redirects, exists);
    if (resolved === undefined) return undefined;
    return this.byPath.get(resolved) ?? this.byPath.get(`${resolved}/index`);
  }

  markdown(page: PageInfo): string {
    return (this.markdownStatement.get(page.id) as { markdown: string }).markdown;
  }

  /** Chunks are read for every search hit; the store is immutable while open, so each is read once. */
  chunk(id: number): ChunkRow | undefined {
    const cached = this.chunkCache.get(id);
    if (cached) return cached;
    const row = this.chunkStatement.get(id) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    const chunk = toChunk(row);
    this.chunkCache.set(id, chunk);
    return chunk;
  }

  /** A chunk's text as snippets read it (markdown stripped), computed once per chunk. */
  chunkText(chunk: ChunkRow): string {
    let text = this.chunkTextCache.get(chunk.id);
    if (text === undefined) {
      text = snippetText(chunk.markdown);
      this.chunkTextCache.set(chunk.id, text);
    }
    return text;
  }

  chunks(page: PageInfo): ChunkRow[] {
    return (this.pageChunksStatement.all(page.id) as Array<Record<string, unknown>>).map(toChunk);
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    this.db.close();
  }
}

function toChunk(row: Record<string, unknown>): ChunkRow {
  return {
    id: row.id as number,
    pageId: row.page_id as number,
    ord: row.ord as number,
    anchor: row.anchor as string,
    heading: row.heading as string,
    headingPath: JSON.parse(row.heading_path as string) as string[],
    markdown: row.markdown as string,
  };
}
