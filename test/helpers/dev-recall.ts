/**
 * Dev-set Recall@5 of a docs store: the share of dev questions whose grade-3 page is among
 * the top 5 pages search_docs ranks, compared by page path (URLs differ per host). The
 * site-parity test and benchmark compare a store built from the live site's shapes with
 * the one built from the local checkout.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { DocsService } from '../../src/docs/service.js';
import { packageRoot } from '../../src/paths.js';

export const DEV_QUESTIONS = resolve(packageRoot, '..', 'shared', 'eval', 'dev-docs-questions.jsonl');

export interface DevRecall {
  recall: number;
  questions: number;
  /** The queries whose grade-3 page is not in the top 5. */
  missed: string[];
}

export function recallAt5(dbPath: string, questionsFile = DEV_QUESTIONS): DevRecall {
  const questions = readFileSync(questionsFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { query: string; relevant: Array<{ path: string; grade: number }> });
  const config = resolveConfig({ env: { ...process.env, PREFECT_MCP_DOCS_DB: dbPath, PREFECT_MCP_DOCS_AUTOBUILD: '0' } });
  const docs = new DocsService(config.docs);
  const strip = (path: string) => path.replace(/\/index$/, '');
  const missed: string[] = [];
  for (const question of questions) {
    const expected = question.relevant.find((item) => item.grade === 3)?.path;
    const hits = docs.search(question.query, { limit: 5 }) ?? [];
    if (!expected || !hits.some((hit) => strip(hit.path) === strip(expected))) missed.push(question.query);
  }
  const found = questions.length - missed.length;
  return { recall: Math.round((found / Math.max(1, questions.length)) * 1000) / 1000, questions: questions.length, missed };
}
