/**
 * The real crawler against a localhost copy of the site (sample pages of the snapshot in
 * the live site's shapes, see test/helpers/docs-site.ts), plus refresh behaviour (304s,
 * changed and removed pages), robots.txt and failing pages. Whole-site parity per variant
 * is in site-parity.test.ts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex, BuildFailedError } from '../../index-builder/build.js';
import { LocalMdxSource } from '../../index-builder/sources/local-mdx.js';
import { analyzeMarkdown, type Chunk } from '../../index-builder/chunk.js';
import type { Page } from '../../index-builder/page.js';
import { AGENT_TEXT, corpusSitePages, startDocsSite, type DocsSite, type SiteVariant } from '../helpers/docs-site.js';
import { CORPUS, openStore } from './corpus.js';

/** A sample across sections: prose, callouts, tabs, tables, CLI reference, Python reference, REST stubs. */
const SAMPLE = [
  '/v3/concepts/flows',
  '/v3/concepts/variables',
  '/v3/concepts/deployments',
  '/v3/how-to-guides/workflows/retries',
  '/v3/get-started/install',
  '/v3/advanced/deploy-ci-cd',
  '/v3/api-ref/cli/variable',
  '/v3/api-ref/cli/deployment',
  '/v3/api-ref/python/prefect-variables',
  '/v3/api-ref/rest-api/server/flows/read-flow',
  '/integrations/prefect-aws/index',
  '/contribute/dev-contribute',
];
// Quick retries; a generous request timeout, since no fixture here hangs and a loaded machine answers slowly.
const FAST_RETRY = { retries: 2, backoffMs: 20, timeoutMs: 60_000 };

const dir = mkdtempSync(join(tmpdir(), 'prefect-mcp-crawl-'));
const local = new Map<string, Page>();

before(async () => {
  const source = new LocalMdxSource(CORPUS);
  const discovered = await source.discover();
  try {
    for (const item of discovered.filter((d) => SAMPLE.includes(d.path))) {
      const result = await source.fetch(item);
      assert.equal(result.kind, 'page');
      if (result.kind === 'page') local.set(item.path, result.page);
    }
  } finally {
    await source.close();
  }
  assert.equal(local.size, SAMPLE.length);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const sitePages = corpusSitePages(SAMPLE).map((page) => (page.path === '/v3/api-ref/cli/variable' ? { ...page, listed: false } : page));

function storedChunks(out: string, path: string): Array<{ id: number; anchor: string; heading: string; heading_path: string; markdown: string }> {
  const db = openStore(out);
  try {
    return db
      .prepare('SELECT c.id, c.anchor, c.heading, c.heading_path, c.markdown FROM chunks c JOIN pages p ON p.id = c.page_id WHERE p.path = ? ORDER BY c.ord')
      .all(path) as Array<{ id: number; anchor: string; heading: string; heading_path: string; markdown: string }>;
  } finally {
    db.close();
  }
}

function localChunks(path: string): Chunk[] {
  const page = local.get(path)!;
  return analyzeMarkdown(page.markdown, page.title).chunks;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9_]+/g) ?? []);
}

function overlap(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  const shared = [...x].filter((word) => y.has(word)).length;
  return shared / Math.max(x.size, y.size, 1);
}

async function withSite(variant: SiteVariant, run: (site: DocsSite) => Promise<void>): Promise<void> {
  const site = await startDocsSite({ pages: sitePages, variant });
  try {
    await run(site);
  } finally {
    await site.close();
  }
}

test('docs.prefect.io .md endpoints: discovery from llms.txt and sitemap.xml, same chunks as the local build, no agent text', async () => {
  await withSite('docs', async (site) => {
    const out = join(dir, 'markdown.sqlite');
    const summary = await buildIndex({ source: site.url, out, concurrency: 4, web: FAST_RETRY });
    assert.equal(summary.kind, 'web');
    assert.equal(summary.pages, SAMPLE.length);
    assert.deepEqual(summary.failed, []);
    assert.ok(site.requests.some((r) => r.path === '/llms.txt') && site.requests.some((r) => r.path === '/sitemap.xml'));
    for (const path of SAMPLE) {
      const web = storedChunks(out, path);
      const expected = localChunks(path);
      assert.deepEqual(web.map((c) => [c.anchor, JSON.parse(c.heading_path)]), expected.map((c) => [c.anchor, c.headingPath]), path);
      assert.deepEqual(web.map((c) => c.markdown), expected.map((c) => c.markdown), path);
    }
    const db = openStore(out);
    try {
      const stored = (db.prepare('SELECT markdown FROM chunks').all() as Array<{ markdown: string }>).map((r) => r.markdown).join('\n');
      for (const text of AGENT_TEXT) assert.ok(!stored.includes(text), `"${text}" reached the store`);
      const variable = db.prepare("SELECT * FROM cli_commands WHERE command = 'prefect variable set'").get() as Record<string, string>;
      assert.ok(variable.options.includes('--overwrite'), 'CLI commands come from crawled pages too');
      assert.equal(variable.url, `${site.url}/v3/api-ref/cli/variable#prefect-variable-set`);
      const flows = db.prepare("SELECT title, description, keywords, hidden, etag, last_modified FROM pages WHERE path = '/v3/concepts/flows'").get() as Record<string, string | number>;
      assert.equal(flows.title, local.get('/v3/concepts/flows')!.title);
      assert.equal(flows.description, local.get('/v3/concepts/flows')!.description);
      assert.ok(local.get('/v3/concepts/flows')!.keywords.length > 0, 'the local build has keywords for /v3/concepts/flows');
      assert.deepEqual(JSON.parse(flows.keywords as string), local.get('/v3/concepts/flows')!.keywords, "keywords from the HTML page's head");
      assert.ok(flows.etag && flows.last_modified);
      const unlisted = db.prepare("SELECT hidden FROM pages WHERE path = '/v3/api-ref/cli/variable'").get() as { hidden: number };
      assert.equal(unlisted.hidden, 1, 'in the sitemap but not in llms.txt');
    } finally {
      db.close();
    }
  });
});

test('HTML pages: layout chrome is dropped and the chunks match the markdown shape', async () => {
  await withSite('html', async (site) => {
    const out = join(dir, 'html.sqlite');
    const summary = await buildIndex({ source: site.url, out, concurrency: 4, web: FAST_RETRY });
    assert.deepEqual(summary.failed, []);
    for (const path of SAMPLE) {
      const web = storedChunks(out, path);
      const expected = localChunks(path);
      assert.deepEqual(web.map((c) => c.anchor), expected.map((c) => c.anchor), path);
      for (let i = 0; i < web.length; i++) {
        const similarity = overlap(web[i]!.markdown, expected[i]!.markdown);
        assert.ok(similarity > 0.85, `${path}#${web[i]!.anchor}: word overlap ${similarity.toFixed(2)}`);
      }
    }
    const db = openStore(out);
    try {
      const all = (db.prepare('SELECT markdown FROM pages').all() as Array<{ markdown: string }>).map((r) => r.markdown).join('\n');
      for (const chrome of ['Was this page helpful', 'On this page', 'Powered by Mintlify', 'Search...', '__docs', ...AGENT_TEXT]) {
        assert.ok(!all.includes(chrome), `chrome "${chrome}" leaked into the content`);
      }
      const flows = db.prepare("SELECT markdown, canonical_url, keywords FROM pages WHERE path = '/v3/concepts/flows'").get() as { markdown: string; canonical_url: string; keywords: string };
      assert.deepEqual(JSON.parse(flows.keywords), local.get('/v3/concepts/flows')!.keywords);
      assert.match(flows.markdown, /^```python$/m, 'fenced code keeps its language');
      assert.equal(flows.canonical_url, 'https://docs.prefect.io/v3/concepts/flows');
      // A sampled page with a table: its delimiter row survives the crawl as in the local build.
      const delimiter = local.get('/v3/advanced/deploy-ci-cd')!.markdown.match(/^\|(?: *:?-{3,}:? *\|)+$/m)?.[0];
      assert.ok(delimiter, 'the local build of /v3/advanced/deploy-ci-cd has a table');
      const table = db.prepare("SELECT markdown FROM pages WHERE path = '/v3/advanced/deploy-ci-cd'").get() as { markdown: string };
      assert.ok(table.markdown.includes(delimiter), 'the crawled page keeps the table');
    } finally {
      db.close();
    }
  });
});

test('refresh: 304s cause no rework, a changed page alone is re-chunked, a removed page is deleted', async () => {
  await withSite('docs', async (site) => {
    const out = join(dir, 'refresh.sqlite');
    await buildIndex({ source: site.url, out, web: FAST_RETRY });
    const before = new Map(SAMPLE.map((path) => [path, storedChunks(out, path).map((c) => c.id)]));

    site.requests.length = 0;
    const unchanged = await buildIndex({ source: site.url, out, refresh: true, web: FAST_RETRY });
    assert.equal(unchanged.incremental, true);
    assert.equal(unchanged.changed, 0);
    assert.equal(unchanged.unchanged, SAMPLE.length);
    const pageRequests = site.requests.filter((r) => r.path.endsWith('.md'));
    assert.equal(pageRequests.length, SAMPLE.length);
    assert.ok(pageRequests.every((r) => r.status === 304), 'every page answered 304');
    assert.deepEqual(site.requests.filter((r) => SAMPLE.includes(r.path)), [], 'no HTML page asked for an unchanged page');

    const variables = sitePages.find((page) => page.path === '/v3/concepts/variables')!;
    site.setPage({ ...variables, body: variables.body + '\n\n## Brand new section\n\nVariables now glow in the dark, so you can read their values at night without turning on the lights in your data center.' });
    site.removePage('/contribute/dev-contribute');
    const changed = await buildIndex({ source: site.url, out, refresh: true, web: FAST_RETRY });
    assert.equal(changed.changed, 1);
    assert.deepEqual(changed.removed, ['/contribute/dev-contribute']);
    assert.equal(changed.pages, SAMPLE.length - 1);
    for (const path of SAMPLE) {
      const ids = storedChunks(out, path).map((c) => c.id);
      if (path === '/contribute/dev-contribute') assert.deepEqual(ids, []);
      else if (path === '/v3/concepts/variables') assert.notDeepEqual(ids, before.get(path));
      else assert.deepEqual(ids, before.get(path), `${path} was re-chunked`);
    }
    const added = storedChunks(out, '/v3/concepts/variables').find((c) => c.anchor === 'brand-new-section');
    assert.match(added?.markdown ?? '', /glow in the dark/);
  });
});

test('robots.txt disallow is obeyed', async () => {
  await withSite('docs', async (site) => {
    site.robots = 'User-agent: *\nDisallow: /v3/api-ref/\n';
    const out = join(dir, 'robots.sqlite');
    const summary = await buildIndex({ source: site.url, out, web: FAST_RETRY });
    const excluded = SAMPLE.filter((path) => path.startsWith('/v3/api-ref/'));
    assert.equal(summary.pages, SAMPLE.length - excluded.length);
    assert.equal(summary.cliCommands, 0);
    assert.ok(!site.requests.some((r) => r.path.startsWith('/v3/api-ref/')), 'no request to a disallowed path');
  });
});

test('a page answering 500 is retried, then reported; too many failures fail the build and keep the old store', async () => {
  await withSite('docs', async (site) => {
    const out = join(dir, 'failing.sqlite');
    site.failing.add('/v3/concepts/flows');
    const summary = await buildIndex({ source: site.url, out, web: FAST_RETRY, maxFailureShare: 0.1 });
    // First try plus two retries, for the .md endpoint and again for the page URL.
    assert.equal(site.requests.filter((r) => r.path === '/v3/concepts/flows.md').length, 1 + FAST_RETRY.retries);
    assert.deepEqual(summary.failed.map((f) => [f.path, f.reason]), [['/v3/concepts/flows', `HTTP 500 for ${site.url}/v3/concepts/flows`]]);
    assert.equal(summary.pages, SAMPLE.length - 1);

    for (const path of SAMPLE.slice(0, 4)) site.failing.add(path);
    await assert.rejects(buildIndex({ source: site.url, out, web: FAST_RETRY, maxFailureShare: 0.1 }), (error: unknown) => {
      assert.ok(error instanceof BuildFailedError);
      assert.equal(error.failed.length, 4);
      return true;
    });
    const db = openStore(out);
    try {
      assert.equal((db.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n, SAMPLE.length - 1, 'previous store kept');
    } finally {
      db.close();
    }
  });
});

test('a site that cannot be reached fails the build at once with the reason, and writes no store', async () => {
  // A port just freed: nothing listens there, and it is not one of fetch's blocked ports.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const out = join(dir, 'unreachable.sqlite');
  await assert.rejects(
    buildIndex({ source: `http://127.0.0.1:${port}/`, out, web: FAST_RETRY }),
    (error: Error) => error.message === `http://127.0.0.1:${port} is unreachable (ECONNREFUSED)`,
  );
  assert.equal(existsSync(out), false);
});
