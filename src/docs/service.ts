/**
 * The docs index as the server sees it: opened once per process and shared by every
 * request. (The docs tools extend this: search, background build, refresh.)
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { ResolvedConfig } from '../config/resolve.js';
import { SCHEMA_VERSION } from './schema.js';

export interface DocsStatus {
  state: 'ready' | 'missing' | 'outdated' | 'building' | 'failed';
  dbPath: string;
  builtAt?: string;
  source?: string;
  pages?: number;
  cliCommands?: number;
  /** What the user or assistant should do, when the index is not ready. */
  message: string;
}

export class DocsService {
  constructor(readonly settings: ResolvedConfig['docs']) {}

  status(): DocsStatus {
    const { dbPath } = this.settings;
    const build = `prefect-mcp index --source <docs.prefect.io or a local prefect/docs folder> --out ${dbPath}`;
    if (!existsSync(dbPath)) return { state: 'missing', dbPath, message: `No docs index at ${dbPath}. Build it with: ${build}` };
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      const meta = Object.fromEntries(
        (db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((row) => [row.key, row.value]),
      );
      const base = { dbPath, builtAt: meta.built_at, source: meta.source, pages: Number(meta.page_count), cliCommands: Number(meta.cli_count) };
      if (Number(meta.schema_version) !== SCHEMA_VERSION) {
        return { ...base, state: 'outdated', message: `Docs index schema ${meta.schema_version} does not match this prefect-mcp (${SCHEMA_VERSION}). Rebuild: ${build}` };
      }
      return { ...base, state: 'ready', message: `${base.pages} pages, ${base.cliCommands} CLI commands, built ${base.builtAt} from ${base.source}` };
    } catch (error) {
      return { state: 'failed', dbPath, message: `Docs index at ${dbPath} is unreadable (${(error as Error).message}). Rebuild: ${build}` };
    } finally {
      db.close();
    }
  }
}
