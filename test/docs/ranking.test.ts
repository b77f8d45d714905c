/**
 * Ranking behaviour that must hold whatever the weights: a CLI question gets the CLI reference
 * first; a question that asks for no command gets a guide before the CLI reference; a question
 * that names an integration gets its pages first; a symptom is explained by a guide, not by a
 * reference page; the longest guides do not surface for questions about something else. No
 * score thresholds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CliCatalog } from '../../src/docs/cli-catalog.js';
import { DocsSearcher } from '../../src/docs/search.js';
import { processTerm, tokenize } from '../../src/docs-model/search-index.js';
import { DocsStore } from '../../src/docs/store.js';
import { docsStore } from './docs-store.js';

const REFERENCE = new Set(['cli', 'python-api', 'rest-api', 'api-ref', 'release-notes']);
const words = (text: string) => new Set(tokenize(text).map(processTerm).filter((term): term is string => term !== null));

describe('docs ranking behaviour', { timeout: 300_000 }, () => {
  let store: DocsStore;
  let cli: CliCatalog;
  let searcher: DocsSearcher;
  before(async () => {
    store = new DocsStore(await docsStore());
    cli = new CliCatalog(store.cliCommands, (pagePath) => store.page(pagePath)?.hidden ?? false);
    searcher = new DocsSearcher(store, cli);
  });
  after(() => store?.close());
  const sectionOf = (path: string) => store.page(path)?.section;

  it('a CLI question gets the page of the command first', () => {
    for (const [query, command] of [
      ['which cli command pauses a deployment schedule', 'prefect deployment schedule pause'],
      ['from the terminal, create a work pool', 'prefect work-pool create'],
    ] as const) {
      const info = cli.exact(command);
      assert.ok(info, `${command} is in the CLI reference`);
      const top = searcher.search(query, { limit: 5 })[0];
      assert.equal(top?.path, info.pagePath, query);
    }
  });

  it('a question with no CLI words gets a matching guide before any CLI reference page', () => {
    for (const query of ['pause a deployment schedule', 'create a work pool', 'inspect a flow run', 'log from inside a task']) {
      const hits = searcher.search(query, { limit: 5 });
      assert.ok(
        hits.some((hit) => !REFERENCE.has(sectionOf(hit.path)!)),
        `a guide matches "${query}": ${hits.map((hit) => hit.path).join(', ')}`,
      );
      assert.notEqual(sectionOf(hits[0]!.path), 'cli', `"${query}" → ${hits[0]!.path}`);
    }
  });

  it('a symptom that asks for no command or setting gets a guide or concept page first, not a reference page', () => {
    // Both had the settings reference first when reference pages were weighted alike for every question.
    for (const query of ['the server keeps timing out when my worker polls it', 'worker process dies after a few hours with a connection error to the api']) {
      const top = searcher.search(query, { limit: 5 })[0];
      assert.ok(top && !REFERENCE.has(sectionOf(top.path)!), `"${query}" → ${top?.path}`);
    }
  });

  it('a question that names an integration gets that integration\'s pages first', () => {
    for (const [query, integration] of [
      ['run a query against snowflake from a task', 'prefect-snowflake'],
      ['trigger a dbt cloud job and wait for it to finish', 'prefect-dbt'],
      ['read a secret from aws secrets manager in a flow', 'prefect-aws'],
      ['send a slack message when a flow fails', 'prefect-slack'],
      // A cloud service names its provider's package.
      ['deploy flows to ECS fargate', 'prefect-aws'],
      ['set up a cloud run worker', 'prefect-gcp'],
    ] as const) {
      const top = searcher.search(query, { limit: 5 })[0];
      assert.ok(top?.path.startsWith(`/integrations/${integration}/`), `"${query}" → ${top?.path}`);
    }
  });

  it('the longest guides do not surface for questions about something else', () => {
    const longest = store.pages
      .filter((page) => !REFERENCE.has(page.section) && !page.path.includes('/api-ref/'))
      .map((page) => ({ page, length: store.markdown(page).length }))
      .sort((a, b) => b.length - a.length)
      .slice(0, 3)
      .map(({ page }) => page);
    for (const query of ['cache task results based on their inputs', 'retry a failed task with exponential backoff', 'set a concurrency limit on a tag', 'send a notification when a flow run fails']) {
      const paths = searcher.search(query, { limit: 5 }).map((hit) => hit.path);
      for (const page of longest) {
        const shared = [...words(page.title)].filter((term) => words(query).has(term));
        assert.deepEqual(shared, [], `"${query}" is about something else than "${page.title}"`);
        assert.ok(!paths.includes(page.path), `"${query}" → ${paths.join(', ')} includes the long page ${page.path}`);
      }
    }
  });

  it('passages: each top hit carries its section text, within the per-passage bound', () => {
    const hits = searcher.search('retry a failed task with exponential backoff', { limit: 3, passages: true });
    assert.equal(hits.length, 3);
    for (const hit of hits) {
      assert.ok(hit.passage && hit.passage.length > 0, hit.url);
      assert.ok(hit.passage.length <= 1500, `${hit.url}: ${hit.passage.length} characters`);
    }
    assert.match(hits[0]!.passage!, /retr/i);
    assert.equal(searcher.search('retry a failed task', { limit: 3 })[0]!.passage, undefined);
  });
});
