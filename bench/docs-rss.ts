/**
 * The bench's "docs index loaded" peak RSS alone (the search_docs session of bench/run.ts),
 * without the rest of the bench: `node dist/bench/docs-rss.js --db <docs.sqlite> [--runs N] [--passes N] [--server <bundle>]`
 * (`--server`: another build of dist/bin/prefect-mcp.js, for an A/B comparison).
 * Each run serves a fresh copy of the store, so a store without a search cache is measured as
 * the bench measures a freshly built one (the server loads the JSON index and saves the cache).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchOurSearch } from './docs-side.js';
import { EVAL_FILES, readQuestions } from './retrieval-eval.js';
import { ourSpec } from './servers.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string', default: '3' }, passes: { type: 'string', default: '5' }, server: { type: 'string' } } });
if (!values.db) throw new Error('usage: docs-rss --db <docs.sqlite> [--runs N] [--passes N]');
const questions = EVAL_FILES.flatMap(readQuestions).map((question) => question.query);
for (let run = 0; run < Number(values.runs); run++) {
  const dir = mkdtempSync(join(tmpdir(), 'prefect-mcp-docs-rss-'));
  try {
    const db = join(dir, 'docs.sqlite');
    copyFileSync(values.db, db);
    // No Prefect server: the session calls search_docs only.
    const spec = ourSpec({ apiUrl: 'http://127.0.0.1:9/api', emptyDir: dir, benchVenv: '' }, db);
    if (values.server) spec.args = [values.server];
    const result = await benchOurSearch(spec, questions, Number(values.passes));
    const load = loadavg().map((value) => value.toFixed(2)).join(' ');
    console.log(`run ${run + 1}: peak RSS ${result.peakRssMib} MiB; search p50 ${result.searchMs.median} ms, p95 ${result.searchMs.p95} ms; ${result.errors} errors; load average ${load}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
