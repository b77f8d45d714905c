/**
 * The whole-suite orchestrator behind `npm test` (`node dist/test/bed/run-tests.js` after `tsc`):
 *
 *   ensure .venv (pinned Prefect) → start a fresh `prefect server` → seed it (Python) and, in parallel, build
 *   the docs index from ../shared/prefect-docs → `node --test` on every compiled dist/test/**\/*.test.js →
 *   stop the server (always) → exit with node --test's exit code.
 *
 * Environment knobs (all optional):
 *   PREFECT_TEST_ONLY=<patterns>   comma-separated; run only test files whose path (relative to test/) contains
 *                                  one of them, `*` matching anything (e.g. `e2e/bed`, `unit/*,api`).
 *                                  Positional arguments do the same: `npm test -- e2e/bed`.
 *   PREFECT_TEST_DOCS_DB=<file>    use this prebuilt docs index instead of building one.
 *   PREFECT_TEST_CONCURRENCY=<n>   test files run at once (default 2, see below).
 *   PREFECT_TEST_TIMEOUT=<ms>      per-test-file timeout (default 1800000: a generous bound for a loaded machine, where
 *                                  a docs build or a CLI --help walk that takes a minute alone can take many; it only catches hangs).
 *   PREFECT_TEST_KEEP=1            keep the temp dir (server log, seed.json, docs index) even on success.
 *
 * Concurrency: 2 files at a time. The box has 2 cores; test files mostly wait on child processes and HTTP
 * (our MCP server, the Prefect server), so two files overlap well without starving the single Prefect
 * server process; more would only queue on the CPU. Files share one seeded server: seeded objects are
 * read-only by convention and the few tests that change state only touch objects reserved for them in the
 * manifest (see test/bed/seed-manifest.ts). Set PREFECT_TEST_CONCURRENCY=1 to rule out interference.
 *
 * A full run requires the docs index to build. A subset run (PREFECT_TEST_ONLY / arguments) goes on
 * without it when the build fails: tests that touch `requireTestBed().docsDb` then fail with the reason.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { startPrefectServer, type PrefectServer } from './prefect-server.js';
import { seedServer } from './seed.js';
import { bedLog, envWithoutPrefect, fileTail, trackChild } from './util.js';
import { ensureVenv } from './venv.js';

const DIST = join(packageRoot, 'dist');
const CLI = join(DIST, 'bin', 'prefect-mcp.js');
const DOCS_SOURCE = resolve(packageRoot, '..', 'shared', 'prefect-docs');

function patterns(): string[] {
  const raw = [process.env.PREFECT_TEST_ONLY ?? '', ...process.argv.slice(2)].join(',');
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

function matcher(pattern: string): (path: string) => boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  const regex = new RegExp(escaped);
  return (path) => regex.test(path);
}

/** Compiled test files under dist/test whose TypeScript source still exists (stale dist files are skipped). */
function collectTestFiles(only: string[]): string[] {
  const root = join(DIST, 'test');
  if (!existsSync(root)) throw new Error(`no compiled tests in ${root}: run \`npx tsc -p tsconfig.json\` first (npm test does)`);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.js')) found.push(full);
    }
  };
  walk(root);
  const matchers = only.map(matcher);
  return found
    .filter((file) => {
      const rel = relative(root, file).split(sep).join('/');
      const source = join(packageRoot, 'test', rel.replace(/\.js$/, '.ts'));
      if (!existsSync(source)) {
        bedLog(`skipping stale ${relative(packageRoot, file)} (no test/${rel.replace(/\.js$/, '.ts')})`);
        return false;
      }
      return matchers.length === 0 || matchers.some((match) => match(rel));
    })
    .sort();
}

/** Runs a child to completion with output to a log file; rejects with the log's tail on failure. */
function runLogged(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const fd = openSync(logFile, 'a');
    const child = spawn(command, args, { stdio: ['ignore', fd, fd], env, cwd: packageRoot });
    closeSync(fd);
    trackChild(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`\`${[command, ...args].join(' ')}\` failed (code ${code}, signal ${signal}). Last lines of ${logFile}:\n${fileTail(logFile, 30)}`));
    });
  });
}

interface DocsIndex {
  file: string;
  error?: string;
  seconds?: number;
}

async function buildDocsIndex(tmp: string): Promise<DocsIndex> {
  const prebuilt = process.env.PREFECT_TEST_DOCS_DB;
  if (prebuilt) {
    if (!existsSync(prebuilt)) throw new Error(`PREFECT_TEST_DOCS_DB=${prebuilt} does not exist`);
    bedLog(`docs index: using prebuilt ${prebuilt}`);
    return { file: resolve(prebuilt) };
  }
  const file = join(tmp, 'docs.sqlite');
  if (!existsSync(CLI)) throw new Error(`docs index: ${relative(packageRoot, CLI)} is missing (build with \`npx tsc -p tsconfig.json\`)`);
  if (!existsSync(join(DIST, 'index-builder'))) throw new Error('docs index: dist/index-builder is missing: the `index` command is not built yet');
  if (!existsSync(DOCS_SOURCE)) throw new Error(`docs index: the docs source ${DOCS_SOURCE} is missing (CI clones ../shared beside the project)`);
  const started = Date.now();
  const logFile = join(tmp, 'docs-index.log');
  await runLogged(
    process.execPath,
    [CLI, 'index', '--source', DOCS_SOURCE, '--out', file],
    { ...envWithoutPrefect(), PREFECT_MCP_DOCS_AUTOBUILD: '0', PREFECT_HOME: join(tmp, 'empty-prefect-home') },
    logFile,
    600_000,
  );
  if (!existsSync(file)) throw new Error(`docs index: the index command succeeded but ${file} was not written. Log: ${logFile}`);
  const seconds = (Date.now() - started) / 1000;
  bedLog(`docs index built in ${seconds.toFixed(1)} s (${file})`);
  return { file, seconds };
}

function runNodeTest(files: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const concurrency = Math.max(1, Number(process.env.PREFECT_TEST_CONCURRENCY ?? 2) || 2);
  const timeout = Math.max(1_000, Number(process.env.PREFECT_TEST_TIMEOUT ?? 1_800_000) || 1_800_000);
  const args = ['--test', `--test-concurrency=${concurrency}`, `--test-timeout=${timeout}`, '--test-force-exit', ...files];
  bedLog(`node --test: ${files.length} file(s), concurrency ${concurrency}`);
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env, cwd: packageRoot });
    trackChild(child);
    child.on('error', (error) => {
      bedLog(`could not start node --test: ${error.message}`);
      resolvePromise(1);
    });
    child.on('close', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const only = patterns();
  const files = collectTestFiles(only);
  if (files.length === 0) {
    bedLog(`no test files match ${only.join(', ')}`);
    return 1;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'prefect-mcp-bed-'));
  mkdirSync(join(tmp, 'empty-prefect-home'));
  bedLog(`temp dir ${tmp}`);
  const timings: Record<string, number> = {};
  let server: PrefectServer | undefined;
  let code = 1;
  try {
    let t = Date.now();
    // The server version matrix (bench/server-matrix.ts) runs the suite against other pinned releases.
    const venv = await ensureVenv({ prefectVersion: process.env.PREFECT_TEST_SERVER_VERSION || undefined });
    timings.venv = (Date.now() - t) / 1000;

    t = Date.now();
    server = await startPrefectServer({ venv, tmpDir: tmp });
    timings.server = server.startupSeconds;

    // Seeding (Python) and the docs index (Node) run side by side.
    const docsPromise: Promise<DocsIndex> = buildDocsIndex(tmp).catch((error: Error) => {
      if (only.length === 0) throw error;
      bedLog(`WARNING: ${error.message}\n[test-bed] subset run: going on without a docs index; tests that need it will fail`);
      return { file: join(tmp, 'docs.sqlite'), error: error.message };
    });
    const [seed, docs] = await Promise.all([seedServer({ venv, apiUrl: server.apiUrl, tmpDir: tmp, serverHome: server.home }), docsPromise]);
    timings.seed = seed.seconds;
    if (docs.seconds !== undefined) timings.docsIndex = docs.seconds;
    bedLog(`ready: ${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);

    const env: NodeJS.ProcessEnv = {
      ...envWithoutPrefect(),
      PREFECT_TEST_API_URL: server.apiUrl,
      PREFECT_TEST_SEED_FILE: seed.manifestFile,
      PREFECT_TEST_DOCS_DB: docs.file,
      PREFECT_TEST_VENV: venv.dir,
      PREFECT_TEST_TMP: tmp,
      // Test processes never see the developer's Prefect profile.
      PREFECT_HOME: join(tmp, 'empty-prefect-home'),
      PREFECT_MCP_DOCS_AUTOBUILD: '0',
    };
    if (docs.error) env.PREFECT_TEST_DOCS_DB_ERROR = docs.error;
    code = await runNodeTest(files, env);
  } catch (error) {
    bedLog(`FAILED: ${(error as Error).message}`);
    code = 1;
  } finally {
    if (server) {
      await server.stop();
      bedLog('prefect server stopped');
    }
    if (code === 0 && !process.env.PREFECT_TEST_KEEP) rmSync(tmp, { recursive: true, force: true });
    else bedLog(`kept ${tmp} (server log, seed.json, docs index)`);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    bedLog(`FAILED: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
