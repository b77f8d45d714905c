/**
 * The whole local snapshot indexed once; the assertions read the resulting store.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { toString } from 'mdast-util-to-string';
import type Database from 'better-sqlite3';
import { buildIndex, type BuildSummary } from '../../index-builder/build.js';
import { parseMdx } from '../../index-builder/mdx/parse.js';
import { resolveRedirect, type Redirect } from '../../src/docs-model/redirects.js';
import { loadSearchIndex } from '../../src/docs-model/search-index.js';
import { SCHEMA_VERSION, type CliArgument, type CliOption } from '../../src/docs-model/schema.js';
import { CORPUS, openStore } from './corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'prefect-mcp-local-'));
const out = join(dir, 'docs.sqlite');
let summary: BuildSummary;
let db: Database.Database;

before(async () => {
  summary = await buildIndex({ source: CORPUS, out });
  db = openStore(out);
});
after(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

function corpusPages(): string[] {
  return readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
    .map((rel) => rel.split('\\').join('/'))
    .filter((rel) => /\.mdx?$/.test(rel) && !rel.startsWith('snippets/') && rel !== 'SOURCE.md');
}

/** Fence tracking with the CommonMark rule: a fence closes on the same character, at least as long. */
function fencesBalanced(markdown: string): boolean {
  let open: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^(?:\s*>)*\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (!marker) continue;
    if (!open) open = marker[1];
    else if (marker[1]![0] === open[0] && marker[1]!.length >= open.length && marker[2]!.trim() === '') open = undefined;
  }
  return open === undefined;
}

function outsideCode(markdown: string): string {
  const kept: string[] = [];
  let open: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^(?:\s*>)*\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (marker && !open) open = marker[1];
    else if (marker && open && marker[1]![0] === open[0] && marker[1]!.length >= open.length && marker[2]!.trim() === '') open = undefined;
    else if (!open) kept.push(line.replace(/`[^`]*`/g, ''));
  }
  return kept.join('\n');
}

function page(path: string) {
  return db.prepare('SELECT * FROM pages WHERE path = ?').get(path) as Record<string, string | number> | undefined;
}

test('every page of the snapshot is indexed, with chunks, and nothing failed', () => {
  const files = corpusPages();
  assert.ok(files.length > 900, `snapshot has ${files.length} pages`);
  assert.equal(summary.failed.length, 0);
  assert.equal(summary.pages, files.length);
  const stored = new Set((db.prepare('SELECT path FROM pages').all() as Array<{ path: string }>).map((r) => r.path));
  for (const rel of files) assert.ok(stored.has('/' + rel.replace(/\.mdx?$/, '')), `${rel} missing`);
  const empty = db.prepare('SELECT p.path FROM pages p WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.page_id = p.id)').all();
  assert.deepEqual(empty, []);
  assert.ok(summary.chunks > 3 * summary.pages, `${summary.chunks} chunks`);
});

test('meta rows describe the build', () => {
  const meta = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
  assert.equal(Number(meta.schema_version), SCHEMA_VERSION);
  assert.equal(meta.source, CORPUS);
  assert.equal(Number(meta.page_count), summary.pages);
  assert.equal(Number(meta.chunk_count), summary.chunks);
  assert.equal(Number(meta.cli_count), summary.cliCommands);
  assert.ok(!Number.isNaN(Date.parse(meta.built_at!)));
  assert.equal(meta.failed_pages, '[]');
});

test('pages carry title, description, breadcrumb, keywords and hidden flags from the source', () => {
  const variables = page('/v3/concepts/variables')!;
  assert.equal(variables.title, 'Variables');
  assert.match(String(variables.description), /mutable JSON values/);
  assert.equal(variables.breadcrumb, 'Concepts › Configuration');
  assert.equal(variables.section, 'concepts');
  assert.equal(variables.url, 'https://docs.prefect.io/v3/concepts/variables');
  // The resource-management component renders its sentence.
  assert.match(String(variables.markdown), /You can manage variables with the \[?Prefect API/);

  const slack = page('/integrations/prefect-slack/index')!;
  assert.deepEqual(JSON.parse(String(slack.keywords)), ['Slack', 'notification', 'message', 'webhook', 'alert']);

  assert.equal(page('/resources/infrastructure-debugging')!.hidden, 1, 'frontmatter hidden: true');
  assert.equal(page('/v3/api-ref/cli/blocks')!.hidden, 1, 'alias page is not in the navigation');
  assert.equal(page('/v3/concepts/flows')!.hidden, 0);
  // CLI pages have title " " and carry the name in sidebarTitle.
  assert.equal(page('/v3/api-ref/cli/variable')!.title, 'prefect variable');
});

test('MDX components become plain markdown: no JSX, imports or comments survive', () => {
  // Pages that document MDX itself show components inside code, which is content.
  const leftovers = (db.prepare('SELECT path, markdown FROM pages').all() as Array<{ path: string; markdown: string }>)
    .filter(({ markdown }) => /<(ResponseField|Accordion|Note|Icon|CardGroup|Tabs)\b|^import \{/m.test(outsideCode(markdown)))
    .map(({ path }) => path);
  assert.deepEqual(leftovers, []);
  const flows = String(page('/v3/concepts/flows')!.markdown);
  // The FinalFlowState snippet is inlined where it was used.
  assert.match(flows, /The final state of a flow is determined by its/);
  const install = String(page('/v3/get-started/install')!.markdown);
  assert.doesNotMatch(install, /<Installation/);
  // Callouts are labelled blockquotes; code fences keep their language.
  assert.match(String(page('/v3/concepts/variables')!.markdown), /^> \*\*Warning\*\*$/m);
  assert.match(flows, /^```python$/m);
});

test('openapi: stubs are rendered from schema.json', () => {
  const readFlow = page('/v3/api-ref/rest-api/server/flows/read-flow')!;
  assert.equal(readFlow.title, 'Read Flow');
  assert.match(String(readFlow.markdown), /\*\*GET\*\* `\/flows\/\{id\}`/);
  assert.match(String(readFlow.markdown), /- `id` \(string, path, required\): The flow id/);
  const readFlows = String(page('/v3/api-ref/rest-api/server/flows/read-flows')!.markdown);
  assert.match(readFlows, /## Request body/);
  assert.match(readFlows, /- `limit` \(integer\): Defaults to PREFECT_SERVER_API_DEFAULT_LIMIT/);
  const stubs = db.prepare("SELECT COUNT(*) AS n FROM pages WHERE path LIKE '/v3/api-ref/rest-api/server/%' AND markdown LIKE '**%** `/%'").get() as { n: number };
  assert.ok(stubs.n >= 190, `${stubs.n} rendered endpoint pages`);
});

test('chunks split at h2/h3 with the anchors the site uses', () => {
  const chunks = db
    .prepare("SELECT c.* FROM chunks c JOIN pages p ON p.id = c.page_id WHERE p.path = '/v3/concepts/flows' ORDER BY ord")
    .all() as Array<{ anchor: string; heading: string; heading_path: string; markdown: string; ord: number }>;
  const running = chunks.find((c) => c.anchor === 'running-a-flow');
  assert.ok(running, 'anchor running-a-flow');
  assert.deepEqual(JSON.parse(running.heading_path), ['Flows', 'What is a flow?', 'Running a flow']);
  assert.match(running.markdown, /^### Running a flow/);
  assert.deepEqual(chunks.map((c) => c.ord), chunks.map((_, i) => i));
  // No chunk anywhere starts or ends inside a code fence: fences are balanced in every chunk.
  const all = db.prepare('SELECT markdown FROM chunks').all() as Array<{ markdown: string }>;
  const unbalanced = all.filter((c) => !fencesBalanced(c.markdown));
  assert.equal(unbalanced.length, 0, unbalanced.slice(0, 2).map((c) => c.markdown.slice(0, 200)).join('\n---\n'));
  const headings = JSON.parse(String(page('/v3/api-ref/cli/deployment')!.headings)) as Array<{ anchor: string }>;
  assert.ok(headings.some((h) => h.anchor === 'prefect-deployment-schedule-pause'));
});

test('every command heading in the CLI reference is a structured command', () => {
  const commands = new Map(
    (db.prepare('SELECT * FROM cli_commands').all() as Array<Record<string, string | null>>).map((row) => [row.command!, row]),
  );
  let headings = 0;
  for (const file of readdirSync(join(CORPUS, 'v3/api-ref/cli'))) {
    const { tree } = parseMdx(readFileSync(join(CORPUS, 'v3/api-ref/cli', file), 'utf8'));
    for (const node of tree.children) {
      if (node.type !== 'heading') continue;
      const name = toString(node).trim();
      headings++;
      assert.ok(commands.has(name), `${relative(CORPUS, file)}: ${name} missing`);
      assert.equal(commands.get(name)!.page_path, `/v3/api-ref/cli/${file.replace(/\.mdx$/, '')}`);
    }
  }
  assert.equal(commands.size, headings);

  const pause = commands.get('prefect deployment schedule pause')!;
  assert.equal(pause.parent, 'prefect deployment schedule');
  assert.equal(pause.usage, 'prefect deployment schedule pause [OPTIONS] [DEPLOYMENT_NAME] [SCHEDULE_ID]');
  assert.equal(pause.description, 'Pause deployment schedules.');
  assert.deepEqual((JSON.parse(pause.arguments!) as CliArgument[]).map((a) => [a.name, a.required]), [['DEPLOYMENT_NAME', false], ['SCHEDULE_ID', false]]);
  assert.deepEqual((JSON.parse(pause.options!) as CliOption[]).map((o) => o.name), ['--all']);
  assert.match((JSON.parse(pause.examples!) as string[])[0]!, /prefect deployment schedule pause --all/);
  assert.equal(pause.url, 'https://docs.prefect.io/v3/api-ref/cli/deployment#prefect-deployment-schedule-pause');

  const set = commands.get('prefect variable set')!;
  const options = JSON.parse(set.options!) as CliOption[];
  assert.deepEqual(options.find((o) => o.name === '--overwrite'), { name: '--overwrite', required: false, help: 'Overwrite the variable if it already exists.' });
  assert.deepEqual((JSON.parse(set.arguments!) as CliArgument[]).map((a) => [a.name, a.required]), [['NAME', true], ['VALUE', true]]);
  assert.equal(commands.get('prefect')?.command, undefined);
  assert.equal(commands.get('prefect variable')!.parent, null);

  assert.equal(commands.get('prefect blocks ls')!.alias_of, 'prefect block ls');
  assert.equal(commands.get('prefect gcl')!.alias_of, 'prefect global-concurrency-limit');
  // The sidebar lists `event`, but the CLI module is prefect.cli.events: `events` is the name, `event` the alias.
  assert.equal(commands.get('prefect event stream')!.alias_of, 'prefect events stream');
  assert.equal(commands.get('prefect events')!.alias_of, null);
  assert.equal(commands.get('prefect block ls')!.alias_of, null);
  assert.equal(commands.get('prefect transfer')!.alias_of, null);
});

test('redirects from docs.json are stored and resolve, wildcards and chains included', () => {
  const redirects = db.prepare('SELECT source, destination FROM redirects').all() as Redirect[];
  const config = JSON.parse(readFileSync(join(CORPUS, 'docs.json'), 'utf8')) as { redirects: Redirect[] };
  for (const r of config.redirects) assert.ok(redirects.some((s) => s.source === r.source && s.destination === r.destination), r.source);
  const exists = (path: string) => page(path) !== undefined;
  assert.equal(resolveRedirect('/concepts/flows', redirects, exists), '/v3/concepts/flows');
  assert.equal(resolveRedirect('/integrations/prefect-aws', redirects, exists), '/integrations/prefect-aws/index');
  assert.equal(resolveRedirect('/no/such/page', redirects, exists), undefined);
});

test('the stored MiniSearch index loads and finds chunks', () => {
  const { json } = db.prepare("SELECT json FROM search_index WHERE name = 'chunks'").get() as { json: string };
  const index = loadSearchIndex(json);
  assert.equal(index.documentCount, summary.chunks);
  const hits = index.search('deployment schedule pause', { filter: (hit) => hit.section === 'cli' });
  assert.equal(hits[0]?.path, '/v3/api-ref/cli/deployment');
  const concept = index.search('flow retries');
  assert.ok(concept.slice(0, 10).some((hit) => String(hit.path).startsWith('/v3/')), 'prose pages are found');
});

test('a build killed midway leaves the previous store intact and serving', async () => {
  const builtAt = (db.prepare("SELECT value FROM meta WHERE key = 'built_at'").get() as { value: string }).value;
  const script = `import { buildIndex } from ${JSON.stringify(new URL('../../index-builder/build.js', import.meta.url).href)};
    await buildIndex({ source: ${JSON.stringify(CORPUS)}, out: ${JSON.stringify(out)}, onProgress: (p) => { if (p.processed === 50) process.stdout.write('midway\\n'); } });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let tempFileMidway = false;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('midway')) return;
      tempFileMidway = readdirSync(dir).some((name) => name.includes('.building-'));
      child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code} before it was killed`))));
  });
  assert.ok(tempFileMidway, 'the build writes a temp file');
  const reopened = openStore(out);
  try {
    assert.equal((reopened.prepare("SELECT value FROM meta WHERE key = 'built_at'").get() as { value: string }).value, builtAt);
    assert.equal((reopened.pragma('integrity_check') as Array<{ integrity_check: string }>)[0]!.integrity_check, 'ok');
    assert.equal((reopened.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n, summary.pages);
  } finally {
    reopened.close();
  }
  assert.ok(existsSync(out));
});
