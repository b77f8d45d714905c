/** Where the shared docs snapshot lives, and a reader for stores the tests build. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { packageRoot } from '../../src/paths.js';

export const CORPUS = resolve(packageRoot, '..', 'shared', 'prefect-docs');

if (!existsSync(resolve(CORPUS, 'docs.json'))) {
  throw new Error(`the docs snapshot is missing: expected ${CORPUS}/docs.json`);
}

export function openStore(path: string): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true });
}
