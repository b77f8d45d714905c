/**
 * Access to the test bed that test/bed/run-tests.ts sets up (a real, seeded Prefect server and a docs index).
 * Tests call `requireTestBed()`; outside the orchestrator it THROWS, so such tests fail instead of skipping.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedManifest } from '../bed/seed-manifest.js';

export type { SeedManifest } from '../bed/seed-manifest.js';

export interface TestBed {
  /** The bed server's API URL, e.g. http://127.0.0.1:54321/api */
  apiUrl: string;
  /** What the seeder created (ids and names by scenario). */
  seed: SeedManifest;
  seedFile: string;
  /** The docs index built for this run. Reading it throws when the build failed (subset runs only). */
  readonly docsDb: string;
  /** The virtualenv with the pinned Prefect. */
  venv: string;
  /** Its python, for tests that run Python against the bed server. */
  python: string;
  /** The run's temp dir. */
  tmpDir: string;
  /** An empty PREFECT_HOME (no profiles.toml), so spawned servers never see the developer's profile. */
  emptyPrefectHome: string;
}

const REQUIRED = ['PREFECT_TEST_API_URL', 'PREFECT_TEST_SEED_FILE', 'PREFECT_TEST_DOCS_DB', 'PREFECT_TEST_VENV'] as const;

let cached: TestBed | undefined;

export function requireTestBed(): TestBed {
  if (cached) return cached;
  const missing = REQUIRED.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `test bed not available: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. ` +
        'These tests need the real Prefect server that the orchestrator starts and seeds: run `npm test`, ' +
        'or a subset with `PREFECT_TEST_ONLY=<path fragment> npm test` (e.g. PREFECT_TEST_ONLY=e2e/bed).',
    );
  }
  const env = process.env as Record<(typeof REQUIRED)[number], string>;
  const seedFile = env.PREFECT_TEST_SEED_FILE;
  if (!existsSync(seedFile)) throw new Error(`test bed: seed manifest ${seedFile} does not exist`);
  const seed = JSON.parse(readFileSync(seedFile, 'utf8')) as SeedManifest;
  const docsError = process.env.PREFECT_TEST_DOCS_DB_ERROR;
  const docsDb = env.PREFECT_TEST_DOCS_DB;
  const tmpDir = process.env.PREFECT_TEST_TMP ?? '';
  cached = {
    apiUrl: env.PREFECT_TEST_API_URL.replace(/\/+$/, ''),
    seed,
    seedFile,
    get docsDb(): string {
      if (docsError) throw new Error(`test bed: no docs index in this run (its build failed): ${docsError}`);
      if (!existsSync(docsDb)) throw new Error(`test bed: docs index ${docsDb} does not exist`);
      return docsDb;
    },
    venv: env.PREFECT_TEST_VENV,
    python: join(env.PREFECT_TEST_VENV, 'bin', 'python'),
    tmpDir,
    emptyPrefectHome: process.env.PREFECT_HOME ?? join(tmpDir, 'empty-prefect-home'),
  };
  return cached;
}

/**
 * A plain REST call to a Prefect server (independent of our MCP server). Throws on non-2xx. A Prefect server on a
 * loaded machine answers 503 while its SQLite database is busy (nothing was written); like Prefect's own client,
 * wait and try again.
 */
export async function restCall<T = unknown>(apiUrl: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${apiUrl}${path.startsWith('/') ? path : `/${path}`}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    if (response.status === 503 && attempt < 10) {
      await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
      continue;
    }
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** {@link restCall} to the bed's Prefect server. */
export function prefectRest<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return restCall<T>(requireTestBed().apiUrl, method, path, body);
}
