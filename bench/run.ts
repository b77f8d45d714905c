/**
 * `npm run bench`: prefect-mcp side by side with Prefect's official Python MCP server (and, in the
 * three-way section, the community prefect-mcp-server), on the same seeded real Prefect server, in
 * one run. Writes bench/results.json and bench/RESULTS.md and prints the figures.
 *
 *   node dist/bench/run.js [--quick]     --quick: a few runs of each section, to check the harness
 *   node dist/bench/compare.js [--quick] only the three-way comparison, printed
 *
 * Setup comes from the test bed (its venv, `prefect server start`, the seed fixtures); the official
 * server lives in `.venv-bench/`. Sections run one after another, never beside each other, so no
 * section's figures carry another's CPU load; a section that fails is recorded as not produced and
 * the rest go on. Everything is loopback; every loop is bounded by a count or a deadline.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packageRoot } from '../src/paths.js';
import { VERSION } from '../src/version.js';
import { startPrefectServer, type PrefectServer } from '../test/bed/prefect-server.js';
import { seedServer } from '../test/bed/seed.js';
import { ensureVenv } from '../test/bed/venv.js';
import { serverEnv } from '../test/helpers/mcp.js';
import { benchApiTools } from './api-tools.js';
import { ensureBenchVenv } from './bench-venv.js';
import { benchCli } from './cli-bench.js';
import { benchColdStart } from './cold-start.js';
import { benchDocsEval } from './docs-eval.js';
import { buildDocsIndex } from './docs-index.js';
import { benchIndexer } from './indexer.js';
import { benchRetrieval, EVAL_FILES, readQuestions } from './retrieval-eval.js';
import { benchSiteParity } from './site-parity.js';
import { benchOurSearch, benchTheirOfflineDocs } from './docs-side.js';
import { benchHardening } from './hardening.js';
import { benchHttpLoad } from './http-load.js';
import { currentLoad, machineInfo } from './machine.js';
import { apiQuestions } from './questions.js';
import { renderMarkdown, renderSummary } from './report.js';
import { judgeTargets, type BenchResults, type Section } from './results.js';
import { communitySpec, ourSpec, theirSpec, type BenchEnv } from './servers.js';
import { COMMUNITY_VERSION, ensureCommunityVenv } from './community-venv.js';
import { benchThreeWay } from './three-way.js';

const QUICK = process.argv.includes('--quick');
const SETTINGS = QUICK
  ? { coldStartRuns: 2, callsPerTool: 5, searchPasses: 1, httpConcurrency: [4], httpSeconds: 2, fuzzCalls: 200, threeWayCalls: 2 }
  : { coldStartRuns: 7, callsPerTool: 50, searchPasses: 5, httpConcurrency: [8, 32], httpSeconds: 10, fuzzCalls: 10_000, threeWayCalls: 10 };
const DOCS_SOURCE = resolve(packageRoot, '..', 'shared', 'prefect-docs');
const OUT_DIR = join(packageRoot, 'bench');

function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** Run one section; a failure becomes `{ notProduced: why }` instead of ending the run. */
async function section<T>(name: string, body: () => Promise<T>): Promise<Section<T>> {
  const started = performance.now();
  progress(`${name}...`);
  try {
    const result = await body();
    progress(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    const why = (error as Error).message.split('\n').slice(0, 3).join(' ');
    progress(`${name} NOT PRODUCED: ${why}`);
    return { notProduced: why };
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = machineInfo();
  const tmp = mkdtempSync(join(tmpdir(), 'prefect-mcp-bench-'));
  const emptyDir = join(tmp, 'empty');
  mkdirSync(emptyDir);
  let prefect: PrefectServer | undefined;
  try {
    progress(`setup in ${tmp}: test bed venv, bench venv, Prefect server, seed`);
    const [venv, benchVenv] = await Promise.all([ensureVenv(), ensureBenchVenv()]);
    prefect = await startPrefectServer({ venv, tmpDir: tmp });
    const seed = await seedServer({ venv, apiUrl: prefect.apiUrl, tmpDir: tmp, serverHome: prefect.home });
    const env: BenchEnv = { apiUrl: prefect.apiUrl, emptyDir, benchVenv: benchVenv.dir };

    // Built alone, with nothing else running: the build time is one of the figures.
    const indexBuild = await section('docs index build', () => buildDocsIndex(DOCS_SOURCE, join(tmp, 'docs.sqlite'), serverEnv({ PREFECT_HOME: emptyDir })));
    const docsDb = 'file' in indexBuild ? indexBuild.file : undefined;
    const specs = { ours: ourSpec(env), theirs: theirSpec(env) };
    // Latency over stdio on both dev sets: the real users' questions are longer than the docs-shaped ones.
    const questions = EVAL_FILES.flatMap(readQuestions).map((question) => question.query);

    const coldStart = await section('cold start', () => benchColdStart(specs, SETTINGS.coldStartRuns, progress));
    const apiTools = await section('API tools', () => benchApiTools(specs, apiQuestions(seed.manifest), SETTINGS.callsPerTool, progress));
    const search = await section('our search_docs', async () => {
      if (!docsDb) throw new Error('no docs index (its build failed)');
      return benchOurSearch(ourSpec(env, docsDb), questions, SETTINGS.searchPasses);
    });
    const theirsOffline = await section('their docs offline', () => benchTheirOfflineDocs((docsUrl) => theirSpec(env, docsUrl)));
    const flowRunsCall = apiQuestions(seed.manifest)[0]!.calls.ours;
    const httpLoad = await section('HTTP load', async () => {
      if (!docsDb) throw new Error('no docs index (its build failed)');
      return benchHttpLoad(
        ourSpec(env, docsDb).env,
        [
          { tool: 'search_docs', callFor: (i) => ({ name: 'search_docs', arguments: { query: questions[i % questions.length]! } }) },
          { tool: 'get_flow_runs', callFor: () => flowRunsCall },
        ],
        SETTINGS.httpConcurrency,
        SETTINGS.httpSeconds,
        progress,
      );
    });
    const indexer = await section('indexer benchmark (bench/indexer.ts)', benchIndexer);
    const hardening = await section('hardening: write faults and fuzz (bench/hardening.ts)', () =>
      benchHardening(ourSpec(env, docsDb).env, SETTINGS.fuzzCalls, progress),
    );
    // After every section that reads the seeded server: its write calls cancel a run and create runs.
    const threeWay = await section('three-way comparison with the community server (bench/three-way.ts)', async () => {
      const community = await ensureCommunityVenv();
      return benchThreeWay(
        { ours: ourSpec(env), official: theirSpec(env), community: communitySpec(env, community.dir) },
        { ours: VERSION, official: benchVenv.packages['prefect-mcp'] ?? null, community: COMMUNITY_VERSION },
        seed.manifest,
        env.apiUrl,
        { coldStartRuns: SETTINGS.coldStartRuns, callsPerQuestion: SETTINGS.threeWayCalls },
        progress,
      );
    });
    const retrieval = await section('retrieval per eval file and intent (bench/retrieval-eval.ts)', async () => {
      if (!docsDb) throw new Error('no docs index (its build failed)');
      return await benchRetrieval(docsDb, { source: DOCS_SOURCE });
    });
    const cli = await section('CLI tools (bench/cli-bench.ts)', async () => {
      if (!docsDb) throw new Error('no docs index (its build failed)');
      return benchCli(docsDb, venv.prefect, QUICK ? 1 : 5);
    });
    const siteParity = await section('live-site parity (bench/site-parity.ts)', () => benchSiteParity(docsDb));
    // Last: its CLI coverage walk runs ~180 `prefect --help` processes.
    const docsEval = await section('docs retrieval eval (bench/docs-eval.ts)', async () => {
      if (!docsDb) throw new Error('no docs index (its build failed)');
      return (await benchDocsEval(docsDb, { prefectBin: venv.prefect })) as unknown as Record<string, unknown>;
    });

    const results: BenchResults = {
      machine: { ...machine, loadAverage: { ...machine.loadAverage, end: currentLoad() }, python: benchVenv.pythonVersion },
      versions: {
        prefectServer: seed.manifest.prefectVersion ?? venv.prefectVersion,
        ours: VERSION,
        theirs: benchVenv.packages['prefect-mcp'] ?? null,
        fastmcp: benchVenv.packages.fastmcp ?? null,
        mcpPython: benchVenv.packages.mcp ?? null,
      },
      settings: SETTINGS,
      setup: { prefectServerStartupS: Math.round(prefect.startupSeconds * 10) / 10, seedS: Math.round(seed.seconds * 10) / 10 },
      coldStart,
      apiTools,
      docs: { ours: { indexBuild, search }, theirsOffline },
      httpLoad,
      indexer,
      hardening,
      threeWay,
      retrieval,
      siteParity,
      docsEval,
      cli,
      targets: [],
    };
    results.targets = judgeTargets(results);
    results.totalSeconds = Math.round((performance.now() - started) / 1000);
    const suffix = QUICK ? '.quick' : '';
    writeFileSync(join(OUT_DIR, `results${suffix}.json`), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(join(OUT_DIR, `RESULTS${suffix}.md`), renderMarkdown(results));
    process.stdout.write(renderSummary(results));
    progress(`wrote bench/results${suffix}.json and bench/RESULTS${suffix}.md in ${results.totalSeconds} s`);
  } finally {
    await prefect?.stop();
    if (process.env.BENCH_KEEP !== '1') rmSync(tmp, { recursive: true, force: true });
    else progress(`kept ${tmp}`);
  }
}

main().catch((error: unknown) => {
  progress(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
