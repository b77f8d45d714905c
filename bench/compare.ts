/**
 * `node dist/bench/compare.js [--quick]`: only the three-way comparison (bench/three-way.ts), with the same setup as
 * `npm run bench` (test-bed venv, official server's bench venv, community venv, a seeded Prefect server). Prints the
 * section as it appears in bench/RESULTS.md and writes nothing into the repository; the full bench renders the same
 * section into RESULTS.md.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERSION } from '../src/version.js';
import { startPrefectServer, type PrefectServer } from '../test/bed/prefect-server.js';
import { seedServer } from '../test/bed/seed.js';
import { ensureVenv } from '../test/bed/venv.js';
import { ensureBenchVenv } from './bench-venv.js';
import { COMMUNITY_VERSION, ensureCommunityVenv } from './community-venv.js';
import { communitySpec, ourSpec, theirSpec, type BenchEnv } from './servers.js';
import { benchThreeWay } from './three-way.js';
import { renderThreeWay } from './three-way-report.js';

const QUICK = process.argv.includes('--quick');

function progress(line: string): void {
  process.stderr.write(`[compare] ${line}\n`);
}

const tmp = mkdtempSync(join(tmpdir(), 'prefect-mcp-compare-'));
const emptyDir = join(tmp, 'empty');
mkdirSync(emptyDir);
let prefect: PrefectServer | undefined;
try {
  const [venv, benchVenv, community] = await Promise.all([ensureVenv(), ensureBenchVenv(), ensureCommunityVenv()]);
  prefect = await startPrefectServer({ venv, tmpDir: tmp });
  const seed = await seedServer({ venv, apiUrl: prefect.apiUrl, tmpDir: tmp, serverHome: prefect.home });
  const env: BenchEnv = { apiUrl: prefect.apiUrl, emptyDir, benchVenv: benchVenv.dir };
  const result = await benchThreeWay(
    { ours: ourSpec(env), official: theirSpec(env), community: communitySpec(env, community.dir) },
    { ours: VERSION, official: benchVenv.packages['prefect-mcp'] ?? null, community: COMMUNITY_VERSION },
    seed.manifest,
    prefect.apiUrl,
    QUICK ? { coldStartRuns: 2, callsPerQuestion: 2 } : { coldStartRuns: 7, callsPerQuestion: 10 },
    progress,
  );
  process.stdout.write(renderThreeWay(result).join('\n') + '\n');
} finally {
  await prefect?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
