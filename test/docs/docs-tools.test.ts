/** The docs tools, resources and prompts through a real MCP client over stdio. */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectStdio, type StdioConnection } from '../helpers/mcp.js';
import { docsStore } from './docs-store.js';
import { packageRoot } from '../../src/paths.js';

type Structured = Record<string, any>;

describe('docs tools over stdio', { timeout: 300_000 }, () => {
  let conn: StdioConnection;
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await conn.client.callTool({ name, arguments: args });
    const text = (result.content as Array<{ text: string }>).map((part) => part.text).join('\n');
    return { isError: result.isError === true, text, data: result.structuredContent as Structured };
  };

  before(async () => {
    const db = await docsStore();
    // No prefect executable anywhere (PATH holds only node's folder): the docs-only answers are under test here.
    conn = await connectStdio({ env: { PREFECT_MCP_DOCS_DB: db, PREFECT_MCP_DOCS_AUTOBUILD: '0', PREFECT_MCP_PREFECT_BIN: undefined, VIRTUAL_ENV: undefined, PATH: dirname(process.execPath) } });
  });
  after(async () => conn?.close());

  it('lists the five docs tools as read-only, closed-world', async () => {
    const { tools } = await conn.client.listTools();
    for (const name of ['search_docs', 'read_doc', 'get_cli_help', 'search_cli', 'get_release_notes']) {
      const tool = tools.find((t) => t.name === name);
      assert.ok(tool, `${name} is listed`);
      assert.equal(tool.annotations?.readOnlyHint, true);
      assert.equal(tool.annotations?.openWorldHint, false);
      assert.ok(tool.outputSchema);
    }
  });

  it('search_cli finds the command that pauses a deployment schedule, with its arguments', async () => {
    const { isError, data, text } = await call('search_cli', { task: 'pause a deployment schedule' });
    assert.equal(isError, false, text);
    const top = data.commands[0];
    assert.equal(top.command, 'prefect deployment schedule pause');
    const names = [...top.arguments, ...top.options].map((field: { name: string }) => field.name.toLowerCase());
    assert.ok(names.some((name: string) => name.includes('deployment_name')), JSON.stringify(names));
    assert.ok(names.some((name: string) => name.includes('all')), JSON.stringify(names));
    assert.match(text, /prefect deployment schedule pause/);
  });

  it('search_cli clamps an oversized limit to 20 with a note instead of rejecting it', async () => {
    const { isError, data, text } = await call('search_cli', { task: 'work pool', limit: 100 });
    assert.equal(isError, false, text);
    assert.ok(data.commands.length > 5 && data.commands.length <= 20, `${data.commands.length} commands`);
    assert.deepEqual(data.notes, ['limit 100 was clamped to 20']);
    assert.match(text, /^note: limit 100 was clamped to 20$/m);
  });

  it('get_cli_help gives `prefect variable set` with --overwrite, with or without the prefect prefix', async () => {
    for (const command of ['prefect variable set', 'variable set']) {
      const { isError, data } = await call('get_cli_help', { command });
      assert.equal(isError, false);
      assert.equal(data.command, 'prefect variable set');
      assert.ok(data.options.some((option: { name: string }) => option.name === '--overwrite'));
      assert.ok(data.arguments.some((arg: { name: string; required: boolean }) => arg.required));
      assert.match(data.url, /^https:\/\/docs\.prefect\.io\/v3\/api-ref\/cli\/variable#/);
    }
  });

  it('get_cli_help on a group lists its subcommands; an unknown command gets candidates', async () => {
    const group = await call('get_cli_help', { command: 'prefect work-pool' });
    assert.ok(group.data.subcommands.some((sub: { command: string }) => sub.command === 'prefect work-pool create'));
    const unknown = await call('get_cli_help', { command: 'prefect deploymnt schedule pase' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /Similar names: .*prefect deployment schedule pause/);
  });

  it('docs-only CLI answers: both versions in every answer, name-alike suggestions only, bounded and NFKC-normalised input', async () => {
    const help = await call('get_cli_help', { command: 'ｖａｒｉａｂｌｅ ｓｅｔ' });
    assert.equal(help.isError, false, help.text);
    assert.equal(help.data.command, 'prefect variable set');
    assert.equal(help.data.sources.structure, 'docs');
    assert.match(help.data.versions.docs, /^3\.\d+\.\d+$/);
    assert.match(help.text, /docs snapshot of \d{4}-\d{2}-\d{2} prefect 3\./);
    const search = await call('search_cli', { task: 'set a variable' });
    assert.equal(search.data.versions.docs, help.data.versions.docs);
    assert.match(search.text, /docs snapshot of \d{4}-\d{2}-\d{2} prefect 3\./);

    // The sidebar lists `event`, but the CLI's name is `events` (module prefect.cli.events), `event` its alias.
    const event = await call('get_cli_help', { command: 'prefect event stream' });
    assert.equal(event.data.alias_of, 'prefect events stream');
    const events = await call('get_cli_help', { command: 'prefect events' });
    assert.equal(events.data.alias_of, null);
    assert.deepEqual(events.data.aliases, ['prefect event']);

    // Neither a reference page nor a guide example has `prefect cloud logout`: say so, and suggest only
    // commands named like it, nothing merely related by topic.
    const logout = await call('get_cli_help', { command: 'prefect cloud logout' });
    assert.equal(logout.isError, true);
    assert.match(logout.text, /Unknown command "prefect cloud logout"/);
    assert.match(logout.text, /Similar names: prefect cloud login\./);

    const long = `prefect ${'x'.repeat(10_000)}`;
    const tooLong = await call('get_cli_help', { command: long });
    assert.equal(tooLong.isError, true);
    assert.ok(!tooLong.text.includes('x'.repeat(600)), 'the over-long input is not echoed');
  });

  it('commands without a reference page (`prefect deploy`, `prefect cloud login`) answer from the guides\' examples, marked as inferred', async () => {
    const cases = [
      { command: 'prefect deploy', flag: '--all', page: /\/v3\/how-to-guides\/deployments\/prefect-yaml#/ },
      { command: 'prefect cloud login', flag: '--key', page: /\/v3\/how-to-guides\/cloud\/connect-to-cloud#/ },
    ];
    for (const { command, flag, page } of cases) {
      const { isError, data, text } = await call('get_cli_help', { command });
      assert.equal(isError, false, text);
      assert.equal(data.command, command);
      assert.equal(data.sources.structure, 'docs-usage');
      assert.equal(data.usage, '', 'the guides give no usage line, so none is made up');
      assert.ok(data.options.some((option: { name: string; source: string }) => option.name === flag && option.source === 'docs-usage'), JSON.stringify(data.options));
      assert.ok(data.examples.length > 0 && data.examples.every((example: string) => example.includes(command)), JSON.stringify(data.examples));
      assert.ok(data.guide_pages.some((url: string) => page.test(url)), JSON.stringify(data.guide_pages));
      assert.match(text, /inferred, NOT complete/);
    }
    const { data } = await call('search_cli', { task: 'log in to Prefect Cloud with an API key' });
    assert.equal(data.commands[0].command, 'prefect cloud login');
    assert.equal(data.commands[0].structure_from, 'docs-usage');
  });

  it('`prefect cloud`, a group no reference page documents, answers as a group: the commands the guides run under it', async () => {
    const { isError, data, text } = await call('get_cli_help', { command: 'prefect cloud' });
    assert.equal(isError, false, text);
    assert.equal(data.command, 'prefect cloud');
    assert.equal(data.ignored, null);
    assert.equal(data.sources.structure, 'docs-usage');
    assert.equal(data.usage, '', 'no usage line is made up');
    const subcommands = new Map(data.subcommands.map((sub: { command: string; sources: string[] }) => [sub.command, sub.sources]));
    // cloud login is run by itself; cloud workspace only as `cloud workspace set/ls`.
    for (const command of ['prefect cloud login', 'prefect cloud workspace']) assert.deepEqual(subcommands.get(command), ['docs-usage'], JSON.stringify(data.subcommands));
    assert.ok(!subcommands.has('prefect cloud logout'), 'no guide runs cloud logout; it is not invented');
    assert.match(text, /prefect cloud login — .*\[guide examples\]/);
    assert.match(text, /inferred, NOT complete/);
    const workspace = await call('get_cli_help', { command: 'prefect cloud workspace' });
    assert.equal(workspace.isError, false, workspace.text);
    assert.ok(workspace.data.subcommands.some((sub: { command: string }) => sub.command === 'prefect cloud workspace set'), JSON.stringify(workspace.data.subcommands));
    // A documented group marks which of its reference subcommands the guides run too.
    const deployment = await call('get_cli_help', { command: 'prefect deployment' });
    const run = deployment.data.subcommands.find((sub: { command: string }) => sub.command === 'prefect deployment run');
    assert.deepEqual(run?.sources, ['docs', 'docs-usage']);
  });

  it('search_docs returns compact, one-per-page results with anchors, and honours section', async () => {
    const { data, text } = await call('search_docs', { query: 'retry a task with exponential backoff' });
    assert.ok(data.results.length > 0 && data.results.length <= 5);
    const urls = data.results.map((hit: { url: string }) => hit.url.split('#')[0]);
    assert.equal(new Set(urls).size, urls.length, 'one result per page');
    assert.ok(urls.some((url: string) => url.includes('/retries')), urls.join(' '));
    assert.ok(Buffer.byteLength(text) <= 6144);
    for (const hit of data.results) assert.ok(hit.snippet.length <= 320, hit.snippet);

    const cli = await call('search_docs', { query: 'work pool', section: 'cli', limit: 50 });
    assert.ok(cli.data.results.length > 0 && cli.data.results.length <= 20, 'limit clamps to 20');
    assert.deepEqual(cli.data.notes, ['limit 50 was clamped to 20'], 'the list tools\' clamp note, not a silent cap');
    assert.match(cli.text, /^note: limit 50 was clamped to 20$/m);
    assert.deepEqual(data.notes, [], 'no note when nothing was clamped');
    for (const hit of cli.data.results) assert.match(hit.url, /\/v3\/api-ref\/cli\//);
  });

  it('search_docs with passages returns the matching sections, within 6 KB of text', async () => {
    for (const limit of [5, 20]) {
      const { isError, data, text } = await call('search_docs', { query: 'configure retries and caching for tasks', limit, passages: true });
      assert.equal(isError, false, text);
      assert.ok(data.results.length <= 5, `${data.results.length} results`);
      assert.deepEqual(data.notes, limit > 5 ? [`limit ${limit} was clamped to 5`] : []);
      assert.ok(Buffer.byteLength(text) <= 6144, `${Buffer.byteLength(text)} bytes`);
      const passages = data.results.filter((hit: { passage?: string }) => hit.passage !== undefined);
      assert.ok(passages.length >= 2, `passages on ${passages.length} hits`);
      assert.ok(data.results[0].passage, 'the best hit has its passage');
      for (const hit of passages) {
        assert.ok(hit.passage.length <= 1500, `${hit.passage.length} characters`);
        assert.ok(text.includes(hit.passage), 'the text shows the passage too');
      }
    }
    const plain = await call('search_docs', { query: 'configure retries and caching for tasks' });
    assert.ok(plain.data.results.every((hit: { passage?: string }) => hit.passage === undefined));
  });

  it('search_docs maps old Prefect 2 words to their Prefect 3 pages', async () => {
    const { data } = await call('search_docs', { query: 'start an agent to pick up flow runs' });
    assert.ok(data.results.some((hit: { url: string }) => /worker/.test(hit.url)), data.results.map((h: { url: string }) => h.url).join(' '));
  });

  it('read_doc follows redirects, reads one section, and truncates with a way to continue', async () => {
    const redirected = await call('read_doc', { url_or_path: '/concepts/flows' });
    assert.equal(redirected.isError, false, redirected.text);
    assert.equal(redirected.data.path, '/v3/concepts/flows');
    assert.equal(redirected.data.redirected_from, '/concepts/flows');

    const page = await call('read_doc', { url_or_path: 'https://docs.prefect.io/v3/concepts/flows', max_chars: 1000 });
    assert.equal(page.data.truncated, true);
    assert.ok(page.data.markdown.length <= 1000);
    assert.ok(page.data.toc.length > 0);
    assert.match(page.text, /offset: \d+/);
    const rest = await call('read_doc', { url_or_path: '/v3/concepts/flows', max_chars: 1000, offset: page.data.next_offset });
    assert.notEqual(rest.data.markdown, page.data.markdown);

    const anchor = page.data.toc[0].anchor;
    const section = await call('read_doc', { url_or_path: `https://docs.prefect.io/v3/concepts/flows#${anchor}` });
    assert.equal(section.data.section, page.data.toc[0].text);
    assert.ok(section.data.markdown.startsWith('#'));
    assert.ok(section.data.total_chars < page.data.total_chars);

    const missing = await call('read_doc', { url_or_path: '/v3/no/such/page' });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /search_docs/);
  });

  it('get_release_notes lists versions and shows one', async () => {
    const list = await call('get_release_notes', {});
    assert.ok(list.data.versions.includes('3.8.3'), list.data.versions.slice(0, 5).join(' '));
    const one = await call('get_release_notes', { version: '3.8.3' });
    assert.equal(one.data.version, '3.8.3');
    assert.match(one.data.url, /release-notes\/oss\/version-3-8#/);
  });

  it('freshness: the snapshot date and newest documented release in search_docs, get_cli_help, get_release_notes; "latest" and newest-first lists', async () => {
    // The shared snapshot's SOURCE.md: commit of 2026-08-21, newest release notes entry 3.8.3.
    const snapshot = /Docs snapshot of 2026-08-21 \(commit ce79dd3\), newest documented Prefect release 3\.8\.3\./;
    assert.match((await call('search_docs', { query: 'retries' })).text, snapshot);
    assert.match((await call('get_cli_help', { command: 'variable set' })).text, /docs snapshot of 2026-08-21 prefect 3\.8\.3/);
    const latest = await call('get_release_notes', { version: 'LATEST' });
    assert.equal(latest.data.version, '3.8.3');
    assert.equal(latest.data.newest, '3.8.3');
    assert.match(latest.text, snapshot);
    const list = await call('get_release_notes', {});
    assert.deepEqual(list.data.versions.slice(0, 3), ['3.8.3', '3.8.2', '3.8.1']);
    assert.deepEqual(list.data.newer, [], 'no server and no prefect executable here');
  });

  it('resources: pages and commands listed, completed and read; status resource', async () => {
    const { resources } = await conn.client.listResources();
    assert.ok(resources.some((r) => r.uri === 'prefect-docs://v3/concepts/flows'));
    assert.ok(resources.some((r) => r.uri === 'prefect-cli://deployment/schedule/pause'));
    assert.ok(resources.some((r) => r.uri === 'prefect-docs://status'));
    const { resourceTemplates } = await conn.client.listResourceTemplates();
    assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate).sort(), ['prefect-cli://{+command}', 'prefect-docs://{+path}']);

    const pages = await conn.client.complete({ ref: { type: 'ref/resource', uri: 'prefect-docs://{+path}' }, argument: { name: 'path', value: 'v3/concepts/fl' } });
    assert.ok(pages.completion.values.includes('v3/concepts/flows'));
    const commands = await conn.client.complete({ ref: { type: 'ref/resource', uri: 'prefect-cli://{+command}' }, argument: { name: 'command', value: 'deployment/sch' } });
    assert.ok(commands.completion.values.includes('deployment/schedule/pause'));

    const page = await conn.client.readResource({ uri: 'prefect-docs://v3/concepts/flows' });
    assert.match((page.contents[0] as { text: string }).text, /^# /);
    const command = await conn.client.readResource({ uri: 'prefect-cli://variable/set' });
    assert.match((command.contents[0] as { text: string }).text, /--overwrite/);
    const status = JSON.parse(((await conn.client.readResource({ uri: "prefect-docs://status" })).contents[0] as { text: string }).text);
    assert.equal(status.state, 'ready');
  });

  it('prompts steer to the tools', async () => {
    const { prompts } = await conn.client.listPrompts();
    for (const name of ['prefect-cli-howto', 'explain-prefect-concept']) assert.ok(prompts.some((p) => p.name === name));
    const howto = await conn.client.getPrompt({ name: 'prefect-cli-howto', arguments: { task: 'pause a schedule' } });
    assert.match((howto.messages[0]!.content as { text: string }).text, /search_cli.*get_cli_help/s);
  });
});

describe('docs tools without an index', { timeout: 60_000 }, () => {
  it('answer isError with the build command while get_identity keeps working', async () => {
    const apiUrl = process.env.PREFECT_TEST_API_URL;
    const conn = await connectStdio({ env: { PREFECT_MCP_DOCS_DB: '/nonexistent/prefect-docs.sqlite', PREFECT_MCP_DOCS_AUTOBUILD: '0', ...(apiUrl ? { PREFECT_API_URL: apiUrl } : {}) } });
    try {
      const search = await conn.client.callTool({ name: 'search_docs', arguments: { query: 'flows' } });
      assert.equal(search.isError, true);
      // Printed as it runs: node and the absolute path of this package's entry point (no PATH lookup).
      const printed = (search.content as Array<{ text: string }>)[0]!.text;
      assert.ok(printed.includes(`node ${join(packageRoot, 'dist', 'bin', 'prefect-mcp.js')} index --source /path/to/prefect/docs --out /nonexistent/prefect-docs.sqlite`), printed);
      const identity = await conn.client.callTool({ name: 'get_identity', arguments: {} });
      const text = (identity.content as Array<{ text: string }>)[0]!.text;
      assert.ok(apiUrl, 'the test bed provides a Prefect server');
      assert.equal(identity.isError, undefined, text);
      assert.doesNotMatch(text, /docs index/);
    } finally {
      await conn.close();
    }
  });
});
