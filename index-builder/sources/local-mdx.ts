/**
 * A local checkout of the Prefect repository's `docs/` folder (Mintlify MDX + docs.json).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { normalizePath, urlForPath } from '../../src/docs-model/paths.js';
import type { Redirect } from '../../src/docs-model/redirects.js';
import type { Page, PageResult } from '../page.js';
import { readNavigation, type Navigation } from '../navigation.js';
import { RenderPool } from '../mdx/render-pool.js';
import type { RenderedMdx } from '../mdx/render.js';
import { parseOpenApiRef, renderOperation, type OpenApiDocument } from '../openapi.js';
import { analyzeMarkdown } from '../chunk.js';
import type { DiscoveredPage, DocsProvenance, PageSource } from './source.js';

/** Mintlify publishes the REST schema here; the openapi: stubs refer to it. */
const OPENAPI_SCHEMA = 'v3/api-ref/rest-api/server/schema.json';

export class LocalMdxSource implements PageSource {
  readonly label: string;
  private navigation: Navigation = { breadcrumbs: new Map(), redirects: [] };
  private pool: RenderPool | undefined;
  private openapi: OpenApiDocument | undefined | null = null;
  private files = new Map<string, string>();

  constructor(private readonly root: string) {
    this.label = root;
  }

  async discover(): Promise<DiscoveredPage[]> {
    const docsJson = join(this.root, 'docs.json');
    if (!existsSync(docsJson)) {
      throw new Error(`${this.root} has no docs.json: point --source at the docs/ folder of a Prefect checkout`);
    }
    this.navigation = readNavigation(JSON.parse(await readFile(docsJson, 'utf8')));
    const ignored = await this.mintIgnored();
    const found: DiscoveredPage[] = [];
    for (const entry of await readdir(this.root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.mdx?$/.test(entry.name)) continue;
      const rel = relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/');
      if (!isPage(rel) || ignored.has(rel)) continue;
      const path = normalizePath(rel);
      this.files.set(path, rel);
      found.push({ path, url: urlForPath(path) });
    }
    return found.sort((a, b) => a.path.localeCompare(b.path));
  }

  async fetch(item: DiscoveredPage): Promise<PageResult> {
    const rel = this.files.get(item.path)!;
    this.pool ??= new RenderPool(this.root);
    try {
      return { kind: 'page', page: this.page(item.path, await this.pool.render(rel)) };
    } catch (error) {
      return { kind: 'failed', path: item.path, url: item.url, reason: `${rel}: ${(error as Error).message.split('\n')[0]}` };
    }
  }

  private page(path: string, { frontmatter, markdown: body }: RenderedMdx): Page {
    let markdown = body;
    let title = firstString(frontmatter.title, frontmatter.Title, frontmatter.sidebarTitle);
    let description = firstString(frontmatter.description) ?? '';
    const openapiRef = typeof frontmatter.openapi === 'string' ? parseOpenApiRef(frontmatter.openapi) : undefined;
    if (openapiRef) {
      const operation = renderOperation(this.schema(), openapiRef.method, openapiRef.path);
      // 14 stubs name operations the schema no longer has; the site shows them empty too.
      markdown = [operation?.markdown ?? `**${openapiRef.method.toUpperCase()}** \`${openapiRef.path}\``, body].filter(Boolean).join('\n\n');
      title ??= operation?.title;
      description ||= operation?.description ?? '';
    }
    title ??= firstH1(markdown) ?? path.split('/').pop()!;
    const inNavigation = this.navigation.breadcrumbs.has(path);
    return {
      path,
      url: urlForPath(path),
      title,
      description,
      breadcrumb: this.navigation.breadcrumbs.get(path) ?? '',
      keywords: keywordsOf(frontmatter.keywords),
      hidden: frontmatter.hidden === true || (this.navigation.breadcrumbs.size > 0 && !inNavigation),
      markdown,
    };
  }

  private schema(): OpenApiDocument {
    if (this.openapi === null) {
      const file = join(this.root, OPENAPI_SCHEMA);
      this.openapi = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument) : undefined;
    }
    return this.openapi ?? { paths: {} };
  }

  /** docs.json redirects, plus '/dir' → '/dir/index' because the docs link to index pages both ways. */
  redirects(): Redirect[] {
    const redirects = [...this.navigation.redirects];
    const sources = new Set(redirects.map((r) => r.source));
    for (const path of this.files.keys()) {
      if (!path.endsWith('/index')) continue;
      const bare = path.slice(0, -'/index'.length);
      if (bare && !this.files.has(bare) && !sources.has(bare)) redirects.push({ source: bare, destination: path });
    }
    return redirects;
  }

  /**
   * The commit the checkout is at: git when it is a clone; a copied docs folder (like the
   * shared snapshot) names it in SOURCE.md; else the newest file time is the best date known.
   */
  async provenance(): Promise<DocsProvenance> {
    try {
      const { stdout } = await promisify(execFile)('git', ['-C', this.root, 'log', '-1', '--format=%H %cI', '--', '.'], { timeout: 5000 });
      const [commit, date] = stdout.trim().split(' ');
      if (commit && date) return { commit, date: new Date(date).toISOString() };
    } catch {
      // not a git checkout
    }
    const notes = await readFile(join(this.root, 'SOURCE.md'), 'utf8').catch(() => '');
    const commit = /snapshot commit\s*\|\s*`?([0-9a-f]{7,40})`?/i.exec(notes)?.[1];
    const date = /commit date\s*\|\s*`?(\d{4}-\d{2}-\d{2}T[\d:]+(?:Z|[+-]\d{2}:\d{2})?)/i.exec(notes)?.[1];
    if (commit && date) return { commit, date: new Date(date).toISOString() };
    return { commit, date: new Date(await this.newestFileTime()).toISOString() };
  }

  private async newestFileTime(): Promise<number> {
    let newest = 0;
    for (const rel of [...this.files.values(), 'docs.json']) {
      newest = Math.max(newest, (await stat(join(this.root, rel)).catch(() => undefined))?.mtimeMs ?? 0);
    }
    return newest || Date.now();
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }

  /** `.mintignore` lists files the site does not serve (AGENTS.md in the Prefect docs). */
  private async mintIgnored(): Promise<Set<string>> {
    try {
      const lines = (await readFile(join(this.root, '.mintignore'), 'utf8')).split('\n');
      return new Set(lines.map((line) => line.trim().replace(/^\//, '')).filter((line) => line && !line.startsWith('#')));
    } catch {
      return new Set();
    }
  }
}

/**
 * Snippets are partials without a URL; upper-case markdown files (README.md, AGENTS.md,
 * SOURCE.md) are notes about the folder rather than site pages.
 */
function isPage(rel: string): boolean {
  if (rel.startsWith('snippets/') || rel.split('/').some((part) => part.startsWith('.') || part === 'node_modules')) return false;
  const name = rel.split('/').pop()!;
  return !/^[A-Z][A-Z0-9_-]*\.mdx?$/.test(name);
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

/** YAML reads `keywords: [429, 413]` as numbers; the site serves them as the words they are. */
function keywordsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((k) => typeof k === 'string' || Number.isFinite(k)).map((k) => String(k).trim()).filter(Boolean);
  if (typeof value === 'string') return value.split(',').map((k) => k.trim()).filter(Boolean);
  return [];
}

function firstH1(markdown: string): string | undefined {
  return analyzeMarkdown(markdown, '').headings.find((heading) => heading.depth === 1)?.text;
}
