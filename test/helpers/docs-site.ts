/**
 * A localhost stand-in for docs.prefect.io, serving given pages in the live site's two
 * shapes: markdown endpoints (`/<path>.md`, `Accept: text/markdown`) with generated
 * /llms.txt and /sitemap.xml, and HTML pages wrapped in Mintlify-like layout chrome.
 * Knobs let tests change or remove pages, make one answer 500, disallow paths in
 * robots.txt and count requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { toHast } from 'mdast-util-to-hast';
import { toHtml } from 'hast-util-to-html';
import { pageToSiteMarkdown } from '../../index-builder/page.js';

export interface SitePage {
  path: string;
  title: string;
  description: string;
  markdown: string;
}

export interface DocsSiteOptions {
  pages: SitePage[];
  /** 'markdown': `.md` endpoints answer; 'html': only HTML pages exist (`.md` is 404). */
  shape: 'markdown' | 'html';
  /** Pages in sitemap.xml but not in llms.txt (off the sidebar). */
  unlisted?: string[];
}

export interface RequestRecord {
  path: string;
  status: number;
}

export interface DocsSite {
  url: string;
  requests: RequestRecord[];
  /** robots.txt body; '' allows everything. */
  robots: string;
  /** Paths (without .md) that answer 500. */
  failing: Set<string>;
  /** Old path → new path, answered with 301. */
  redirects: Map<string, string>;
  setPage(page: SitePage): void;
  removePage(path: string): void;
  close(): Promise<void>;
}

interface Served {
  page: SitePage;
  body: string;
  etag: string;
  lastModified: string;
}

export async function startDocsSite(options: DocsSiteOptions): Promise<DocsSite> {
  const pages = new Map<string, Served>();
  let clock = Date.UTC(2026, 0, 1);
  const put = (page: SitePage) => {
    const body = pageToSiteMarkdown(page);
    clock += 1000;
    pages.set(page.path, {
      page,
      body,
      etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`,
      lastModified: new Date(clock).toUTCString(),
    });
  };
  options.pages.forEach(put);
  const unlisted = new Set(options.unlisted ?? []);

  const site: DocsSite = {
    url: '',
    requests: [],
    robots: '',
    failing: new Set(),
    redirects: new Map(),
    setPage: put,
    removePage: (path) => void pages.delete(path),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', site.url);
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      site.requests.push({ path: url.pathname, status });
      response.writeHead(status, { 'content-type': type, ...headers });
      response.end(body);
    };
    if (url.pathname === '/robots.txt') return send(200, 'text/plain', site.robots);
    if (url.pathname === '/llms.txt') {
      const lines = [...pages.values()]
        .filter(({ page }) => !unlisted.has(page.path))
        .map(({ page }) => `- [${page.title}](${site.url}${page.path}.md)${page.description ? `: ${page.description}` : ''}`);
      return send(200, 'text/plain', `# Prefect\n\n## Docs\n\n${lines.join('\n')}\n`);
    }
    if (url.pathname === '/sitemap.xml') {
      const urls = [...pages.keys()].map((path) => `<url><loc>${site.url}${path}</loc></url>`).join('');
      return send(200, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`);
    }
    const asMarkdownFile = url.pathname.endsWith('.md');
    const path = url.pathname.replace(/\.md$/, '');
    const target = site.redirects.get(path);
    if (target) {
      site.requests.push({ path: url.pathname, status: 301 });
      response.writeHead(301, { location: `${target}${asMarkdownFile ? '.md' : ''}` });
      return response.end();
    }
    if (site.failing.has(path)) return send(500, 'text/plain', 'internal error');
    const served = pages.get(path);
    if (!served) return send(404, 'text/plain', 'not found');
    // An HTML-only site has no .md endpoints and ignores Accept, as a plain web server does.
    if (asMarkdownFile && options.shape === 'html') return send(404, 'text/plain', 'not found');
    const wantsMarkdown = options.shape === 'markdown' && (asMarkdownFile || (request.headers.accept ?? '').startsWith('text/markdown'));
    const validators = { etag: served.etag, 'last-modified': served.lastModified };
    const fresh = request.headers['if-none-match']
      ? request.headers['if-none-match'] === served.etag
      : request.headers['if-modified-since'] === served.lastModified;
    if (fresh) return send(304, 'text/plain', '', validators);
    if (wantsMarkdown) return send(200, 'text/markdown; charset=utf-8', served.body, validators);
    return send(200, 'text/html; charset=utf-8', htmlPage(served.page, [...pages.values()].map((p) => p.page)), validators);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return site;
}

const markdownParser = unified().use(remarkParse).use(remarkGfm);

/** The page inside the chrome a Mintlify page has around its content. */
function htmlPage(page: SitePage, all: SitePage[]): string {
  const content = toHtml(toHast(markdownParser.parse(page.markdown)));
  const sidebar = all.slice(0, 20).map((p) => `<li><a href="${p.path}">${escape(p.title)}</a></li>`).join('');
  const headings = [...page.markdown.matchAll(/^##+ (.+)$/gm)].map((m) => `<li><a href="#x">${escape(m[1]!)}</a></li>`).join('');
  return `<!DOCTYPE html><html><head><title>${escape(page.title)} - Prefect</title>
<meta name="description" content="${escape(page.description)}"><link rel="canonical" href="https://docs.prefect.io${page.path}"></head>
<body><header id="navbar"><nav><a href="/">Prefect</a><a href="/v3/get-started/index">Get started</a><input placeholder="Search..."></nav></header>
<div id="sidebar" class="sidebar"><ul>${sidebar}</ul></div>
<main><div id="content-area"><header id="header"><div class="eyebrow">Docs</div><h1 id="page-title">${escape(page.title)}</h1>
<div class="description">${escape(page.description)}</div></header>
<div id="content" class="mdx-content prose">${content}</div>
<div class="feedback-toolbar">Was this page helpful? <button>Yes</button><button>No</button></div>
<div id="pagination"><a href="/prev">Previous</a><a href="/next">Next</a></div>
<footer><a href="https://github.com/PrefectHQ/prefect">GitHub</a> Powered by Mintlify</footer></div></main>
<div id="table-of-contents"><div>On this page</div><ul>${headings}</ul></div>
<script>window.__docs = {}</script></body></html>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
