/** Our docs index, built by the real CLI from the local docs checkout and timed (it is one of the figures). */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { CLI_PATH } from '../test/helpers/mcp.js';
import { tail } from '../test/bed/util.js';

const run = promisify(execFile);

export interface DocsIndexBuild {
  file: string;
  seconds: number;
  /** The CLI's closing summary lines (pages, chunks, CLI commands). */
  summary: string[];
}

export async function buildDocsIndex(source: string, out: string, env: Record<string, string>): Promise<DocsIndexBuild> {
  if (!existsSync(source)) throw new Error(`docs source ${source} is missing (../shared/prefect-docs beside the project)`);
  const started = performance.now();
  try {
    const { stderr } = await run(process.execPath, [CLI_PATH, 'index', '--source', source, '--out', out], { env, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    return { file: out, seconds: Math.round(seconds * 10) / 10, summary: tail(stderr, 3).split('\n').map((line) => line.replace(/^index: /, '')) };
  } catch (error) {
    const output = error as { stderr?: string; message: string };
    throw new Error(`docs index build failed: ${tail(output.stderr || output.message, 10)}`);
  }
}
