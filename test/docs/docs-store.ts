/**
 * The docs store the docs tests read: the orchestrator's prebuilt one (PREFECT_TEST_DOCS_DB),
 * or, for a standalone run, one built once per process from ../shared/prefect-docs.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildIndex } from '../../index-builder/build.js';
import { packageRoot } from '../../src/paths.js';

export const DOCS_SOURCE = resolve(packageRoot, '..', 'shared', 'prefect-docs');

let built: Promise<string> | undefined;

export function docsStore(): Promise<string> {
  const prebuilt = process.env.PREFECT_TEST_DOCS_DB;
  if (prebuilt && existsSync(prebuilt)) return Promise.resolve(prebuilt);
  built ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'prefect-mcp-docs-test-')), 'docs.sqlite');
    await buildIndex({ source: DOCS_SOURCE, out });
    return out;
  })();
  return built;
}
