/** Locations inside the installed package, independent of the caller's working directory. */
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
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
