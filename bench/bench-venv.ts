/**
 * The bench virtualenv `.venv-bench/` (gitignored) holding Prefect's official MCP server, kept
 * apart from the test bed's `.venv` so its dependencies (fastmcp, mcp) never touch the bed.
 * Pins: prefect-mcp's latest release is a pre-release; it needs prefect>=3.4.22, and we pin the
 * bed's Prefect 3.8.8 with the FastAPI that release works with (newer FastAPI breaks its server).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../src/paths.js';
import { bedLog, tail } from '../test/bed/util.js';

const run = promisify(execFile);

export const BENCH_VENV = join(packageRoot, '.venv-bench');
const PINS: Record<string, string> = { 'prefect-mcp': '0.0.1b13', prefect: '3.8.8', fastapi: '0.139.2' };

export interface BenchVenv {
  dir: string;
  python: string;
  pythonVersion: string;
  /** Installed versions of prefect-mcp, fastmcp, mcp, prefect, fastapi. */
  packages: Record<string, string | null>;
}

const VERSIONS_SCRIPT = `
import json, platform
from importlib.metadata import version, PackageNotFoundError
def v(name):
    try:
        return version(name)
    except PackageNotFoundError:
        return None
print(json.dumps({"python": platform.python_version(), "packages": {n: v(n) for n in ["prefect-mcp", "fastmcp", "mcp", "prefect", "fastapi"]}}))
`;

async function inspect(python: string): Promise<{ python: string; packages: Record<string, string | null> } | null> {
  if (!existsSync(python)) return null;
  try {
    return JSON.parse((await run(python, ['-c', VERSIONS_SCRIPT], { timeout: 60_000 })).stdout) as { python: string; packages: Record<string, string | null> };
  } catch {
    return null;
  }
}

export async function ensureBenchVenv(): Promise<BenchVenv> {
  const python = join(BENCH_VENV, 'bin', 'python');
  let found = await inspect(python);
  const pinned = (state: typeof found) => state !== null && Object.entries(PINS).every(([name, version]) => state.packages[name] === version);
  if (!pinned(found)) {
    const requirements = Object.entries(PINS).map(([name, version]) => `${name}==${version}`);
    bedLog(`bench venv ${BENCH_VENV}: installing ${requirements.join(' ')}`);
    try {
      if (!found) await run(process.env.PREFECT_TEST_PYTHON ?? 'python3', ['-m', 'venv', BENCH_VENV], { timeout: 120_000 });
      await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', ...requirements], { timeout: 900_000, maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const output = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`bench venv: installing ${requirements.join(' ')} failed: ${tail(`${output.stderr ?? ''}${output.stdout ?? ''}` || output.message, 20)}`);
    }
    found = await inspect(python);
    if (!pinned(found)) throw new Error(`bench venv: after pip install the versions are ${JSON.stringify(found?.packages)}, expected ${JSON.stringify(PINS)}`);
  }
  return { dir: BENCH_VENV, python, pythonVersion: found!.python, packages: found!.packages };
}
