/**
 * The docs store contract shared by the indexer (writer) and the docs tools (reader).
 * Bump SCHEMA_VERSION on any change here: a server finding another version asks the
 * user to rebuild with `prefect-mcp index`.
 */
export const SCHEMA_VERSION = 3;

export const DOCS_SITE = 'https://docs.prefect.io';

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,          -- '/v3/concepts/flows' (no extension, no trailing slash)
  url TEXT NOT NULL,                  -- absolute URL on the docs site
  canonical_url TEXT,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  breadcrumb TEXT NOT NULL DEFAULT '',-- 'Docs › Concepts' (tab › group)
  section TEXT NOT NULL,              -- see sectionForPath()
  keywords TEXT NOT NULL DEFAULT '[]',-- JSON string[]
  hidden INTEGER NOT NULL DEFAULT 0,
  markdown TEXT NOT NULL,
  headings TEXT NOT NULL DEFAULT '[]',-- JSON PageHeading[]
  content_hash TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  anchor TEXT NOT NULL DEFAULT '',    -- '' for the part before the first h2
  heading TEXT NOT NULL DEFAULT '',
  heading_path TEXT NOT NULL DEFAULT '[]', -- JSON string[]: page title, h2, h3
  markdown TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_page ON chunks(page_id, ord);
CREATE TABLE IF NOT EXISTS cli_commands (
  id INTEGER PRIMARY KEY,
  command TEXT NOT NULL UNIQUE,       -- 'prefect deployment schedule pause'
  parent TEXT,                        -- 'prefect deployment schedule'; NULL for 'prefect <top>'
  usage TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  arguments TEXT NOT NULL DEFAULT '[]', -- JSON CliArgument[]
  options TEXT NOT NULL DEFAULT '[]',   -- JSON CliOption[]
  examples TEXT NOT NULL DEFAULT '[]',  -- JSON string[]
  url TEXT NOT NULL,                    -- absolute, with #anchor
  page_path TEXT NOT NULL,
  alias_of TEXT                         -- 'prefect block' for 'prefect blocks'
);
CREATE TABLE IF NOT EXISTS cli_usage (
  command TEXT PRIMARY KEY,           -- 'prefect cloud login', as the guides' shell blocks run it
  flags TEXT NOT NULL DEFAULT '[]',   -- JSON string[]: flag names typed with it in the guides
  examples TEXT NOT NULL DEFAULT '[]',-- JSON CliUsageExample[]
  documented INTEGER NOT NULL         -- 1 when cli_commands has the command (a reference page)
);
CREATE TABLE IF NOT EXISTS redirects (source TEXT PRIMARY KEY, destination TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS search_index (name TEXT PRIMARY KEY, json TEXT NOT NULL);
`;

export interface PageHeading {
  depth: number;
  text: string;
  anchor: string;
}

export interface CliArgument {
  name: string;
  required: boolean;
  help: string;
}

export interface CliOption {
  name: string;
  /** The reference page marks it required (`<ResponseField name="--limit" required>`). */
  required: boolean;
  help: string;
}

/** A cli_commands row as the indexer writes it and the docs tools read it. */
export interface CliCommandInfo {
  command: string;
  parent: string | null;
  usage: string;
  description: string;
  arguments: CliArgument[];
  options: CliOption[];
  examples: string[];
  url: string;
  pagePath: string;
  aliasOf: string | null;
}

/** One `prefect` command line in a guide's shell block. */
export interface CliUsageExample {
  line: string;
  /** The guide page, with the anchor of the heading above the block. */
  url: string;
  pagePath: string;
  /** The heading and the sentence before the block. */
  context: string;
}

/** A cli_usage row: what the guides show of a command (never more: no usage line, no flag help). */
export interface CliUsageInfo {
  command: string;
  flags: string[];
  examples: CliUsageExample[];
  documented: boolean;
}

/** Meta keys written by the indexer. */
export type MetaKey =
  | 'schema_version'
  | 'source'
  | 'built_at'
  | 'docs_commit'
  /** ISO date of the docs: their commit's date (a checkout) or when they were fetched (the site). */
  | 'docs_date'
  /** The newest Prefect release in the release notes, e.g. '3.8.3'. */
  | 'newest_version'
  | 'page_count'
  | 'chunk_count'
  | 'cli_count'
  | 'failed_pages'
  /** 'https://docs.prefect.io → https://www.prefect.io/docs' when the site answered from another base. */
  | 'site_moved';

export const SECTIONS = [
  'get-started',
  'concepts',
  'how-to',
  'advanced',
  'examples',
  'cli',
  'python-api',
  'rest-api',
  'api-ref',
  'integrations',
  'release-notes',
  'contribute',
  'other',
] as const;
export type DocsSection = (typeof SECTIONS)[number];

export function sectionForPath(path: string): DocsSection {
  const rules: Array<[string, DocsSection]> = [
    ['/v3/get-started', 'get-started'],
    ['/v3/concepts', 'concepts'],
    ['/v3/how-to-guides', 'how-to'],
    ['/v3/advanced', 'advanced'],
    ['/v3/examples', 'examples'],
    ['/v3/api-ref/cli', 'cli'],
    ['/v3/api-ref/python', 'python-api'],
    ['/v3/api-ref/rest-api', 'rest-api'],
    ['/v3/api-ref', 'api-ref'],
    ['/integrations', 'integrations'],
    ['/v3/release-notes', 'release-notes'],
    ['/contribute', 'contribute'],
  ];
  for (const [prefix, section] of rules) {
    if (path === prefix || path.startsWith(prefix + '/')) return section;
  }
  return 'other';
}
