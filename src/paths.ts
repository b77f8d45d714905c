/** Locations inside the installed package, independent of the caller's working directory. */
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder above this module that holds package.json (works from src/ and dist/src/). */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('prefect-mcp: cannot find package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
})();

export function defaultDocsDbPath(): string {
  return resolve(packageRoot, 'data', 'prefect-docs.sqlite');
}

/**
 * The user-writable cache folder: PREFECT_MCP_CACHE_DIR, else $XDG_CACHE_HOME/prefect-mcp, else
 * ~/.cache/prefect-mcp. It holds the installed CLI's introspected tree and, when the package's own
 * data/ folder is not writable (a global or system install), the docs index the server refreshed.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PREFECT_MCP_CACHE_DIR) return env.PREFECT_MCP_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir() || tmpdir(), '.cache'), 'prefect-mcp');
}

/** A prefect-mcp command line that works as printed, in a clone and in an installed package (no PATH needed). */
export function cliCommand(args: string): string {
  const bin = join(packageRoot, 'dist', 'bin', 'prefect-mcp.js');
  return `node ${/[\s"'$`\\]/.test(bin) ? JSON.stringify(bin) : bin} ${args}`;
}
