/**
 * A live Mintlify docs site. Discovery: /llms.txt and /sitemap.xml, else link following
 * inside the site prefix; robots.txt is obeyed. When the site serves /llms-full.txt, that
 * one response holds every listed page; other pages are asked for as markdown
 * (`<page>.md`, `Accept: text/markdown`), falling back to HTML extraction; a page read as
 * markdown also has its HTML head read for the keywords only it carries. Page requests
 * are conditional (ETag / Last-Modified) so a refresh of an unchanged site costs only 304s.
 *
 * A site that moved as a whole (docs.prefect.io → www.prefect.io/docs) is followed: the
 * first answer's final URL becomes the base, page paths stay the same, and the move is
 * recorded in the store.
 */
import { EnvHttpProxyAgent, fetch, type Response } from 'undici';
import * as cheerio from 'cheerio';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { normalizePath } from '../../src/docs-model/paths.js';
import type { Redirect } from '../../src/docs-model/redirects.js';
import type { KnownPage, Page, PageResult } from '../page.js';
import { parseRetryAfter } from '../../src/retry-after.js';
import { extractHtml, metaKeywords } from './html.js';
import { renderSiteBody, splitSiteMarkdown } from './site-markdown.js';
import type { DiscoveredPage, DocsProvenance, PageSource, SiteMove } from './source.js';

export interface WebSourceOptions {
  concurrency: number;
  timeoutMs?: number;
  /** Attempts after the first for network errors, timeouts, 429 and 5xx. */
  retries?: number;
  /** First backoff delay; doubles per attempt. */
  backoffMs?: number;
  /** Upper bound on pages found by link following (sites without llms.txt or a sitemap). */
  maxCrawlPages?: number;
}

interface RobotRules {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getSitemaps(): string[];
}
// robots-parser is CommonJS exporting the function itself, which its typings cannot express under NodeNext.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, contents: string) => RobotRules;

const USER_AGENT = 'prefect-mcp-indexer/0.1 (+https://github.com/PrefectHQ/prefect)';
const ROBOTS_AGENT = 'prefect-mcp-indexer';

/** What a source's answer for one page yields, before the crawl's own fields (path, validators, hidden). */
type PageContent = Pick<Page, 'title' | 'description' | 'breadcrumb' | 'keywords' | 'markdown' | 'canonicalUrl'>;

class HttpError extends Error {
  constructor(readonly status: number, url: string) {
    super(`HTTP ${status} for ${url}`);
  }
}

export class WebSource implements PageSource {
  readonly label: string;
  private base: URL;
  private move: SiteMove | undefined;
  /** Page path → its text in /llms-full.txt, when the site serves one. */
  private full = new Map<string, string>();
  private readonly dispatcher: EnvHttpProxyAgent;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxCrawlPages: number;
  private readonly observedRedirects: Redirect[] = [];
  private listed = new Set<string>();
  private robots: RobotRules | undefined;

  constructor(site: string, options: WebSourceOptions) {
    this.base = new URL(site.endsWith('/') ? site : site + '/');
    this.label = this.base.href.replace(/\/$/, '');
    // Honours HTTP(S)_PROXY / NO_PROXY; keep-alive sockets capped at the crawl concurrency.
    this.dispatcher = new EnvHttpProxyAgent({ connections: options.concurrency, keepAliveTimeout: 10_000 });
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
    this.maxCrawlPages = options.maxCrawlPages ?? 5000;
  }

  async discover(signal?: AbortSignal): Promise<DiscoveredPage[]> {
    const llms = await this.probe('/llms.txt', signal);
    const robotsUrl = new URL('/robots.txt', this.base.origin).href;
    this.robots = robotsParser(robotsUrl, (await this.text(robotsUrl, signal)) ?? '');
    const fromLlms = this.linksIn(llms ?? '', /\]\(([^)\s]+)\)/g);
    this.listed = new Set(fromLlms);
    this.full = this.pagesInFullText((await this.text('/llms-full.txt', signal)) ?? '');
    const sitemaps = this.robots.getSitemaps();
    const fromSitemap: string[] = [];
    for (const sitemap of sitemaps.length > 0 ? sitemaps : ['/sitemap.xml']) fromSitemap.push(...(await this.sitemapPaths(sitemap, signal)));
    let paths = [...new Set([...fromLlms, ...fromSitemap])];
    if (paths.length === 0) paths = await this.crawlLinks(signal);
    return paths
      .filter((path) => this.allowed(path))
      .sort()
      .map((path) => ({ path, url: this.resolve(path).href }));
  }

  async fetch(item: DiscoveredPage, known: KnownPage | undefined, signal?: AbortSignal): Promise<PageResult> {
    const fromFull = this.full.get(item.path);
    if (fromFull !== undefined) {
      try {
        const content = this.fromSiteMarkdown(item, fromFull, item.path);
        return { kind: 'page', page: this.page(item, undefined, { ...content, keywords: await this.headKeywords(item, signal) }) };
      } catch (error) {
        if (signal?.aborted) throw error;
        return { kind: 'failed', path: item.path, url: item.url, reason: describe(error) };
      }
    }
    const conditional: Record<string, string> = {};
    if (known?.etag) conditional['if-none-match'] = known.etag;
    if (known?.lastModified) conditional['if-modified-since'] = known.lastModified;
    try {
      let response = await this.request(`${item.url}.md`, { accept: 'text/markdown, text/plain;q=0.9', ...conditional }, signal);
      if (response.status === 304) return this.notModified(item, response);
      if (response.ok && !isHtml(response)) return { kind: 'page', page: await this.fromMarkdown(item, response, await response.text(), signal) };
      await response.body?.cancel();

      response = await this.request(item.url, { accept: 'text/markdown, text/html;q=0.9', ...conditional }, signal);
      if (response.status === 304) return this.notModified(item, response);
      if (!response.ok) {
        await response.body?.cancel();
        throw new HttpError(response.status, item.url);
      }
      const body = await response.text();
      return { kind: 'page', page: isHtml(response) ? this.fromHtml(item, response, body) : await this.fromMarkdown(item, response, body, signal) };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { kind: 'failed', path: item.path, url: item.url, reason: describe(error) };
    }
  }

  redirects(): Redirect[] {
    return this.observedRedirects;
  }

  async provenance(): Promise<DocsProvenance> {
    return { date: new Date().toISOString() };
  }

  siteMove(): SiteMove | undefined {
    return this.move;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** One request with timeout and bounded retries (network errors, timeouts, 429, 5xx). */
  private async request(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(this.timeoutMs);
      try {
        const response = await fetch(url, {
          headers: { 'user-agent': USER_AGENT, ...headers },
          dispatcher: this.dispatcher,
          redirect: 'follow',
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        const retryable = response.status === 429 || response.status >= 500;
        if (!retryable || attempt >= this.retries) return response;
        await response.body?.cancel();
        await sleep(this.backoff(attempt, response.headers.get('retry-after')), undefined, { signal });
      } catch (error) {
        // A host that does not resolve will not resolve on a retry either (EAI_AGAIN, a DNS hiccup, still retries).
        if (signal?.aborted || attempt >= this.retries || describe(error) === 'ENOTFOUND') throw error;
        await sleep(this.backoff(attempt, null), undefined, { signal });
      }
    }
  }

  private backoff(attempt: number, retryAfter: string | null): number {
    const requested = parseRetryAfter(retryAfter) ?? 0;
    const exponential = this.backoffMs * 2 ** attempt * (1 + Math.random() * 0.25);
    return Math.min(Math.max(requested, exponential), 30_000);
  }

  private notModified(item: DiscoveredPage, response: Response): PageResult {
    return {
      kind: 'not-modified',
      path: item.path,
      etag: response.headers.get('etag') ?? undefined,
      lastModified: response.headers.get('last-modified') ?? undefined,
    };
  }

  /** A `<page>.md` answer: see site-markdown.ts for its shape. */
  private async fromMarkdown(item: DiscoveredPage, response: Response, text: string, signal?: AbortSignal): Promise<Page> {
    const finalPath = this.finalPath(item, response, /\.md$/);
    const content = this.fromSiteMarkdown(item, text, finalPath);
    return this.page(item, response, { ...content, keywords: await this.headKeywords(item, signal) });
  }

  /**
   * The page's keywords: Mintlify serves them only in the HTML page's head (see metaKeywords),
   * so a page read as markdown costs a second request, read up to `</head>` and then dropped.
   * The keywords only weigh in ranking; a page whose head cannot be read keeps none rather than failing.
   */
  private async headKeywords(item: DiscoveredPage, signal?: AbortSignal): Promise<string[]> {
    try {
      const response = await this.request(item.url, { accept: 'text/html' }, signal);
      if (!response.ok || !isHtml(response)) {
        await response.body?.cancel();
        return [];
      }
      return metaKeywords(await readHead(response));
    } catch (error) {
      if (signal?.aborted) throw error;
      return [];
    }
  }

  private fromSiteMarkdown(item: DiscoveredPage, text: string, finalPath: string): Omit<PageContent, 'keywords'> {
    const { title, description, body } = splitSiteMarkdown(text);
    const { markdown, operation } = renderSiteBody(body, { mapLink: (url) => this.canonicalLink(url) });
    return {
      title: title || operation?.title || item.path.split('/').pop()!,
      description: description || operation?.description || '',
      breadcrumb: '',
      markdown,
      canonicalUrl: this.resolve(finalPath).href,
    };
  }

  /** '/docs/v3/x.md#a' on www.prefect.io/docs, or '/v3/x.md', → '/v3/x#a'; other links unchanged. */
  private canonicalLink(url: string): string {
    if (!/^\//.test(url) || url.startsWith('//')) return url;
    const [target, hash] = url.split('#', 2) as [string, string | undefined];
    const prefix = this.base.pathname.replace(/\/$/, '');
    const underPrefix = prefix !== '' && (target === prefix || target.startsWith(prefix + '/'));
    if (!underPrefix && !/\.md$/.test(target)) return url;
    const path = normalizePath(underPrefix ? target.slice(prefix.length) || '/' : target);
    return hash !== undefined ? `${path}#${hash}` : path;
  }

  /**
   * /llms-full.txt: every page as `# Title`, `Source: <url>`, then its `.md` body. Pages
   * are cut at those two-line headers, which a code block does not contain.
   */
  private pagesInFullText(text: string): Map<string, string> {
    const pages = new Map<string, string>();
    const headers = [...text.replace(/\r\n?/g, '\n').matchAll(/^# (.+)\nSource: (\S+)[ \t]*$/gm)];
    headers.forEach((header, i) => {
      const path = this.sitePath(header[2]!.replace(/\.md$/, ''));
      const end = headers[i + 1]?.index ?? text.length;
      if (path && path !== '/') pages.set(path, `# ${header[1]}\n${text.slice(header.index + header[0].length, end)}`);
    });
    return pages;
  }

  private fromHtml(item: DiscoveredPage, response: Response, html: string): Page {
    const extracted = extractHtml(html, { mapLink: (url) => this.canonicalLink(url) });
    const finalPath = this.finalPath(item, response);
    const canonicalUrl = extracted.canonicalUrl ? new URL(extracted.canonicalUrl, response.url || item.url).href : this.resolve(finalPath).href;
    return this.page(item, response, { ...extracted, title: extracted.title || item.path.split('/').pop()!, canonicalUrl });
  }

  private page(item: DiscoveredPage, response: Response | undefined, content: PageContent): Page {
    return {
      path: item.path,
      url: item.url,
      ...content,
      // Mintlify's llms.txt lists the sidebar's pages; a page only in the sitemap is off the sidebar.
      hidden: this.listed.size > 0 && !this.listed.has(item.path),
      etag: response?.headers.get('etag') ?? undefined,
      lastModified: response?.headers.get('last-modified') ?? undefined,
    };
  }

  /** Where the request ended up; a different path is recorded as a redirect. */
  private finalPath(item: DiscoveredPage, response: Response, strip?: RegExp): string {
    if (!response.url) return item.path;
    const path = this.sitePath(response.url.replace(strip ?? /$^/, ''));
    if (path && path !== item.path) this.observedRedirects.push({ source: item.path, destination: path });
    return path ?? item.path;
  }

  private resolve(path: string): URL {
    return new URL(path.replace(/^\//, ''), this.base);
  }

  /** '/v3/concepts/flows' for a URL inside the site prefix, undefined outside it. */
  private sitePath(href: string): string | undefined {
    let url: URL;
    try {
      url = new URL(href, this.base);
    } catch {
      return undefined;
    }
    if (url.origin !== this.base.origin || !url.pathname.startsWith(this.base.pathname)) return undefined;
    return normalizePath('/' + url.pathname.slice(this.base.pathname.length));
  }

  private allowed(path: string): boolean {
    return this.robots?.isAllowed(this.resolve(path).href, ROBOTS_AGENT) !== false;
  }

  /**
   * The first request: like text(), but failing to reach the site at all ends the build
   * with the reason, and an answer from another place (the whole site moved) moves the base.
   */
  private async probe(path: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const requested = this.resolve(path).href;
      const response = await this.request(requested, {}, signal);
      this.followMove(requested, response.url, path);
      if (response.ok) return await response.text();
      await response.body?.cancel();
      return undefined;
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new Error(`${this.base.origin} is unreachable (${describe(error)})`);
    }
  }

  /** '/llms.txt' asked at docs.prefect.io answered from www.prefect.io/docs/llms.txt: the site lives there now. */
  private followMove(requested: string, final: string, path: string): void {
    const tail = path.replace(/^\//, '');
    if (!final || final === requested || !final.endsWith('/' + tail)) return;
    const base = new URL(final.slice(0, final.length - tail.length));
    if (base.href === this.base.href) return;
    this.move = { from: this.base.href.replace(/\/$/, ''), to: base.href.replace(/\/$/, '') };
    this.base = base;
  }

  private async text(path: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const response = await this.request(this.resolve(path).href, {}, signal);
      if (response.ok) return await response.text();
      await response.body?.cancel();
    } catch (error) {
      if (signal?.aborted) throw error;
    }
    return undefined;
  }

  private linksIn(text: string, pattern: RegExp): string[] {
    const paths: string[] = [];
    for (const match of text.matchAll(pattern)) {
      const path = this.sitePath(match[1]!);
      if (path && path !== '/' && !/\.(txt|xml|json|png|svg|jpg|ico)$/.test(path)) paths.push(path);
    }
    return paths;
  }

  private async sitemapPaths(location: string, signal?: AbortSignal, depth = 0): Promise<string[]> {
    const xml = await this.text(location, signal);
    if (!xml) return [];
    const $ = cheerio.load(xml, { xml: true });
    const paths: string[] = [];
    for (const element of $('sitemap > loc').toArray()) {
      if (depth < 2) paths.push(...(await this.sitemapPaths($(element).text().trim(), signal, depth + 1)));
    }
    for (const element of $('url > loc').toArray()) {
      const path = this.sitePath($(element).text().trim());
      if (path && path !== '/') paths.push(path);
    }
    return paths;
  }

  /** Breadth-first over HTML links inside the prefix, for sites with neither llms.txt nor a sitemap. */
  private async crawlLinks(signal?: AbortSignal): Promise<string[]> {
    const seen = new Set<string>(['/']);
    const queue = ['/'];
    const pages: string[] = [];
    while (queue.length > 0 && seen.size < this.maxCrawlPages) {
      const path = queue.shift()!;
      if (!this.allowed(path)) continue;
      const html = await this.text(path, signal);
      if (!html) continue;
      if (path !== '/') pages.push(path);
      const $ = cheerio.load(html);
      for (const element of $('a[href]').toArray()) {
        const next = this.sitePath($(element).attr('href')!);
        if (next && !seen.has(next) && !/\.\w+$/.test(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return pages;
  }
}

/** An HTML answer up to its `</head>` (the whole of it when there is none); the rest is never downloaded. */
async function readHead(response: Response, limit = 2 ** 20): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      const scanFrom = Math.max(0, text.length - 8);
      text += decoder.decode(value, { stream: true });
      const end = text.slice(scanFrom).search(/<\/head\s*>/i);
      if (end >= 0) return text.slice(0, scanFrom + end);
      if (text.length > limit) return text;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function isHtml(response: Response): boolean {
  return /text\/html|application\/xhtml/.test(response.headers.get('content-type') ?? '');
}

function describe(error: unknown): string {
  if (error instanceof HttpError) return error.message;
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return 'timed out';
  return err.cause?.code ?? err.cause?.message ?? err.message;
}
