/**
 * The test bed's Python: cached, project-local virtualenvs, one per pinned requirements file.
 *
 * Every venv installs from a committed, fully pinned file (`test/bed/requirements/<name>.txt`, a `pip freeze`):
 * an unpinned transitive release (SQLAlchemy 2.1, FastAPI 0.151) can break a Prefect server, so the resolver
 * never gets a choice. A venv is ready when its marker holds the hash of the file it was built from; then
 * nothing is spawned. Otherwise it is rebuilt from scratch under a lock, so test runs in several worktrees
 * sharing one cache root (`PREFECT_TEST_VENV_ROOT`) never install into the same folder at once.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { bedLog, sleep, tail } from './util.js';

/** The Prefect version the suite runs against (CI); others are in `requirements/` for the version matrices. */
export const PREFECT_VERSION = '3.8.8';

const REQUIREMENTS_DIR = join(packageRoot, 'test', 'bed', 'requirements');
const MARKER = '.requirements.sha256';
/** A lock older than this is taken to belong to a killed run. */
const STALE_LOCK_MS = 30 * 60_000;

export interface Venv {
  /** The virtualenv folder. */
  dir: string;
  /** Its python executable. */
  python: string;
  /** Its `prefect` CLI (absent in venvs without Prefect). */
  prefect: string;
  /** Installed Prefect version, or '' when the venv has no Prefect. */
  prefectVersion: string;
}

export interface EnsureVenvOptions {
  /** Which Prefect release (its file is `requirements/prefect-<version>.txt`). Default: PREFECT_VERSION. */
  prefectVersion?: string;
  /** Another pinned file in `requirements/` by name (without `.txt`), for venvs that are not a Prefect release. */
  requirements?: string;
  /** Cache root. Default: `$PREFECT_TEST_VENV_ROOT`, else `<projectRoot>/.venv`. */
  root?: string;
  /** Interpreter that creates the venv. Default: `$PREFECT_TEST_PYTHON` or `python3`. */
  basePython?: string;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: stderr + String(error) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The pinned version of one package in a requirements file, or '' when it is not listed. */
function pinnedVersion(requirementsText: string, name: string): string {
  const line = requirementsText.split('\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}==`));
  return line ? line.split('==')[1].trim() : '';
}

async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      const age = existsSync(lockDir) ? Date.now() - statSync(lockDir).mtimeMs : 0;
      if (age > STALE_LOCK_MS) {
        bedLog(`removing stale venv lock ${lockDir}`);
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      await sleep(2_000);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Ensure the venv for a pinned requirements file exists and is current; returns its paths. Throws with pip's output tail on failure. */
export async function ensureVenv(options: EnsureVenvOptions = {}): Promise<Venv> {
  const name = options.requirements ?? `prefect-${options.prefectVersion ?? PREFECT_VERSION}`;
  const file = join(REQUIREMENTS_DIR, `${name}.txt`);
  if (!existsSync(file)) throw new Error(`test bed: no pinned requirements file ${file}`);
  const text = readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(text).digest('hex');
  const root = options.root ?? process.env.PREFECT_TEST_VENV_ROOT ?? join(packageRoot, '.venv');
  const dir = join(root, name);
  const python = join(dir, 'bin', 'python');
  const venv: Venv = { dir, python, prefect: join(dir, 'bin', 'prefect'), prefectVersion: pinnedVersion(text, 'prefect') };
  const ready = () => existsSync(python) && existsSync(join(dir, MARKER)) && readFileSync(join(dir, MARKER), 'utf8') === hash;
  if (ready()) return venv;

  mkdirSync(root, { recursive: true });
  await withLock(`${dir}.lock`, async () => {
    if (ready()) return; // another run built it while we waited
    const started = Date.now();
    bedLog(`venv ${dir}: installing ${name}.txt (pinned)`);
    rmSync(dir, { recursive: true, force: true });
    const basePython = options.basePython ?? process.env.PREFECT_TEST_PYTHON ?? 'python3';
    const created = await run(basePython, ['-m', 'venv', dir], 180_000);
    if (created.code !== 0) throw new Error(`test bed: \`${basePython} -m venv ${dir}\` failed (exit ${created.code}):\n${tail(created.stderr + created.stdout, 20)}`);
    const pip = await run(python, ['-m', 'pip', 'install', '--quiet', '-r', file], 1_800_000);
    if (pip.code !== 0) throw new Error(`test bed: pip install -r ${file} failed (exit ${pip.code}):\n${tail(pip.stderr + pip.stdout, 30)}`);
    writeFileSync(join(dir, MARKER), hash);
    bedLog(`venv ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
  if (venv.prefectVersion && !existsSync(venv.prefect)) throw new Error(`test bed: ${venv.prefect} is missing although prefect is pinned; delete ${dir} and retry`);
  return venv;
}
