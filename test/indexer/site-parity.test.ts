/**
 * The whole docs snapshot served in each live shape (test/helpers/docs-site.ts), crawled,
 * and compared with the index the test bed built from the local MDX checkout: same titles and
 * keywords, identical chunk text, same CLI commands, the same guide-run commands with the same flags
 * and example lines (cli_usage), nothing addressed to agents in the store,
 * and (whole-site builds) dev-set Recall@5 within 0.01 of the local build's. Each test prints
 * its parity figures and both recalls.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex } from '../../index-builder/build.js';
import { requireTestBed } from '../helpers/bed.js';
import { corpusSitePages, startDocsSite, startMovedSite, type DocsSite, type SitePage } from '../helpers/docs-site.js';
import { compareStores, describeParity, type StoreParity } from '../helpers/store-parity.js';
import { recallAt5, type DevRecall } from '../helpers/dev-recall.js';
import { openStore } from './corpus.js';

/** A whole-site crawl on a loaded two-core machine: minutes, not seconds. */
const BUILD_TIMEOUT = 20 * 60_000;
const dir = mkdtempSync(join(tmpdir(), 'prefect-mcp-parity-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let pages: SitePage[] | undefined;
const allPages = () => (pages ??= corpusSitePages());
let localRecall: DevRecall | undefined;

async function crawl(name: string, source: string, only?: ReadonlySet<string>): Promise<{ out: string; parity: StoreParity }> {
  const out = join(dir, `${name}.sqlite`);
  const summary = await buildIndex({ source, out, concurrency: 8 });
  assert.deepEqual(summary.failed, []);
  const parity = compareStores(requireTestBed().docsDb, out, only);
  console.log(describeParity(name, parity));
  return { out, parity };
}

/** Recall@5 of a whole-site build next to the local build's, printed; the questions only one of them answers. */
function assertRecall(out: string): void {
  localRecall ??= recallAt5(requireTestBed().docsDb);
  const site = recallAt5(out);
  console.log(`dev-set Recall@5 over ${site.questions} questions: site build ${site.recall}, local build ${localRecall.recall}`);
  const onlyLocal = site.missed.filter((query) => !localRecall!.missed.includes(query));
  const onlySite = localRecall.missed.filter((query) => !site.missed.includes(query));
  assert.ok(Math.abs(site.recall - localRecall.recall) <= 0.01, `missed only by the site build: ${JSON.stringify(onlyLocal)}; only by the local build: ${JSON.stringify(onlySite)}`);
}

function assertTargets(parity: StoreParity): void {
  const detail = parity.examples.join('\n');
  assert.equal(parity.pages, parity.localPages, 'every page of the local build');
  assert.equal(parity.sameTitle, 1, `every title as in the local build\n${detail}`);
  assert.equal(parity.sameKeywords, 1, `every page's keywords as in the local build\n${detail}`);
  assert.ok(parity.identicalChunks >= 0.98, `identical chunks ${parity.identicalChunks}\n${detail}`);
  assert.deepEqual([parity.cliMissing, parity.cliExtra], [[], []], 'the same CLI commands');
  assertSameUsage(parity);
  assert.equal(parity.agentChunks, 0, 'no chunk holds the preamble, agent instructions or site boilerplate');
}

/** The commands the guides run, with the same flags and example lines (cli_usage). */
function assertSameUsage(parity: StoreParity): void {
  assert.ok(parity.localUsage > 0, 'the local build has guide-run commands to compare');
  assert.deepEqual([parity.usageMissing, parity.usageExtra, parity.usageDiffering], [[], [], []], `the same guide-run commands, flags and examples\n${parity.examples.join('\n')}`);
}

async function withSite<T>(site: DocsSite, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    await site.close();
  }
}

test('docs.prefect.io: per-page .md with preamble, agent instructions, raw MDX and fence meta', { timeout: BUILD_TIMEOUT }, async () => {
  const site = await startDocsSite({ pages: allPages(), variant: 'docs' });
  await withSite(site, async () => {
    const { out, parity } = await crawl('docs', site.url);
    assertTargets(parity);
    assertRecall(out);
    assert.ok(!site.requests.some((r) => r.path === '/llms-full.txt' && r.status === 200), 'no llms-full.txt on this site');
    const db = openStore(out);
    try {
      const flows = db.prepare("SELECT title, description FROM pages WHERE path = '/v3/concepts/flows'").get() as { title: string; description: string };
      assert.equal(flows.title, 'Flows');
      assert.ok(flows.description.length > 20, 'description from the quote after the title');
    } finally {
      db.close();
    }
  });
});

test('docs.prefect.io moved to www.prefect.io/docs: followed as a whole-site redirect, /docs links and card quotes mapped back', { timeout: BUILD_TIMEOUT }, async () => {
  const www = await startDocsSite({ pages: allPages(), variant: 'www' });
  const moved = await startMovedSite(www.url);
  try {
    const { out, parity } = await crawl('www-moved', moved.url);
    assertTargets(parity);
    assertRecall(out);
    assert.ok(moved.requests <= 3, `only the first requests go to the old host (${moved.requests})`);
    const db = openStore(out);
    try {
      const meta = db.prepare("SELECT value FROM meta WHERE key = 'site_moved'").get() as { value: string };
      assert.equal(meta.value, `${moved.url} → ${www.url}`);
      // Some pages link to README.md files on GitHub; the local build is the measure.
      const wwwShaped = (store: ReturnType<typeof openStore>) =>
        (store.prepare("SELECT COUNT(*) AS n FROM chunks WHERE markdown LIKE '%](/docs/%' OR markdown LIKE '%.md)%' OR markdown LIKE '%.md#%' OR markdown LIKE '%[card]%'").get() as { n: number }).n;
      const local = openStore(requireTestBed().docsDb);
      try {
        assert.equal(wwwShaped(db), wwwShaped(local), 'no www link or card quote left beyond what the local build has');
      } finally {
        local.close();
      }
      const url = db.prepare("SELECT url FROM pages WHERE path = '/v3/concepts/flows'").get() as { url: string };
      assert.equal(url.url, `${www.url}/v3/concepts/flows`, 'pages are cited where they now live');
    } finally {
      db.close();
    }
  } finally {
    await moved.close();
    await www.close();
  }
});

test('llms-full.txt is one request for every listed page; unlisted pages fall back to .md', { timeout: BUILD_TIMEOUT }, async () => {
  const site = await startDocsSite({ pages: allPages(), variant: 'docs', llmsFull: true });
  await withSite(site, async () => {
    const { out, parity } = await crawl('llms-full', site.url);
    assertTargets(parity);
    assertRecall(out);
    const unlisted = allPages().filter((page) => !page.listed).map((page) => `${page.path}.md`).sort();
    // Distinct paths: on a loaded machine a slow answer may be retried.
    const pageRequests = [...new Set(site.requests.filter((r) => r.path.endsWith('.md')).map((r) => r.path))].sort();
    assert.ok(site.requests.some((r) => r.path === '/llms-full.txt' && r.status === 200));
    assert.deepEqual(pageRequests, unlisted, 'a .md request only for pages missing from llms-full.txt');
  });
});

// HTML pages go through the MDX renderer's serializer (sources/html-mdast.ts); what HTML cannot carry
// (fence titles such as `python flow.py`) is the known gap. Every CLI page and a tenth of the others
// keep this test's two HTML renderings in bounds; the benchmark measures the whole snapshot.
test('HTML pages: the "Documentation Index" note and layout chrome are dropped; titles, chunks, CLI commands and guide-run commands as in the local build', { timeout: BUILD_TIMEOUT }, async () => {
  const sample = allPages().filter((page, i) => page.path.startsWith('/v3/api-ref/cli/') || i % 10 === 0);
  const site = await startDocsSite({ pages: sample, variant: 'html' });
  await withSite(site, async () => {
    const { parity } = await crawl('html', site.url, new Set(sample.map((page) => page.path)));
    assert.ok(parity.localPages > 100, `a sample of ${parity.localPages} pages`);
    assert.equal(parity.pages, parity.localPages);
    assert.equal(parity.sameTitle, 1, parity.examples.join('\n'));
    assert.equal(parity.sameKeywords, 1, parity.examples.join('\n'));
    assert.ok(parity.identicalChunks >= 0.98, `identical chunks ${parity.identicalChunks}\n${parity.examples.join('\n')}`);
    assert.equal(parity.agentChunks, 0);
    assert.deepEqual([parity.cliMissing, parity.cliExtra], [[], []], 'the same CLI commands');
    assertSameUsage(parity);
  });
});
