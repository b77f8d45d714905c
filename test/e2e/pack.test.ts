/**
 * The package as a user gets it: `npm pack` (prepack builds the docs index from the docs
 * snapshot and ships it), the tarball installed into an empty folder, and the installed
 * server answering search_docs with no docs site or Prefect API reachable and no build step,
 * from the search cache prepack saved in the index. better-sqlite3 compiles from source here: slow, hence the long limit.
 * Prints the tarball size and the time from spawn to the first answer (never asserted).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import Database from 'better-sqlite3';
import { packageRoot } from '../../src/paths.js';
import { DOCS_SOURCE } from '../docs/docs-store.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'prefect-mcp-pack-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('npm pack ships the docs index; the installed package answers search_docs offline at once', { timeout: 45 * 60_000 }, async () => {
  // As a user packs: prepack builds data/prefect-docs.sqlite from PREFECT_MCP_DOCS_SOURCE (the docs
  // snapshot the test bed uses) and saves its search cache. Then pack without npm's lifecycle scripts:
  // their rebuild of dist/ would rewrite files under the test files running beside this one (npm test
  // has just built dist/), and prepack has just run.
  const env = { ...process.env, PREFECT_MCP_DOCS_SOURCE: DOCS_SOURCE, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' };
  await run(process.execPath, [join(packageRoot, 'dist', 'scripts', 'prepack.js')], { cwd: packageRoot, env, maxBuffer: 64 * 1024 * 1024 });
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: packageRoot, env, maxBuffer: 64 * 1024 * 1024 });
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
  const tarball = join(dir, info!.filename);
  console.log(`tarball ${info!.filename}: ${(info!.size / 1e6).toFixed(2)} MB packed, ${(info!.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${info!.files.length} files`);
  assert.ok(info!.files.some((file) => file.path === 'data/prefect-docs.sqlite'), 'the index is in the tarball');

  const app = join(dir, 'app');
  await run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), '{ "name": "pack-test", "private": true }\n');
  // From npm's cache where it can (the registry otherwise, as for any install); better-sqlite3 builds from source with the system headers.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--build-from-source', tarball], { cwd: app, env, maxBuffer: 64 * 1024 * 1024 });
  const installed = join(app, 'node_modules', 'prefect-mcp');
  const shipped = join(installed, 'data', 'prefect-docs.sqlite');
  assert.ok(statSync(shipped).size > 1e6);
  const db = new Database(shipped, { readonly: true });
  try {
    const builtAt = (db.prepare("SELECT value FROM meta WHERE key = 'built_at'").get() as { value: string }).value;
    const cache = db.prepare("SELECT built_at FROM search_cache WHERE name = 'search'").get() as { built_at: string } | undefined;
    assert.equal(cache?.built_at, builtAt, 'the shipped index carries the search cache of its own build');
    const { bytes } = db.prepare('SELECT sum(length(data)) AS bytes FROM search_cache').get() as { bytes: number };
    console.log(`search cache ${(bytes / 1e6).toFixed(2)} MB of the ${(statSync(shipped).size / 1e6).toFixed(2)} MB index`);
  } finally {
    db.close();
  }

  // No network: the docs site is an address nothing listens on; the API is unused.
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(installed, 'dist', 'bin', 'prefect-mcp.js')],
    env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), PREFECT_MCP_DOCS_SOURCE: 'http://127.0.0.1:9/', PREFECT_API_URL: 'http://127.0.0.1:9/api' },
    cwd: app,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer | string) => (stderr += chunk.toString()));
  const client = new Client({ name: 'pack-test', version: '0.0.0' });
  const started = performance.now();
  await client.connect(transport);
  try {
    const result = await client.callTool({ name: 'search_docs', arguments: { query: 'retry a task' } });
    console.log(`first search_docs answered ${Math.round(performance.now() - started)} ms after spawn`);
    const text = (result.content as Array<{ text: string }>).map((part) => part.text).join('\n');
    assert.equal(result.isError, undefined, text);
    assert.ok((result.structuredContent as { results: unknown[] }).results.length > 0, text);
    assert.match(text, /Docs snapshot of \d{4}-\d{2}-\d{2}/);
    assert.ok(!/building|refreshing/.test(stderr), `no build step: ${stderr}`);
    assert.ok(!/no search cache/.test(stderr), `loaded from the search cache: ${stderr}`);
  } finally {
    await client.close();
  }
});
