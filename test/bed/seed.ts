/**
 * Seed a bed server by running the real Python seeder (test/fixtures/seed.py) with the venv's python.
 * Everything runs in one Python process (importing prefect is the slow part). Its output goes to
 * `<tmpDir>/seed.log`; progress lines (`[seed +Ns] ...`) are echoed to stderr.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import type { SeedManifest } from './seed-manifest.js';
import { bedLog, envWithoutPrefect, fileTail, trackChild } from './util.js';
import type { Venv } from './venv.js';

export interface SeedResult {
  manifest: SeedManifest;
  manifestFile: string;
  logFile: string;
  seconds: number;
}

export interface SeedOptions {
  venv: Venv;
  apiUrl: string;
  tmpDir: string;
  /** The bed server's PREFECT_HOME: the seeder backdates the stuck runs in its database. */
  serverHome: string;
  /** Default 180 s. */
  timeoutMs?: number;
}

export const SEED_SCRIPT = join(packageRoot, 'test', 'fixtures', 'seed.py');

export async function seedServer(options: SeedOptions): Promise<SeedResult> {
  const manifestFile = join(options.tmpDir, 'seed.json');
  const logFile = join(options.tmpDir, 'seed.log');
  const home = join(options.tmpDir, 'seed-home');
  mkdirSync(home, { recursive: true });
  const started = Date.now();
  const log = createWriteStream(logFile);

  const child = spawn(options.venv.python, [SEED_SCRIPT, manifestFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: packageRoot,
    env: {
      ...envWithoutPrefect(),
      PREFECT_API_URL: options.apiUrl,
      PREFECT_HOME: home,
      SEED_SERVER_DATABASE: join(options.serverHome, 'prefect.db'),
      PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1', // no __pycache__ in test/fixtures
    },
  });
  trackChild(child);
  child.stdout.pipe(log, { end: false });
  let pending = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    log.write(chunk);
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('[seed ')) process.stderr.write(`[test-bed] ${line}\n`);
  });

  const timeoutMs = options.timeoutMs ?? 180_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      log.write(`spawn error: ${String(error)}\n`);
      resolve(-1);
    });
    child.on('close', resolve);
  });
  clearTimeout(timer);
  await new Promise<void>((resolve) => log.end(resolve));

  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) {
    const why = timedOut ? `timed out after ${timeoutMs / 1000} s` : `exited with code ${code}`;
    throw new Error(`test bed: seeding (${SEED_SCRIPT}) ${why}. Last lines of ${logFile}:\n${fileTail(logFile, 40)}`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as SeedManifest;
  if (manifest.version !== 1) throw new Error(`test bed: ${manifestFile} has version ${String(manifest.version)}, expected 1`);
  bedLog(`seeded in ${seconds.toFixed(1)} s (manifest: ${manifestFile})`);
  return { manifest, manifestFile, logFile, seconds };
}
