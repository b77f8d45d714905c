/**
 * The docs index as the server sees it: opened once per process and shared by every
 * request (stdio, and each per-request HTTP server). It builds a missing store and
 * refreshes an old one in the background, and reopens the file whenever it is replaced.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { ResolvedConfig } from '../config/resolve.js';
import { log } from '../log.js';
import { defaultDocsDbPath } from '../paths.js';
import { newestPrefectRelease } from '../docs-model/releases.js';
import { ToolError } from '../errors.js';
import type { DocsBuilder } from '../docs-model/build.js';
import { BackgroundBuild, buildCommands } from './background-build.js';
import { CliCatalog } from './cli-catalog.js';
import { CliKnowledge, cliVersions } from './cli-knowledge.js';
import { findPrefectBin, InstalledCli } from './installed-cli.js';
import { SCHEMA_VERSION, type CliCommandInfo, type DocsSection } from '../docs-model/schema.js';
import { DocsSearcher, type DocsSearchHit } from './search.js';
import { DocsStore, SchemaMismatchError } from './store.js';
import { writeSearchCache } from './search-cache.js';

export type { DocsSearchHit } from './search.js';
export type { CliCommandInfo } from '../docs-model/schema.js';

export interface DocsStatus {
  state: 'ready' | 'missing' | 'outdated' | 'building' | 'failed';
  dbPath: string;
  builtAt?: string;
  source?: string;
  pages?: number;
  cliCommands?: number;
  /** A background build or refresh in progress (or the last one, when it failed). */
  building?: { kind: 'build' | 'refresh'; source: string; startedAt: string; progress: string; error?: string };
  /** What the user or assistant should do, when the index is not ready. */
  message: string;
}

export interface DocsFreshness {
  /** 'YYYY-MM-DD': the docs commit's date, or when the site was fetched. */
  date?: string;
  newestVersion?: string;
  /** One sentence for tool text; '' when no index is open. */
  line: string;
}

/** Everything a docs tool needs from an open store. */
export interface OpenDocs {
  store: DocsStore;
  searcher: DocsSearcher;
  cli: CliCatalog;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export class DocsService {
  private open?: OpenDocs & { path: string; mtimeMs: number };
  private chosen?: { key: string; path: string };
  private openError?: string;
  private build?: BackgroundBuild;
  private installed?: { bin: string | undefined; cli: InstalledCli | undefined };
  private knowledge?: { key: unknown[]; value: CliKnowledge };

  constructor(
    readonly settings: ResolvedConfig['docs'],
    /** Builds the store in the background (the indexer, handed in by the CLI layer); without one, nothing is built here. */
    private readonly builder?: DocsBuilder,
  ) {}

  /** Starts the background build (store missing or from another schema) or refresh (store too old), as configured. */
  start(): void {
    if (!this.builder || !this.settings.autoBuild || (this.build && !this.build.state.done)) return;
    const status = this.status();
    if (status.state === 'missing' || status.state === 'outdated') this.startBuild('build');
    else if (status.state === 'ready' && this.settings.maxAgeDays > 0 && status.builtAt) {
      const age = Date.now() - Date.parse(status.builtAt);
      if (age > this.settings.maxAgeDays * DAY_MS) this.startBuild('refresh');
    }
  }

  stop(): void {
    this.build?.stop();
  }

  status(): DocsStatus {
    const dbPath = this.dbPath();
    const building = this.build && {
      kind: this.build.state.kind,
      source: this.build.state.source,
      startedAt: this.build.state.startedAt,
      progress: this.build.describe(),
      ...(this.build.state.error ? { error: this.build.state.error } : {}),
    };
    const inProgress = this.build && !this.build.state.done;
    const fix = buildCommands(this.buildTarget(), this.settings.source);
    if (!existsSync(dbPath)) {
      if (inProgress) {
        const message = `The docs index is being built from ${building!.source} (${building!.progress}); the docs tools answer once it is done. Without network access it cannot finish: build it from a local docs checkout with ${fix}`;
        return { state: 'building', dbPath, building, message };
      }
      if (building?.error) {
        return { state: 'failed', dbPath, building, message: `Building the docs index from ${building.source} failed: ${building.error}. Build it from a local docs checkout: ${fix}` };
      }
      return { state: 'missing', dbPath, message: `No docs index at ${dbPath}. Build it with: ${fix}` };
    }
    let meta: Record<string, string>;
    try {
      meta = this.open && this.isCurrent() ? this.open.store.meta : readMeta(dbPath);
    } catch (error) {
      return { state: 'failed', dbPath, building, message: `Docs index at ${dbPath} is unreadable (${(error as Error).message}). Rebuild: ${fix}` };
    }
    const base = { dbPath, builtAt: meta.built_at, source: meta.source, pages: Number(meta.page_count), cliCommands: Number(meta.cli_count), ...(building ? { building } : {}) };
    if (Number(meta.schema_version) !== SCHEMA_VERSION) {
      if (inProgress) {
        const message = `The docs index is being rebuilt for this prefect-mcp version from ${building!.source} (${building!.progress}); the docs tools answer once it is done. Without network access it cannot finish: rebuild from a local docs checkout with ${fix}`;
        return { ...base, state: 'building', message };
      }
      return { ...base, state: 'outdated', message: `Docs index schema ${meta.schema_version} does not match this prefect-mcp (${SCHEMA_VERSION}). Rebuild: ${fix}` };
    }
    const refreshing = inProgress ? `; refreshing in the background (${building!.progress})` : '';
    return { ...base, state: 'ready', message: `${base.pages} pages, ${base.cliCommands} CLI commands, built ${base.builtAt} from ${base.source}${refreshing}` };
  }

  /** The open store, or a ToolError saying why there is none and what to do. */
  require(): OpenDocs {
    const docs = this.tryOpen();
    if (docs) return docs;
    const status = this.status();
    throw new ToolError(status.state === 'ready' ? `The docs index could not be opened: ${this.openError}. Rebuild: ${buildCommands(this.buildTarget(), this.settings.source)}` : status.message);
  }

  /**
   * How fresh the open index is, for the docs tools and doctor: 'Docs snapshot of 2026-08-20
   * (commit ccde25f), newest documented Prefect release 3.8.3'. Empty when no index is open.
   */
  freshness(): DocsFreshness {
    const meta = this.tryOpen()?.store.meta;
    if (!meta) return { line: '' };
    const date = (meta.docs_date || meta.built_at || '').slice(0, 10) || undefined;
    const newestVersion = meta.newest_version || undefined;
    const commit = meta.docs_commit ? ` (commit ${meta.docs_commit.slice(0, 7)})` : '';
    const line = `Docs snapshot of ${date ?? 'unknown date'}${commit}${newestVersion ? `, newest documented Prefect release ${newestVersion}` : ''}.`;
    return { date, newestVersion, line };
  }

  /** Pages best matching the query (one per page); undefined when the index is not ready. */
  search(query: string, options?: { limit?: number; section?: DocsSection }): DocsSearchHit[] | undefined {
    return this.tryOpen()?.searcher.search(query, options);
  }

  /** 'prefect deployment schedule resume' or 'deployment schedule resume'; undefined when unknown or not ready. */
  cliCommand(command: string): CliCommandInfo | undefined {
    return this.tryOpen()?.cli.exact(command);
  }

  /**
   * The installed `prefect` CLI (configured, the active virtualenv's, or on PATH), its introspection started
   * in the background on first use (the server calls this at start); undefined when there is none.
   */
  installedCli(configuredBin: string | undefined): InstalledCli | undefined {
    if (!this.installed || this.installed.bin !== configuredBin) {
      const bin = findPrefectBin(configuredBin);
      const cli = bin ? new InstalledCli(bin, { cacheDir: this.settings.cacheDir }) : undefined;
      void cli?.start();
      this.installed = { bin: configuredBin, cli };
    }
    return this.installed.cli;
  }

  /** The docs CLI reference merged with the installed CLI's tree (once it is read); rebuilt when either changes. */
  cliKnowledge(configuredBin: string | undefined): CliKnowledge {
    const { cli, store } = this.require();
    const installed = this.installedCli(configuredBin);
    const commands = installed?.commands();
    const versions = cliVersions(installed, store.meta.newest_version || newestPrefectRelease(store.pages) || null, store.meta.docs_date || store.meta.built_at || null);
    const key = [cli, installed, commands];
    if (!this.knowledge || this.knowledge.key.some((part, i) => part !== key[i])) this.knowledge = { key, value: new CliKnowledge(cli, commands, versions, store.cliUsage) };
    // The installed CLI's state (introspecting → failed) can change without a new tree.
    this.knowledge.value.versions = versions;
    return this.knowledge.value;
  }

  /**
   * The index in use: the configured file or, when that is the package's own (shipped)
   * index, the copy the server refreshed into the user's cache if it is newer and readable.
   */
  private dbPath(): string {
    const configured = this.settings.dbPath;
    const cached = this.userDbPath();
    if (!cached) return configured;
    const key = [configured, cached].map((path) => (existsSync(path) ? statSync(path).mtimeMs : 0)).join(':');
    if (this.chosen?.key !== key) {
      const rank = (path: string) => {
        try {
          const meta = readMeta(path);
          return `${Number(meta.schema_version) === SCHEMA_VERSION ? 1 : 0}${meta.built_at ?? ''}`;
        } catch {
          return '';
        }
      };
      this.chosen = { key, path: rank(cached) > rank(configured) ? cached : configured };
    }
    return this.chosen.path;
  }

  private userDbPath(): string | undefined {
    return this.settings.dbPath === defaultDocsDbPath() ? join(this.settings.cacheDir, 'prefect-docs.sqlite') : undefined;
  }

  /** Where a build or refresh writes: the configured file when it can be written, else (a read-only install) the user's cache. */
  private buildTarget(): string {
    const cached = this.userDbPath();
    return cached && !writable(this.settings.dbPath) ? cached : this.settings.dbPath;
  }

  private tryOpen(): OpenDocs | undefined {
    if (this.open && this.isCurrent()) return this.open;
    const dbPath = this.dbPath();
    if (!existsSync(dbPath)) return undefined;
    try {
      const mtimeMs = statSync(dbPath).mtimeMs;
      const store = new DocsStore(dbPath);
      this.open?.store.close();
      const cli = new CliCatalog(store.cliCommands, (pagePath) => store.page(pagePath)?.hidden ?? false);
      this.open = { store, searcher: new DocsSearcher(store, cli), cli, path: dbPath, mtimeMs };
      this.openError = undefined;
      log.info(`docs index: opened ${dbPath} (${store.pages.length} pages, ${store.cliCommands.length} CLI commands${store.fromSearchCache ? '' : ', no search cache'})`);
      if (!store.fromSearchCache) this.saveSearchCacheSoon(this.open);
      return this.open;
    } catch (error) {
      this.openError = (error as Error).message;
      if (!(error instanceof SchemaMismatchError)) log.warn(`docs index: cannot open ${dbPath}: ${this.openError}`);
      return undefined;
    }
  }

  /**
   * A store without its search cache (built by `index` or in the background) gets one once
   * the answer that opened it is out, when its file is writable: later starts load in a fraction
   * of the time. Failing to save costs only that.
   */
  private saveSearchCacheSoon(open: NonNullable<DocsService['open']>): void {
    setImmediate(() => {
      if (this.open !== open || !writable(open.path)) return;
      try {
        writeSearchCache(open.path, open.store.meta.built_at ?? '', open.searcher.searchCache());
        open.mtimeMs = statSync(open.path).mtimeMs;
        log.debug(`docs index: search cache saved in ${open.path}`);
      } catch (error) {
        log.debug(`docs index: search cache not saved in ${open.path}: ${(error as Error).message}`);
      }
    });
  }

  /** The store file is replaced by rename when rebuilt (here or by `prefect-mcp index`). */
  private isCurrent(): boolean {
    try {
      return this.open?.path === this.dbPath() && statSync(this.open.path).mtimeMs === this.open.mtimeMs;
    } catch {
      return false;
    }
  }

  private startBuild(kind: 'build' | 'refresh'): void {
    if (!this.builder) return;
    this.build = new BackgroundBuild(
      { kind, source: this.settings.source, out: this.buildTarget() },
      (summary) => {
        if (summary) this.tryOpen();
      },
      this.builder,
    );
  }
}

function writable(file: string): boolean {
  try {
    accessSync(dirname(file), constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function readMeta(dbPath: string): Record<string, string> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((row) => [row.key, row.value]));
  } finally {
    db.close();
  }
}

