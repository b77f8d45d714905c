/**
 * The installed-CLI introspection against the REAL pinned prefect of the test bed: its tree is compared
 * with that same prefect's own `--help` pages, walked here (every command, every flag name, required
 * marks, usage lines, nothing invented); the cache; the merged answers through MCP; and a broken or
 * hanging prefect leaving docs-only answers working with the reason in `doctor`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { InstalledCli, interpreterFor } from '../../src/docs/installed-cli.js';
import { DocsService } from '../../src/docs/service.js';
import { requireTestBed } from '../helpers/bed.js';
import { compareWithHelp, walkHelp } from '../helpers/cli-help-walk.js';
import { CLI_PATH, connectStdio, serverEnv } from '../helpers/mcp.js';
import { docsStore } from './docs-store.js';

type Structured = Record<string, any>;

const cacheDir = mkdtempSync(join(tmpdir(), 'prefect-mcp-cli-cache-'));
const prefectOf = () => join(requireTestBed().venv, 'bin', 'prefect');

describe('installed prefect CLI (the pinned version, introspected once)', { timeout: 1_800_000 }, () => {
  it('finds the interpreter from the executable, reads the whole tree, and then serves it from the cache', async () => {
    const prefect = prefectOf();
    assert.equal(interpreterFor(prefect), join(requireTestBed().venv, 'bin', 'python'));
    const first = new InstalledCli(prefect, { cacheDir });
    await first.start();
    const state = first.state();
    assert.equal(state.state, 'ready', JSON.stringify(state));
    assert.equal(first.version(), '3.8.8');
    assert.equal(state.state === 'ready' && state.cached, false);

    const second = new InstalledCli(prefect, { cacheDir });
    await second.start();
    const again = second.state();
    assert.equal(again.state === 'ready' && again.cached, true, 'the second read comes from the cache');
    assert.deepEqual(second.commands(), first.commands());
  });

  it('the docs service keeps the tree in the configured cache folder, not wherever the process environment points', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'prefect-mcp-cli-cache-'));
    const docs = new DocsService({ dbPath: join(folder, 'none.sqlite'), source: 'https://docs.prefect.io', autoBuild: false, maxAgeDays: 14, cacheDir: folder });
    const cli = docs.installedCli(prefectOf());
    assert.ok(cli);
    await cli.start();
    assert.equal(cli.state().state, 'ready', JSON.stringify(cli.state()));
    assert.equal(readdirSync(folder).filter((name) => /^cli-.*\.json$/.test(name)).length, 1, readdirSync(folder).join(', '));
  });

  it('matches the same prefect\'s own --help on every command: commands, aliases, flag names, required marks, usage; nothing invented', async () => {
    const prefect = prefectOf();
    const cli = new InstalledCli(prefect, { cacheDir });
    await cli.start();
    const pages = await walkHelp(prefect, { concurrency: 3 });
    const result = compareWithHelp(cli.commands()!, pages);
    assert.ok(result.commands > 150, `the walk found ${result.commands} commands`);
    assert.deepEqual(result.missingCommands, []);
    assert.equal(result.commandsFound, result.commands);
    assert.deepEqual(result.missingFlags, []);
    assert.equal(result.flagNamesFound, result.flagNames);
    assert.ok(result.flagNames > 500, `${result.flagNames} flag names`);
    assert.deepEqual(result.invented, []);
    assert.deepEqual(result.unmarkedRequired, []);
    assert.ok(result.requiredFlags > 50, `${result.requiredFlags} required parameters`);
    assert.deepEqual(result.usageMismatches, []);
  });

  it('answers through MCP with the installed structure merged with the docs, and both versions', async () => {
    const db = await docsStore();
    const conn = await connectStdio({ env: { PREFECT_MCP_DOCS_DB: db, PREFECT_MCP_DOCS_AUTOBUILD: '0', PREFECT_MCP_PREFECT_BIN: prefectOf(), PREFECT_MCP_CACHE_DIR: cacheDir } });
    try {
      const call = async (name: string, args: Record<string, unknown>) => {
        const result = await conn.client.callTool({ name, arguments: args });
        const text = (result.content as Array<{ text: string }>).map((part) => part.text).join('\n');
        return { isError: result.isError === true, text, data: result.structuredContent as Structured };
      };
      // The tree loads in the background at start; wait for it (from the cache filled above).
      const deadline = Date.now() + 600_000;
      let events = await call('get_cli_help', { command: 'event' });
      while (events.data?.versions?.installed === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        events = await call('get_cli_help', { command: 'event' });
      }
      assert.equal(events.isError, false, events.text);
      assert.equal(events.data.versions.installed, '3.8.8');
      assert.match(events.data.versions.docs, /^3\.\d+\.\d+$/);
      assert.equal(events.data.command, 'prefect events', '`events` is the real name');
      assert.deepEqual(events.data.aliases, ['prefect event']);
      assert.equal(events.data.alias_of, 'prefect events');

      const serve = await call('get_cli_help', { command: 'prefect flow serve' });
      assert.equal(serve.data.sources.structure, 'installed');
      assert.equal(serve.data.sources.url, 'docs');
      const name = serve.data.options.find((option: Structured) => option.name === '--name');
      assert.deepEqual(name.names, ['--name', '-n']);
      assert.equal(name.required, true);
      assert.equal(serve.data.usage, 'prefect flow serve --name STR [OPTIONS] ENTRYPOINT');
      assert.match(serve.text, /installed prefect 3\.8\.8; docs snapshot of \d{4}-\d{2}-\d{2} prefect 3\./);

      for (const command of ['prefect init', 'prefect version', 'gcl create', 'flows ls', 'prefect deploy']) {
        const help = await call('get_cli_help', { command });
        assert.equal(help.isError, false, `${command}: ${help.text}`);
      }
      const gcl = await call('get_cli_help', { command: 'gcl create' });
      assert.equal(gcl.data.command, 'prefect global-concurrency-limit create');
      assert.ok(gcl.data.options.some((option: Structured) => option.name === '--limit' && option.required === true));

      const login = await call('get_cli_help', { command: 'cloud login' });
      assert.equal(login.data.command, 'prefect cloud login');
      assert.equal(login.data.differences.command_not_in_docs, true);
      assert.ok(login.data.options.some((option: Structured) => option.names.includes('-k')));

      const search = await call('search_cli', { task: 'log in to Prefect Cloud with an API key' });
      assert.equal(search.data.commands[0].command, 'prefect cloud login');
      assert.equal(search.data.versions.installed, '3.8.8');
      const deploy = await call('search_cli', { task: 'deploy all flows in prefect.yaml' });
      assert.equal(deploy.data.commands[0].command, 'prefect deploy');
    } finally {
      await conn.close();
    }
  });

  it('a broken or hanging prefect leaves docs-only answers, with the reason in doctor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prefect-mcp-broken-'));
    // A `prefect` whose interpreter crashes at start (a broken install): real processes, no stubs.
    const crashing = join(dir, 'python');
    writeFileSync(crashing, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'prefect\'" >&2\nexit 1\n');
    chmodSync(crashing, 0o755);
    const broken = join(dir, 'prefect');
    writeFileSync(broken, `#!${crashing}\nimport sys\n`);
    chmodSync(broken, 0o755);
    const hanging = join(dir, 'python-that-hangs');
    writeFileSync(hanging, '#!/bin/sh\nexec sleep 600\n');
    chmodSync(hanging, 0o755);

    const crashed = new InstalledCli(broken, { cacheDir: mkdtempSync(join(tmpdir(), 'prefect-mcp-cli-cache-')) });
    await crashed.start();
    const crash = crashed.state();
    assert.equal(crash.state, 'failed');
    assert.match(crash.state === 'failed' ? crash.reason : '', /exited with 1: ModuleNotFoundError: No module named 'prefect'/);
    assert.equal(crashed.commands(), undefined);

    const hung = new InstalledCli(broken, { cacheDir: mkdtempSync(join(tmpdir(), 'prefect-mcp-cli-cache-')), python: hanging, timeoutMs: 3_000 });
    await hung.start();
    const state = hung.state();
    assert.equal(state.state, 'failed');
    assert.match(state.state === 'failed' ? state.reason : '', /timed out after 3 s/);

    const db = await docsStore();
    const env = serverEnv({ PREFECT_MCP_DOCS_DB: db, PREFECT_MCP_DOCS_AUTOBUILD: '0', PREFECT_MCP_PREFECT_BIN: broken, PREFECT_MCP_CACHE_DIR: mkdtempSync(join(tmpdir(), 'prefect-mcp-cli-cache-')), PREFECT_API_URL: requireTestBed().apiUrl });
    const doctor = await promisify(execFile)(process.execPath, [CLI_PATH, 'doctor'], { env, timeout: 600_000 }).catch((error: { stdout: string; stderr: string }) => error);
    assert.ok(doctor.stdout.includes(`prefect CLI:  ${broken} could not be read — `), doctor.stdout);
    assert.match(doctor.stdout, /No module named 'prefect'/);

    const conn = await connectStdio({ env: { PREFECT_MCP_DOCS_DB: db, PREFECT_MCP_DOCS_AUTOBUILD: '0', PREFECT_MCP_PREFECT_BIN: broken, PREFECT_MCP_CACHE_DIR: mkdtempSync(join(tmpdir(), 'prefect-mcp-cli-cache-')) } });
    try {
      const result = await conn.client.callTool({ name: 'get_cli_help', arguments: { command: 'variable set' } });
      const data = result.structuredContent as Structured;
      assert.equal(result.isError, undefined);
      assert.equal(data.sources.structure, 'docs');
      assert.equal(data.versions.installed, null);
    } finally {
      await conn.close();
    }
  });
});
