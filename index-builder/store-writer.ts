/**
 * Writes the docs store. Every build works on a temporary file beside the target and
 * renames it over the target only when complete, so a crash, kill or failed build leaves
 * the previous store serving untouched (rename is atomic on one filesystem).
 */
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SCHEMA_SQL, SCHEMA_VERSION, sectionForPath, type MetaKey } from '../src/docs-model/schema.js';
import { buildSearchIndexJson, type SearchDocument } from '../src/docs-model/search-index.js';
import type { KnownPage, Page } from './page.js';
import type { Chunk } from './chunk.js';
import type { CliPage } from './cli-extract.js';
import { plainText } from '../src/docs-model/plain-text.js';
import type { Redirect } from '../src/docs-model/redirects.js';
import type { CliCommandInfo, CliUsageInfo, PageHeading } from '../src/docs-model/schema.js';

const TEMP_PATTERN = /\.building-(\d+)\.tmp$/;

export class StoreWriter {
  private readonly upsert: Database.Statement;
  private readonly deleteChunks: Database.Statement;
  private readonly insertChunk: Database.Statement;

  private constructor(
    private readonly db: Database.Database,
    readonly tempPath: string,
    readonly outPath: string,
    /** True when the build started from a copy of the previous store. */
    readonly incremental: boolean,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO pages (path, url, canonical_url, title, description, breadcrumb, section, keywords, hidden, markdown, headings, content_hash, etag, last_modified, fetched_at)
       VALUES (@path, @url, @canonicalUrl, @title, @description, @breadcrumb, @section, @keywords, @hidden, @markdown, @headings, @hash, @etag, @lastModified, @fetchedAt)
       ON CONFLICT(path) DO UPDATE SET url=excluded.url, canonical_url=excluded.canonical_url, title=excluded.title,
         description=excluded.description, breadcrumb=excluded.breadcrumb, section=excluded.section, keywords=excluded.keywords,
         hidden=excluded.hidden, markdown=excluded.markdown, headings=excluded.headings, content_hash=excluded.content_hash,
         etag=excluded.etag, last_modified=excluded.last_modified, fetched_at=excluded.fetched_at
       RETURNING id`,
    );
    this.deleteChunks = db.prepare('DELETE FROM chunks WHERE page_id = ?');
    this.insertChunk = db.prepare('INSERT INTO chunks (page_id, ord, anchor, heading, heading_path, markdown) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /**
   * With `refresh`, starts from a copy of the current store so unchanged pages need no
   * work; a store of another schema version cannot be refreshed and is rebuilt.
   */
  static open(outPath: string, options: { refresh: boolean }): StoreWriter {
    mkdirSync(dirname(outPath), { recursive: true });
    removeStaleTemps(outPath);
    const tempPath = `${outPath}.building-${process.pid}.tmp`;
    rmSync(tempPath, { force: true });
    const incremental = options.refresh && storeSchemaVersion(outPath) === SCHEMA_VERSION;
    if (incremental) copyFileSync(outPath, tempPath);
    const db = new Database(tempPath);
    // The temp file is thrown away on any failure, so it needs no journal or syncs.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA_SQL);
    return new StoreWriter(db, tempPath, outPath, incremental);
  }

  knownPages(): Map<string, KnownPage> {
    const rows = this.db
      .prepare('SELECT path, etag, last_modified AS lastModified, content_hash AS contentHash FROM pages')
      .all() as KnownPage[];
    return new Map(rows.map((row) => [row.path, row]));
  }

  upsertPage(page: Page, hash: string, headings: PageHeading[], chunks: Chunk[]): void {
    const write = this.db.transaction(() => {
      const row = this.upsert
        .get({
          path: page.path,
          url: page.url,
          canonicalUrl: page.canonicalUrl ?? null,
          title: page.title,
          description: page.description,
          breadcrumb: page.breadcrumb,
          section: sectionForPath(page.path),
          keywords: JSON.stringify(page.keywords),
          hidden: page.hidden ? 1 : 0,
          markdown: page.markdown,
          headings: JSON.stringify(headings),
          hash,
          etag: page.etag ?? null,
          lastModified: page.lastModified ?? null,
          fetchedAt: new Date().toISOString(),
        }) as { id: number };
      this.deleteChunks.run(row.id);
      for (const chunk of chunks) this.insertChunk.run(row.id, chunk.ord, chunk.anchor, chunk.heading, JSON.stringify(chunk.headingPath), chunk.markdown);
    });
    write();
  }

  /** An unchanged page keeps its chunks; only its validators and fetch time move on. */
  touchPage(path: string, validators: { etag?: string; lastModified?: string }): void {
    this.db
      .prepare('UPDATE pages SET etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), fetched_at = ? WHERE path = ?')
      .run(validators.etag ?? null, validators.lastModified ?? null, new Date().toISOString(), path);
  }

  /** Deletes pages the source no longer has; pages that failed this time are kept as they were. */
  removePagesExcept(keep: Set<string>): string[] {
    const gone = [...this.knownPages().keys()].filter((path) => !keep.has(path));
    const remove = this.db.prepare('DELETE FROM pages WHERE path = ?');
    this.db.transaction(() => gone.forEach((path) => remove.run(path)))();
    return gone;
  }

  /** Path and headings of every page under a prefix (the release notes). */
  pageHeadings(prefix: string): Array<{ path: string; headings: PageHeading[] }> {
    const rows = this.db.prepare("SELECT path, headings FROM pages WHERE path LIKE ? || '%'").all(prefix) as Array<{ path: string; headings: string }>;
    return rows.map((row) => ({ path: row.path, headings: JSON.parse(row.headings) as PageHeading[] }));
  }

  pagePaths(prefix: string): string[] {
    return (this.db.prepare("SELECT path FROM pages WHERE path LIKE ? || '%' ORDER BY path").all(prefix) as Array<{ path: string }>).map((row) => row.path);
  }

  cliPages(prefix: string): CliPage[] {
    const rows = this.db
      .prepare("SELECT path, url, hidden, markdown FROM pages WHERE path LIKE ? || '%' ORDER BY path")
      .all(prefix) as Array<{ path: string; url: string; hidden: number; markdown: string }>;
    return rows.map((row) => ({ ...row, hidden: row.hidden === 1 }));
  }

  replaceCliCommands(commands: CliCommandInfo[]): void {
    const insert = this.db.prepare(
      `INSERT INTO cli_commands (command, parent, usage, description, arguments, options, examples, url, page_path, alias_of)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db.exec('DELETE FROM cli_commands');
      for (const c of commands) {
        insert.run(c.command, c.parent, c.usage, c.description, JSON.stringify(c.arguments), JSON.stringify(c.options), JSON.stringify(c.examples), c.url, c.pagePath, c.aliasOf);
      }
    })();
  }

  /** Pages outside the given sections (the guides, for the CLI usage examples). */
  pagesOutside(sections: readonly string[]): Array<{ path: string; url: string; markdown: string }> {
    return this.db
      .prepare(`SELECT path, url, markdown FROM pages WHERE section NOT IN (${sections.map(() => '?').join(', ')}) ORDER BY path`)
      .all(...sections) as Array<{ path: string; url: string; markdown: string }>;
  }

  replaceCliUsage(usage: CliUsageInfo[]): void {
    const insert = this.db.prepare('INSERT INTO cli_usage (command, flags, examples, documented) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.exec('DELETE FROM cli_usage');
      for (const u of usage) insert.run(u.command, JSON.stringify(u.flags), JSON.stringify(u.examples), u.documented ? 1 : 0);
    })();
  }

  /** `replace` drops rows the source no longer lists; a crawl only adds what it observed. */
  writeRedirects(redirects: Redirect[], options: { replace: boolean }): number {
    const insert = this.db.prepare('INSERT OR REPLACE INTO redirects (source, destination) VALUES (?, ?)');
    this.db.transaction(() => {
      if (options.replace) this.db.exec('DELETE FROM redirects');
      for (const r of redirects) insert.run(r.source, r.destination);
    })();
    return (this.db.prepare('SELECT COUNT(*) AS n FROM redirects').get() as { n: number }).n;
  }

  hasSearchIndex(): boolean {
    return this.db.prepare("SELECT 1 FROM search_index WHERE name = 'chunks'").get() !== undefined;
  }

  rebuildSearchIndex(): void {
    const rows = this.db
      .prepare(
        `SELECT c.id, c.heading_path AS headingPath, c.markdown, p.title, p.path, p.section, p.keywords, p.description
         FROM chunks c JOIN pages p ON p.id = c.page_id ORDER BY c.id`,
      )
      .all() as Array<{ id: number; headingPath: string; markdown: string; title: string; path: string; section: string; keywords: string; description: string }>;
    const documents: SearchDocument[] = rows.map((row) => ({
      id: row.id,
      title: row.title,
      headings: (JSON.parse(row.headingPath) as string[]).slice(1).join(' › '),
      body: plainText(row.markdown),
      keywords: [...(JSON.parse(row.keywords) as string[]), row.description].join(' ').trim(),
      path: row.path,
      section: row.section,
    }));
    this.db.prepare("INSERT OR REPLACE INTO search_index (name, json) VALUES ('chunks', ?)").run(buildSearchIndexJson(documents));
  }

  counts(): { pages: number; chunks: number; cliCommands: number } {
    const count = (table: string) => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { pages: count('pages'), chunks: count('chunks'), cliCommands: count('cli_commands') };
  }

  writeMeta(values: Partial<Record<MetaKey, string | number | undefined>>): void {
    const upsert = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(values)) {
        if (value !== undefined) upsert.run(key, String(value));
      }
    })();
  }

  /** Makes the finished store durable, then swaps it in with one rename. */
  commit(options: { compact: boolean }): void {
    if (options.compact) this.db.exec('VACUUM');
    this.db.close();
    const fd = openSync(this.tempPath, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(this.tempPath, this.outPath);
  }

  abort(): void {
    if (this.db.open) this.db.close();
    rmSync(this.tempPath, { force: true });
  }
}

/** The schema version of an existing store, or undefined when there is none or it is unreadable. */
export function storeSchemaVersion(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
      return row ? Number(row.value) : undefined;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

/** Temp files of builds whose process is gone (killed mid-build) are only litter. */
function removeStaleTemps(outPath: string): void {
  const dir = dirname(outPath);
  const prefix = basename(outPath) + '.building-';
  for (const name of readdirSync(dir)) {
    const match = TEMP_PATTERN.exec(name);
    if (!name.startsWith(prefix) || !match) continue;
    if (!isAlive(Number(match[1]))) rmSync(join(dir, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
