/**
 * Closing a stdio session ends the process even while the docs index is building in the
 * background: the build is stopped (DocsService.stop), not left running until it times out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { CLI_PATH, serverEnv } from '../helpers/mcp.js';

test('closing stdin stops a background docs build and the process exits', { timeout: 120_000 }, async () => {
  // A docs site that accepts requests and never answers: the build waits on it (20 s per try, retried).
  const requested: string[] = [];
  const site = createServer((req) => requested.push(req.url ?? ''));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'prefect-mcp-close-'));
  try {
    const child = spawn(process.execPath, [CLI_PATH], {
      cwd: packageRoot,
      env: serverEnv({
        PREFECT_MCP_DOCS_AUTOBUILD: '1',
        PREFECT_MCP_DOCS_DB: join(dir, 'docs.sqlite'),
        PREFECT_MCP_DOCS_SOURCE: `http://127.0.0.1:${(site.address() as AddressInfo).port}`,
        PREFECT_HOME: join(dir, 'prefect-home'),
      }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Close the session only once the build is waiting on the site.
    const deadline = Date.now() + 60_000;
    while (requested.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(requested.length > 0, `the background build never asked the docs site; stderr:\n${stderr}`);
    child.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'running'>((resolve) => (timer = setTimeout(() => resolve('running'), 60_000)))]);
    clearTimeout(timer);
    if (code === 'running') child.kill('SIGKILL');
    assert.equal(code, 0, `the process did not exit after the session closed; stderr:\n${stderr}`);
    assert.match(stderr, /failed: server stopping/, 'the build was stopped by the session closing, not by its own timeouts');
  } finally {
    site.closeAllConnections();
    site.close();
  }
});
