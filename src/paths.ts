/** Locations inside the installed package, independent of the caller's working directory. */
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
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
 * Where the server keeps an index it refreshed itself when the package's own data/ folder
 * is not writable (a global or system install): the user's cache folder.
 */
export function userDocsDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'prefect-mcp', 'prefect-docs.sqlite');
}

/** A prefect-mcp command line that works as printed, in a clone and in an installed package (no PATH needed). */
export function cliCommand(args: string): string {
  const bin = join(packageRoot, 'dist', 'bin', 'prefect-mcp.js');
  return `node ${/[\s"'$`\\]/.test(bin) ? JSON.stringify(bin) : bin} ${args}`;
}
