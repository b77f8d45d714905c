/**
 * `prefect-mcp index` as a user runs it: where the store goes, and an unwritable store file
 * ending the process with a clear error instead of leaving it running.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH } from '../helpers/mcp.js';

const dir = mkdtempSync(join(tmpdir(), 'prefect-mcp-index-cmd-'));
const docs = join(dir, 'docs');
mkdirSync(join(docs, 'v3'), { recursive: true });
writeFileSync(join(docs, 'docs.json'), JSON.stringify({ navigation: {} }));
writeFileSync(join(docs, 'v3', 'hello.mdx'), '---\ntitle: Hello\n---\n\n# Hello\n\nWriting a flow.\n');
after(() => rmSync(dir, { recursive: true, force: true }));

/** Waits for the process to exit (generous limit: a hang fails the test instead of the run). */
function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const env = { ...process.env };
  delete env.PREFECT_MCP_DOCS_DB;
  delete env.PREFECT_MCP_DOCS_SOURCE;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`prefect-mcp ${args.join(' ')} did not exit within 10 minutes; stderr:\n${stderr}`));
    }, 10 * 60_000);
    child.on('exit', (code) => {
      clearTimeout(limit);
      resolve({ code, stderr });
    });
  });
}

test('index writes to the global --docs-db file when no --out is given', async () => {
  const db = join(dir, 'from-docs-db.sqlite');
  const { code, stderr } = await runCli(['--docs-db', db, 'index', '--source', docs]);
  assert.equal(code, 0, stderr);
  assert.ok(existsSync(db), `expected ${db}; stderr:\n${stderr}`);
});

test('an uncreatable store file ends index with a non-zero exit and says which file', async () => {
  const notADirectory = join(dir, 'a-file');
  writeFileSync(notADirectory, '');
  const out = join(notADirectory, 'x.sqlite');
  const { code, stderr } = await runCli(['index', '--source', docs, '--out', out]);
  assert.equal(code, 1);
  assert.match(stderr, new RegExp(`cannot create the store file ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.doesNotMatch(stderr, /local docs checkout works offline/);
});
