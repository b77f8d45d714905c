/**
 * The test bed's Python: a project-local virtualenv (`.venv/`, gitignored) holding a pinned Prefect.
 *
 * Idempotent: when `.venv` already satisfies every requirement (checked through package metadata,
 * ~0.1 s, instead of importing prefect) nothing is installed. Otherwise the venv is created with
 * `python3 -m venv` (or repaired) and the requirements are installed with its own pip.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { bedLog, tail } from './util.js';

export const PREFECT_VERSION = '3.8.8';

/**
 * What the venv must hold. prefect 3.8.8 allows `fastapi<1.0.0,>=0.139.0`, but FastAPI 0.151 changed how a
 * JSON `null` for a body field with a default is validated (it is no longer treated as "absent"), so the
 * Prefect 3.8.8 client's `{"limit": null, "sort": null}` bodies get 422s, and FastAPI 0.155 dropped the
 * `min_items=` keyword the 3.8.8 server passes to `Body()`, so `prefect server start` cannot even import.
 * Pinning FastAPI below 0.151 gives the combination Prefect 3.8.8 was released against.
 */
export const VENV_REQUIREMENTS: readonly string[] = [`prefect==${PREFECT_VERSION}`, 'fastapi>=0.139,<0.151'];

export interface Venv {
  /** The virtualenv folder. */
  dir: string;
  /** Its python executable. */
  python: string;
  /** Its `prefect` CLI. */
  prefect: string;
  /** Installed Prefect version. */
  prefectVersion: string;
}

export interface EnsureVenvOptions {
  /** Default: `<projectRoot>/.venv`, or `$PREFECT_TEST_VENV_DIR`. */
  dir?: string;
  /** Interpreter that creates the venv. Default: `$PREFECT_TEST_PYTHON` or `python3`. */
  basePython?: string;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
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

/** Checks, inside the venv's own python, that every requirement is installed at an allowed version. */
const CHECK_SCRIPT = `
import json, sys
from importlib.metadata import version, PackageNotFoundError
from packaging.requirements import Requirement
out = {}
for spec in sys.argv[1:]:
    req = Requirement(spec)
    try:
        v = version(req.name)
    except PackageNotFoundError:
        out[req.name] = {"version": None, "ok": False}
        continue
    out[req.name] = {"version": v, "ok": req.specifier.contains(v, prereleases=True)}
print(json.dumps(out))
`;

interface CheckResult {
  ok: boolean;
  detail: string;
  prefectVersion?: string;
}

async function check(python: string): Promise<CheckResult> {
  if (!existsSync(python)) return { ok: false, detail: `${python} does not exist` };
  const result = await run(python, ['-c', CHECK_SCRIPT, ...VENV_REQUIREMENTS], 30_000);
  if (result.code !== 0) return { ok: false, detail: `requirement check failed: ${tail(result.stderr, 5)}` };
  const found = JSON.parse(result.stdout) as Record<string, { version: string | null; ok: boolean }>;
  const bad = Object.entries(found).filter(([, v]) => !v.ok);
  return {
    ok: bad.length === 0,
    detail: bad.map(([name, v]) => `${name} ${v.version ?? 'missing'}`).join(', '),
    prefectVersion: found.prefect?.version ?? undefined,
  };
}

/** Ensure `.venv` exists with the pinned Prefect; returns its paths. Throws with pip's output tail on failure. */
export async function ensureVenv(options: EnsureVenvOptions = {}): Promise<Venv> {
  const dir = options.dir ?? process.env.PREFECT_TEST_VENV_DIR ?? join(packageRoot, '.venv');
  const python = join(dir, 'bin', 'python');
  const prefect = join(dir, 'bin', 'prefect');
  const started = Date.now();

  let state = await check(python);
  if (!state.ok) {
    bedLog(`venv ${dir}: ${state.detail || 'needs setup'}; installing ${VENV_REQUIREMENTS.join(' ')}`);
    const basePython = options.basePython ?? process.env.PREFECT_TEST_PYTHON ?? 'python3';
    const pythonWorks = existsSync(python) && (await run(python, ['-c', 'import sys'], 30_000)).code === 0;
    if (!pythonWorks) {
      rmSync(dir, { recursive: true, force: true });
      const created = await run(basePython, ['-m', 'venv', dir], 120_000);
      if (created.code !== 0) {
        throw new Error(`test bed: \`${basePython} -m venv ${dir}\` failed (exit ${created.code}):\n${tail(created.stderr + created.stdout, 20)}`);
      }
    }
    const pip = await run(
      python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', ...VENV_REQUIREMENTS],
      900_000,
      { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' },
    );
    if (pip.code !== 0) {
      throw new Error(`test bed: pip install ${VENV_REQUIREMENTS.join(' ')} failed (exit ${pip.code}):\n${tail(pip.stderr + pip.stdout, 30)}`);
    }
    state = await check(python);
    if (!state.ok) throw new Error(`test bed: after pip install, the venv still does not satisfy the requirements: ${state.detail}`);
    bedLog(`venv ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (!existsSync(prefect)) throw new Error(`test bed: ${prefect} is missing although prefect is installed; delete ${dir} and retry`);
  return { dir, python, prefect, prefectVersion: state.prefectVersion ?? PREFECT_VERSION };
}
