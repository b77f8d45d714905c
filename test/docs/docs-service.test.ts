/** DocsService: background build, progress while building, failure advice, reopen. */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import type { BuildRequest, BuildSummary } from '../../src/docs-model/build.js';
import { DocsService } from '../../src/docs/service.js';
import { docsStore } from './docs-store.js';

const settings = (dbPath: string, source = 'https://docs.prefect.io') => ({ dbPath, source, autoBuild: true, maxAgeDays: 14, cacheDir: join(dirname(dbPath), 'cache') });
const waitFor = async (check: () => boolean, ms = 120_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('DocsService', { timeout: 300_000 }, () => {
  it('builds a missing store in the background, reports progress meanwhile, then serves it', async () => {
    const prebuilt = await docsStore();
    const dbPath = join(mkdtempSync(join(tmpdir(), 'prefect-mcp-docs-')), 'docs.sqlite');
    let finish!: () => void;
    const fakeBuild = (options: BuildRequest) =>
      new Promise<BuildSummary>((resolvePromise) => {
        options.onProgress?.({ phase: 'fetching', discovered: 900, processed: 300, changed: 300, unchanged: 0, failed: 0, elapsedMs: 1000, etaMs: 2000 });
        finish = () => {
          copyFileSync(prebuilt, options.out);
          resolvePromise({ pages: 945, cliCommands: 286, durationMs: 1 } as BuildSummary);
        };
      });
    const docs = new DocsService(settings(dbPath), fakeBuild);
    docs.start();
    const status = docs.status();
    assert.equal(status.state, 'building');
    assert.match(status.message, /fetching 300\/900 pages, about 2s left/);
    assert.equal(docs.search('work pools'), undefined);
    assert.throws(() => docs.require(), /being built/);

    finish();
    await waitFor(() => docs.status().state === 'ready');
    assert.ok(docs.search('work pools')!.length > 0);
    assert.equal(docs.cliCommand('deployment schedule resume')?.command, 'prefect deployment schedule resume');
    assert.equal(docs.cliCommand('prefect deployment schedule resume')?.command, 'prefect deployment schedule resume');
  });

  it('says how to build from a local checkout when the source is unreachable', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'prefect-mcp-docs-')), 'docs.sqlite');
    const docs = new DocsService(settings(dbPath), () => Promise.reject(new Error('getaddrinfo ENOTFOUND docs.prefect.io')));
    docs.start();
    await waitFor(() => docs.status().state === 'failed');
    const { message } = docs.status();
    assert.match(message, /ENOTFOUND/);
    assert.match(message, /node \S+\/dist\/bin\/prefect-mcp\.js index --source \/path\/to\/prefect\/docs --out /);
  });

  it('does not build when auto-build is off', () => {
    const docs = new DocsService({ ...settings('/nonexistent/docs.sqlite'), autoBuild: false }, () => assert.fail('must not build'));
    docs.start();
    assert.equal(docs.status().state, 'missing');
  });
});
